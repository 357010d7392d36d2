"""The roster's pages, a module per part: the list and person forms, the case file and its
tabs, the changes made from the tabs, transfers, contact cards, the import and the export.

The public names are re-exported here; import them from ``guanai.registry.views``.
"""

from guanai.registry.views.calls import contact_call
from guanai.registry.views.cards import contact_cards
from guanai.registry.views.export import roster_export_view
from guanai.registry.views.file import (
    TABS,
    categories_tab,
    family_tab,
    file_url,
    links_for,
    panels_for,
    person_detail,
    person_reveal,
    tab_links,
)
from guanai.registry.views.file_edits import (
    category_add,
    category_edit,
    category_end,
    contact_add,
    contact_edit,
    contact_remove,
    guardianship_assess,
)
from guanai.registry.views.imports import (
    roster_import_commit,
    roster_import_errors,
    roster_import_page,
    roster_import_progress,
    roster_import_result,
    roster_template,
)
from guanai.registry.views.persons import (
    person_archive,
    person_consent,
    person_create,
    person_edit,
    person_list,
)
from guanai.registry.views.purpose import purpose_page
from guanai.registry.views.transfers import person_transfer, transfer_decide, transfer_list

__all__ = [
    "TABS",
    "categories_tab",
    "category_add",
    "category_edit",
    "category_end",
    "contact_add",
    "contact_call",
    "contact_cards",
    "contact_edit",
    "contact_remove",
    "family_tab",
    "file_url",
    "guardianship_assess",
    "links_for",
    "panels_for",
    "person_archive",
    "person_consent",
    "person_create",
    "person_detail",
    "person_edit",
    "person_list",
    "person_reveal",
    "person_transfer",
    "purpose_page",
    "roster_export_view",
    "roster_import_commit",
    "roster_import_errors",
    "roster_import_page",
    "roster_import_progress",
    "roster_import_result",
    "roster_template",
    "tab_links",
    "transfer_decide",
    "transfer_list",
]

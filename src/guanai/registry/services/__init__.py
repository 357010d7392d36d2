"""Writes of the roster: register, edit, archive persons; categories, contacts, consent and
transfers. A module per concept; import the public names from ``guanai.registry.services``.
"""

from guanai.registry.services.access import (
    require_open_file,
    require_roster_editor,
)
from guanai.registry.services.categories import (
    category_end,
    category_start,
    category_update_details,
    guardianship_assess,
)
from guanai.registry.services.consents import (
    consent_missing,
    consent_record,
)
from guanai.registry.services.contacts import (
    contact_add,
    contact_remove,
    contact_update,
)
from guanai.registry.services.persons import (
    PERSON_FIELDS,
    PERSON_NOTE_MAX,
    SCHOOLING_DAYS_AHEAD,
    DuplicatePerson,
    PersonData,
    apply_person_data,
    house_condition_set,
    person_archive,
    person_clean,
    person_register,
    person_update,
    person_values,
)
from guanai.registry.services.transfers import (
    transfer_accept,
    transfer_cancel,
    transfer_decline,
    transfer_request,
    transfer_target,
)

__all__ = [
    "PERSON_FIELDS",
    "PERSON_NOTE_MAX",
    "SCHOOLING_DAYS_AHEAD",
    "DuplicatePerson",
    "PersonData",
    "apply_person_data",
    "category_end",
    "category_start",
    "category_update_details",
    "consent_missing",
    "consent_record",
    "contact_add",
    "contact_remove",
    "contact_update",
    "guardianship_assess",
    "house_condition_set",
    "person_archive",
    "person_clean",
    "person_register",
    "person_update",
    "person_values",
    "require_open_file",
    "require_roster_editor",
    "transfer_accept",
    "transfer_cancel",
    "transfer_decline",
    "transfer_request",
    "transfer_target",
]

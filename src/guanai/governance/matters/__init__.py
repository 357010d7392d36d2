"""Practical matters (实事): a unit's yearly list of concrete commitments, each with its
responsible unit and person, a deadline, a target figure where one fits, progress updates
with evidence (text, photos, linked records) and a status (篇六 "每年为未成年人办几件实事").

``services`` writes, ``selectors`` reads (the list, the counts, the panels of the dashboard
and of the unit's page, what a responsible person has due), ``access`` says who reads and
works a matter. Import the public names from here.
"""

from guanai.governance.matters.access import (
    access_matter,
    access_photo,
    can_edit,
    can_reopen,
    can_report,
    matters_visible,
)
from guanai.governance.matters.selectors import (
    Counts,
    MatterRow,
    Panel,
    counts_of,
    is_overdue,
    matter_detail,
    matters_due,
    overdue_q,
    report_panel,
    rows_of,
    unit_matters,
    unit_panel,
)
from guanai.governance.matters.services import (
    PHOTOS_PER_UPDATE,
    MatterData,
    has_evidence,
    link_clean,
    matter_create,
    matter_done,
    matter_drop,
    matter_progress,
    matter_reopen,
    matter_update,
)

__all__ = [
    "PHOTOS_PER_UPDATE",
    "Counts",
    "MatterData",
    "MatterRow",
    "Panel",
    "access_matter",
    "access_photo",
    "can_edit",
    "can_reopen",
    "can_report",
    "counts_of",
    "has_evidence",
    "is_overdue",
    "link_clean",
    "matter_create",
    "matter_detail",
    "matter_done",
    "matter_drop",
    "matter_progress",
    "matter_reopen",
    "matter_update",
    "matters_due",
    "matters_visible",
    "overdue_q",
    "report_panel",
    "rows_of",
    "unit_matters",
    "unit_panel",
]

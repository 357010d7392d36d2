"""Supervision visits and rectifications (督查整改, issue 21 point 4).

An office (a leader or worker of a unit) records its visit to a unit below: who went, what
was checked — a checklist drawn from the data the apps above register
(``governance.extensions.checklist_lines``) and edited — and what was found, each finding
with the rectification required of a unit by a deadline (``services``). The unit reports
what it did with evidence; the office accepts or sends it back (``reporting``). When a
rectification is overdue or on time is decided in one place (``timing``). ``panels`` gives
the unit's page and the reports dashboard their panels.
"""

from guanai.governance.supervision.panels import report_panel, unit_panel
from guanai.governance.supervision.reporting import (
    PHOTOS_PER_REPORT,
    linked_record,
    rectification_accept,
    rectification_report,
    rectification_return,
)
from guanai.governance.supervision.selectors import (
    Overdue,
    days_overdue,
    overdue_on,
    rectification_detail,
    visit_detail,
    visits_search,
)
from guanai.governance.supervision.services import (
    CheckData,
    FindingData,
    VisitData,
    visit_record,
    visit_update,
)

__all__ = [
    "PHOTOS_PER_REPORT",
    "CheckData",
    "FindingData",
    "Overdue",
    "VisitData",
    "days_overdue",
    "linked_record",
    "overdue_on",
    "rectification_accept",
    "rectification_detail",
    "rectification_report",
    "rectification_return",
    "report_panel",
    "unit_panel",
    "visit_detail",
    "visit_record",
    "visit_update",
    "visits_search",
]

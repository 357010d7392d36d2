"""Monthly reports (月报): pre-filled, changed only with a reason, submitted up the tree.

Units of the administrative kinds (prefecture, county, township) report to their parent;
villages, schools and institutions are where the data comes from and report nothing of
their own. The package re-exports its public names; import them from
``guanai.reports.monthly``.
"""

from guanai.core.paging import PAGE_SIZE  # rows per page of the index
from guanai.reports.monthly.access import (
    REVIEW_ROLES,
    access_report,
    access_unit,
    can_fill,
    can_review,
    can_set_deadline,
    index_units,
    may_review,
    reporting_units_for,
    reports_visible,
    require_reader,
)
from guanai.reports.monthly.catalogue import (
    FIGURE_LABELS,
    FIGURES,
    NARRATIVE_LENGTH,
    figure_text,
    flat_figures,
)
from guanai.reports.monthly.deadlines import (
    DEFAULT_DEADLINE_DAY,
    REPORTING_KINDS,
    TIMELINESS_LABELS,
    Overview,
    SubunitRow,
    Timeliness,
    deadline_day,
    deadline_days,
    deadline_of,
    reporting_children,
    reports_up,
    subunit_overview,
    timeliness,
)
from guanai.reports.monthly.prefill import computed_figures, reported_figures
from guanai.reports.monthly.reminders import (
    REMIND_DAYS,
    REMINDERS_SHOWN,
    Reminder,
    Reminders,
    reminders_due,
    reminders_shown,
)
from guanai.reports.monthly.selectors import (
    IndexRow,
    UnitMonth,
    figure_rows,
    index_page,
    unit_month,
)
from guanai.reports.monthly.services import (
    FIGURE_MAXIMUM,
    deadline_set,
    report_accept,
    report_change_figure,
    report_open,
    report_return,
    report_save_narrative,
    report_submit,
)

__all__ = [
    "DEFAULT_DEADLINE_DAY",
    "FIGURES",
    "FIGURE_LABELS",
    "FIGURE_MAXIMUM",
    "NARRATIVE_LENGTH",
    "PAGE_SIZE",
    "REMINDERS_SHOWN",
    "REMIND_DAYS",
    "REPORTING_KINDS",
    "REVIEW_ROLES",
    "TIMELINESS_LABELS",
    "IndexRow",
    "Overview",
    "Reminder",
    "Reminders",
    "SubunitRow",
    "Timeliness",
    "UnitMonth",
    "access_report",
    "access_unit",
    "can_fill",
    "can_review",
    "can_set_deadline",
    "computed_figures",
    "deadline_day",
    "deadline_days",
    "deadline_of",
    "deadline_set",
    "figure_rows",
    "figure_text",
    "flat_figures",
    "index_page",
    "index_units",
    "may_review",
    "reminders_due",
    "reminders_shown",
    "report_accept",
    "report_change_figure",
    "report_open",
    "report_return",
    "report_save_narrative",
    "report_submit",
    "reported_figures",
    "reporting_children",
    "reporting_units_for",
    "reports_up",
    "reports_visible",
    "require_reader",
    "subunit_overview",
    "timeliness",
    "unit_month",
]

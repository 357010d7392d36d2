"""Annual assessment (考核, 篇八 "每年年底进行统一考核").

A parent unit (province, prefecture, county) defines a score sheet for a year: items
worth points that add up to 100. An item is either *automatic*, linked to a rate KPI,
or *manual*, scored by hand for each sub-unit with the evidence for the score.

* **Automatic items** score ``weight × min(1, KPI value ÷ KPI target)`` on the facts
  of December of the year, or of the latest month of the year that has facts (an
  assessment made before the year ends, or before December's facts are refreshed).
  A KPI without a value (nothing to divide by) scores 0, and the sheet says why. A KPI
  without a target is measured against 100 %.
* **Timeliness items** (月报按时报送) score the sub-unit's monthly reports of the year
  from their recorded timeliness: ``weight × (on time + ½ late) ÷ months counted``. A
  month is counted only once it has ended *and* its report is on time, late or missing
  (its deadline passed); a month still running, or one whose deadline has not come and
  whose report is not in, is never scored. With no month counted yet, the item scores
  its full points (nothing was late), and the sheet says so.
* **Rectification items** (整改按时完成) score ``weight × on time ÷ counted`` from the
  supervision records: the rectifications required in the sub-unit's subtree whose
  deadline falls in the year and has passed (or that are accepted on time already), on
  time by ``governance.supervision.timing``; none counted scores full points. **Practical
  matters items** (实事完成) score ``weight × done ÷ listed`` over the sub-unit's subtree's
  lists of the year; none listed scores 0 (``records``). The sheet shows the counts.
* **Manual items** score 0 to the item's points, entered per sub-unit with evidence.
* **Finalising** (leaders) checks the weights add up to 100 and every manual score is
  in, then freezes every score: automatic scores are written down with the KPI value
  they came from, so a later refresh of the facts changes nothing; timeliness,
  rectification and practical-matters scores with the counts they came from.

The sub-units scored are the units reporting to the sheet's unit
(``monthly.reporting_children``). They read a finalised sheet of a unit above them,
as they read its published bulletins.

The package re-exports its public names; import them from ``guanai.reports.assessment``.
"""

from guanai.reports.assessment.access import (
    access_item,
    access_sheet,
    can_edit,
    can_finalise,
    sheets_visible,
)
from guanai.reports.assessment.scoring import (
    DEFAULT_TARGET,
    FULL_POINTS,
    POINT,
    Cell,
    ReportCounts,
    Results,
    Row,
    automatic_score,
    ended_months,
    facts_month_of,
    rate_kpis,
    report_counts,
    results_of,
)
from guanai.reports.assessment.selectors import (
    copy_sources,
    sheet_list,
    sheet_units_for,
    years_offered,
)
from guanai.reports.assessment.services import (
    EVIDENCE_LENGTH,
    MAX_ITEMS,
    MISSING_NAMED,
    item_add,
    item_remove,
    item_update,
    score_enter,
    sheet_copy,
    sheet_create,
    sheet_finalise,
)

__all__ = [
    "DEFAULT_TARGET",
    "EVIDENCE_LENGTH",
    "FULL_POINTS",
    "MAX_ITEMS",
    "MISSING_NAMED",
    "POINT",
    "Cell",
    "ReportCounts",
    "Results",
    "Row",
    "access_item",
    "access_sheet",
    "automatic_score",
    "can_edit",
    "can_finalise",
    "copy_sources",
    "ended_months",
    "facts_month_of",
    "item_add",
    "item_remove",
    "item_update",
    "rate_kpis",
    "report_counts",
    "results_of",
    "score_enter",
    "sheet_copy",
    "sheet_create",
    "sheet_finalise",
    "sheet_list",
    "sheet_units_for",
    "sheets_visible",
    "years_offered",
]

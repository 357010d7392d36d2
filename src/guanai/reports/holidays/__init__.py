"""The holiday arrangement (节假日安排): the days the system administrator enters beside the
``chinese_calendar`` library, which the report deadlines follow (``monthly.workdays``).

The package re-exports its public names; import them from ``guanai.reports.holidays``.
"""

from guanai.reports.holidays.access import (
    may_read_holidays,
    may_set_holidays,
    require_holiday_reader,
)
from guanai.reports.holidays.parsing import MAX_LINES, LinesRefused, parse_arrangement
from guanai.reports.holidays.selectors import holiday_calendar, holiday_overrides, holiday_years
from guanai.reports.holidays.services import (
    Entered,
    holiday_arrangement_enter,
    holiday_limits,
    holiday_override_delete,
    holiday_override_set,
)

__all__ = [
    "MAX_LINES",
    "Entered",
    "LinesRefused",
    "holiday_arrangement_enter",
    "holiday_calendar",
    "holiday_limits",
    "holiday_override_delete",
    "holiday_override_set",
    "holiday_overrides",
    "holiday_years",
    "may_read_holidays",
    "may_set_holidays",
    "parse_arrangement",
    "require_holiday_reader",
]

"""Working days in China: weekends, statutory holidays, and the make-up working days (调休).

``chinese_calendar`` holds the State Council's holiday arrangement of every year it was
released with (1.11: 2004–2026); the arrangement of a year is published only late in the
year before. For a year it does not know, only Saturdays and Sundays are rest days here,
and the result says so (``Shift.calendar_known``), so that a page can say so too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import chinese_calendar
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The holidays by the names ``chinese_calendar`` gives them, as a clerk reads them.
HOLIDAY_NAMES: dict[str, Promise] = {
    chinese_calendar.Holiday.new_years_day.value: _("New Year's Day"),
    chinese_calendar.Holiday.spring_festival.value: _("the Spring Festival"),
    chinese_calendar.Holiday.tomb_sweeping_day.value: _("Tomb-sweeping Day"),
    chinese_calendar.Holiday.labour_day.value: _("Labour Day"),
    chinese_calendar.Holiday.dragon_boat_festival.value: _("the Dragon Boat Festival"),
    chinese_calendar.Holiday.national_day.value: _("National Day"),
    chinese_calendar.Holiday.mid_autumn_festival.value: _("the Mid-autumn Festival"),
    chinese_calendar.Holiday.anti_fascist_70th_day.value: _("the Victory Day holiday"),
}


@cache
def calendar_knows(year: int) -> bool:
    """Return whether the holiday arrangement of ``year`` is known."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: dt.date) -> bool:
    """Return whether ``day`` is a working day: a make-up Saturday is one, a holiday
    Monday is not; in a year the calendar does not know, Monday to Friday are."""
    if calendar_knows(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def _holiday_on(day: dt.date) -> str | None:
    if not calendar_knows(day.year):
        return None
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    return str(name) if on_holiday and name else None


@dataclass(frozen=True)
class Shift:
    """A date moved to the first working day on or after it, and why."""

    nominal: dt.date
    moved_to: dt.date
    # The first statutory holiday passed over (by chinese_calendar's name), if any.
    holiday: str | None
    # False when a year passed over is one the calendar does not know: only weekends
    # were skipped there.
    calendar_known: bool

    @property
    def moved(self) -> bool:
        return self.moved_to != self.nominal

    @property
    def holiday_name(self) -> str:
        return str(HOLIDAY_NAMES.get(self.holiday, self.holiday)) if self.holiday else ""


def first_working_day(nominal: dt.date) -> Shift:
    """Return the first working day on or after ``nominal`` (itself when it is one)."""
    day, holiday, known = nominal, None, calendar_knows(nominal.year)
    while not is_working_day(day):
        holiday = holiday or _holiday_on(day)
        day += dt.timedelta(days=1)
        known = known and calendar_knows(day.year)
    return Shift(nominal=nominal, moved_to=day, holiday=holiday, calendar_known=known)

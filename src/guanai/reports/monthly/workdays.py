"""Working days in China: weekends, statutory holidays, and the make-up working days (调休).

``chinese_calendar`` holds the State Council's holiday arrangement of every year it was
released with (1.11: 2004–2026); the arrangement of a year is published only late in the
year before. The system administrator enters such a year's days, or corrects a known one,
as override days (``HolidayOverride``, 节假日调整), which a ``Calendar`` holds beside the
library:

- an override day wins over the library on its date;
- a year the library does not know counts as known once it has an override day; its
  other days are working days from Monday to Friday;
- a year with neither: only Saturdays and Sundays are rest days, and the result says so
  (``Shift.calendar_known``), so that a page can say so too.

The engine reads no table: a ``Calendar`` is given the override days of a year by its
loader, once per year it is asked about (``reports.holidays.holiday_calendar`` loads them
from the table; ``Calendar.fixed`` takes them as given).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
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


# Cached: what the installed library knows never changes while the process runs. Whether
# the administrator has entered a year is asked of the ``Calendar``, never cached here, so
# that a day entered a moment ago counts at once.
@cache
def library_knows(year: int) -> bool:
    """Return whether ``chinese_calendar`` holds the holiday arrangement of ``year``."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def library_years() -> tuple[int, int]:
    """Return the first and last year ``chinese_calendar`` holds (2004, 2026 for 1.11)."""
    known = [year for year in range(1990, 2100) if library_knows(year)]
    return known[0], known[-1]


@dataclass(frozen=True)
class OverrideDay:
    """A day the administrator entered: a rest day (放假, with the holiday's name) or a
    working day (调休上班)."""

    day: dt.date
    rest: bool
    name: str = ""


Loader = Callable[[int], Iterable[OverrideDay]]


class Calendar:
    """The library's arrangement with the administrator's override days, each year's days
    loaded once, the first time the year is asked about.

    Make one per call chain (a page, a task) and pass it down: a loop over units or months
    then costs one load per year, not one per day or per unit.
    """

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._years: dict[int, dict[dt.date, OverrideDay]] = {}

    @classmethod
    def fixed(cls, days: Iterable[OverrideDay] = ()) -> Calendar:
        """Return a calendar with exactly ``days`` as override days (none: the library's)."""
        by_year: dict[int, list[OverrideDay]] = {}
        for day in days:
            by_year.setdefault(day.day.year, []).append(day)
        return cls(lambda year: by_year.get(year, []))

    def overrides(self, year: int) -> dict[dt.date, OverrideDay]:
        """Return the override days of ``year`` by date (loaded on the first call)."""
        if year not in self._years:
            self._years[year] = {entry.day: entry for entry in self._load(year)}
        return self._years[year]

    def knows(self, year: int) -> bool:
        """Return whether the holiday arrangement of ``year`` is known: the library holds
        it, or the administrator entered at least one day of it."""
        return library_knows(year) or bool(self.overrides(year))

    def is_working_day(self, day: dt.date) -> bool:
        """Return whether ``day`` is a working day: a make-up Saturday is one, a holiday
        Monday is not; in a year nobody knows, Monday to Friday are."""
        entered = self.overrides(day.year).get(day)
        if entered is not None:
            return not entered.rest
        if library_knows(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def holiday_on(self, day: dt.date) -> str | None:
        """Return the name of the statutory holiday on ``day``, if it is one."""
        entered = self.overrides(day.year).get(day)
        if entered is not None:
            return (entered.name or None) if entered.rest else None
        if not library_knows(day.year):
            return None
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        return str(name) if on_holiday and name else None


@dataclass(frozen=True)
class Shift:
    """A date moved to the first working day on or after it, and why."""

    nominal: dt.date
    moved_to: dt.date
    # The first statutory holiday passed over, if any: chinese_calendar's name of it, or
    # the name the administrator wrote ("春节").
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


def first_working_day(nominal: dt.date, calendar: Calendar) -> Shift:
    """Return the first working day on or after ``nominal`` (itself when it is one)."""
    day, holiday, known = nominal, None, calendar.knows(nominal.year)
    while not calendar.is_working_day(day):
        holiday = holiday or calendar.holiday_on(day)
        day += dt.timedelta(days=1)
        known = known and calendar.knows(day.year)
    return Shift(nominal=nominal, moved_to=day, holiday=holiday, calendar_known=known)

"""Dates of a plan: the school year's months, and where a date goes when a plan is copied.

A plan copied to the next school year keeps its weekdays: a parent school held on a Tuesday
is held on a Tuesday next year too (issue 15, point 1). ``same_weekday_next_year`` is the
rule, tested with hypothesis in ``tests/activities/test_plans_calendar.py``.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from guanai.activities.plans.templates_data import SCHOOL_YEAR_MONTHS, school_month_year


def anniversary(day: date) -> date:
    """Return the same day one year later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def same_weekday_next_year(day: date) -> date:
    """Return the day of the same weekday nearest to ``day``'s anniversary, in the
    anniversary's month.

    The nearest one is always one or two days before the anniversary (a year is 52 weeks
    and one or two days), which can leave the month (1 September → 31 August, out of the
    term it was planned for). The plan is kept month by month, so then the same weekday
    after the anniversary is taken instead (five or six days later): an item planned for
    the first Tuesday of September stays in September.
    """
    target = anniversary(day)
    back = (target.weekday() - day.weekday()) % 7  # days to step back to the weekday
    before = target - timedelta(days=back)
    if before.month == target.month:
        return before
    return before + timedelta(days=7)


def month_start(day: date) -> date:
    return day.replace(day=1)


def school_year_bounds(school_year: int) -> tuple[date, date]:
    """Return the first and last day of school year ``school_year`` (September–August)."""
    first = date(school_year, SCHOOL_YEAR_MONTHS[0], 1)
    last_month = SCHOOL_YEAR_MONTHS[-1]
    end = date(school_month_year(school_year, last_month), last_month + 1, 1)
    return first, end - timedelta(days=1)


def school_year_of(day: date) -> int:
    """Return the school year a day falls in (September 2026–August 2027 is 2026)."""
    return day.year if day.month >= SCHOOL_YEAR_MONTHS[0] else day.year - 1


def is_school_day(day: date) -> bool:
    """Return whether ``day`` is a working day: by the State Council's arrangement where
    ``chinese_calendar`` holds the year (a make-up Sunday counts, National Day does not),
    Monday to Friday otherwise."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def first_school_day(month: date) -> date:
    """Return the first working day of ``month``: the day an item planned for a month
    without a day is proposed on when it becomes an event."""
    day = month_start(month)
    while not is_school_day(day):
        day += timedelta(days=1)
    return day

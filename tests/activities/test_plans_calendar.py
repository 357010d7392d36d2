"""The weekday rule of a copied plan, and the months of a school year."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from guanai.activities.plans.calendar import (
    anniversary,
    same_weekday_next_year,
    school_year_bounds,
    school_year_of,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31))


def _by_hand(day: date) -> date:
    """The rule said plainly: of the days in the anniversary's month with the same weekday,
    the one nearest the anniversary."""
    target = anniversary(day)
    candidates = [
        target + timedelta(days=d)
        for d in range(-6, 7)
        if (target + timedelta(days=d)).month == target.month
        and (target + timedelta(days=d)).weekday() == day.weekday()
    ]
    return min(candidates, key=lambda c: abs((c - target).days))


@given(days)
def test_a_copied_date_keeps_its_weekday_and_month(day: date) -> None:
    moved = same_weekday_next_year(day)

    assert moved.weekday() == day.weekday()
    assert (moved.year, moved.month) == (day.year + 1, day.month)
    assert abs((moved - anniversary(day)).days) <= 6


@given(days)
def test_a_copied_date_is_the_nearest_such_day(day: date) -> None:
    assert same_weekday_next_year(day) == _by_hand(day)


@given(days)
def test_a_copied_date_is_52_or_53_weeks_later(day: date) -> None:
    assert (same_weekday_next_year(day) - day).days in (364, 371)


def test_examples() -> None:
    # Tuesday 2026-09-15 → Tuesday 2027-09-14, the day before the anniversary
    assert same_weekday_next_year(date(2026, 9, 15)) == date(2027, 9, 14)
    # Tuesday 2026-09-01: the nearest Tuesday (2027-08-31) leaves September, so a week later
    assert same_weekday_next_year(date(2026, 9, 1)) == date(2027, 9, 7)
    # 29 February: its anniversary is 28 February
    assert same_weekday_next_year(date(2028, 2, 29)).weekday() == date(2028, 2, 29).weekday()


@given(days)
def test_a_day_lies_in_its_school_year(day: date) -> None:
    first, last = school_year_bounds(school_year_of(day))

    assert first <= day <= last
    assert (first.month, first.day) == (9, 1)
    assert (last.month, last.day) == (8, 31)

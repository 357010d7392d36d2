"""Working days: a deadline on a weekend or statutory holiday moves to the next working day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import chinese_calendar
import pytest
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from guanai.reports.monthly.workdays import calendar_knows, first_working_day, is_working_day


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The reasons and names are compared with their English wording (the msgids)."""
    with override("en"):
        yield


def working(day: dt.date) -> bool:
    """The definition, read from the calendar's own answer, independent of the engine."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


@pytest.mark.parametrize("day", range(1, 8))
def test_national_day_moves_to_the_8th_october(day: int) -> None:
    shift = first_working_day(dt.date(2026, 10, day))
    assert shift.moved_to == dt.date(2026, 10, 8)
    assert shift.holiday == "National Day" and shift.calendar_known


def test_a_working_day_and_a_make_up_saturday_stay() -> None:
    assert not first_working_day(dt.date(2026, 10, 8)).moved
    # Saturday 10 October 2026 is a make-up working day (调休) for National Day.
    saturday = first_working_day(dt.date(2026, 10, 10))
    assert saturday.moved_to == dt.date(2026, 10, 10) and not saturday.moved


def test_the_spring_festival_moves_the_15th_february_to_the_24th() -> None:
    shift = first_working_day(dt.date(2026, 2, 15))
    assert shift.moved_to == dt.date(2026, 2, 24)
    assert shift.holiday == "Spring Festival"
    assert str(shift.holiday_name) == "the Spring Festival"


def test_a_plain_weekend_moves_to_monday_without_a_holiday() -> None:
    shift = first_working_day(dt.date(2026, 11, 15))  # a Sunday
    assert (shift.moved_to, shift.holiday) == (dt.date(2026, 11, 16), None)


def test_a_year_the_calendar_does_not_know_skips_weekends_only_and_says_so() -> None:
    # chinesecalendar 1.11 knows 2004–2026; 2027's arrangement is not in it.
    assert calendar_knows(2026) and not calendar_knows(2027)
    saturday = first_working_day(dt.date(2027, 5, 15))
    assert saturday.moved_to == dt.date(2027, 5, 17)
    assert not saturday.calendar_known and saturday.holiday is None
    # 15 February 2027 falls in the 2027 Spring Festival, but the calendar cannot tell.
    festival = first_working_day(dt.date(2027, 2, 15))
    assert festival.moved_to == dt.date(2027, 2, 15) and not festival.calendar_known


def test_new_years_day_2027_counts_as_working_while_the_year_is_unknown() -> None:
    """Which is why a page says, beside such a deadline, that only weekends are skipped."""
    assert is_working_day(dt.date(2027, 1, 1))  # a Friday
    assert not first_working_day(dt.date(2027, 1, 1)).calendar_known


@given(st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_the_moved_day_is_the_first_working_day_on_or_after_the_nominal(
    nominal: dt.date,
) -> None:
    shift = first_working_day(nominal)
    assert shift.nominal == nominal
    assert shift.moved_to >= nominal
    assert working(shift.moved_to)
    day = nominal
    while day < shift.moved_to:
        assert not working(day)
        day += dt.timedelta(days=1)
    assert shift.calendar_known == all(
        calendar_knows(y) for y in range(nominal.year, shift.moved_to.year + 1)
    )

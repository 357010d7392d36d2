"""Working days: a deadline on a weekend or statutory holiday moves to the next working day.

The engine alone, with the library's calendar (``LIBRARY``) or override days given as they
are (``Calendar.fixed``); the days read from the table are in test_holiday_overrides.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import chinese_calendar
import pytest
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from guanai.reports.monthly.workdays import Calendar, OverrideDay, Shift, library_knows
from guanai.reports.monthly.workdays import first_working_day as first_working_day_of

# The library's calendar, without any day entered.
LIBRARY = Calendar.fixed()


def first_working_day(nominal: dt.date) -> Shift:
    return first_working_day_of(nominal, LIBRARY)


def is_working_day(day: dt.date) -> bool:
    return LIBRARY.is_working_day(day)


def calendar_knows(year: int) -> bool:
    return LIBRARY.knows(year)


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


# A 2027 Spring Festival as the State Council might arrange it: 6–12 February off, Sunday
# 14 February and Saturday 20 February worked.
SPRING_2027 = [
    *(OverrideDay(dt.date(2027, 2, d), rest=True, name="春节") for d in range(6, 13)),
    OverrideDay(dt.date(2027, 2, 14), rest=False),
    OverrideDay(dt.date(2027, 2, 20), rest=False, name="春节"),
]


def test_an_entered_year_is_known_and_its_rest_days_move_the_date_past_them() -> None:
    calendar = Calendar.fixed(SPRING_2027)
    assert library_knows(2027) is False and calendar.knows(2027)
    # Past the holiday and Saturday the 13th, to the make-up working Sunday.
    shift = first_working_day_of(dt.date(2027, 2, 7), calendar)
    assert (shift.moved_to, shift.holiday, shift.calendar_known) == (
        dt.date(2027, 2, 14),
        "春节",
        True,
    )
    assert shift.holiday_name == "春节"  # as the administrator wrote it


def test_an_entered_working_saturday_and_sunday_are_working_days() -> None:
    calendar = Calendar.fixed(SPRING_2027)
    assert calendar.is_working_day(dt.date(2027, 2, 14))  # a Sunday
    assert not first_working_day_of(dt.date(2027, 2, 20), calendar).moved  # a Saturday
    # The other weekends of an entered year stay rest days.
    assert first_working_day_of(dt.date(2027, 5, 15), calendar).moved_to == dt.date(2027, 5, 17)


def test_an_entered_day_wins_over_the_library_in_a_year_it_knows() -> None:
    # The library has 1 October 2026 off for National Day and 8 October as a working day.
    calendar = Calendar.fixed(
        [
            OverrideDay(dt.date(2026, 10, 8), rest=True, name="国庆节"),
            OverrideDay(dt.date(2026, 10, 1), rest=False),
        ]
    )
    assert calendar.is_working_day(dt.date(2026, 10, 1))
    assert not calendar.is_working_day(dt.date(2026, 10, 8))
    shift = first_working_day_of(dt.date(2026, 10, 8), calendar)
    assert (shift.moved_to, shift.holiday) == (dt.date(2026, 10, 9), "国庆节")
    # The days not entered stay the library's.
    assert first_working_day_of(dt.date(2026, 10, 2), calendar).holiday == "National Day"


def test_each_year_is_loaded_once_and_only_when_asked() -> None:
    asked: list[int] = []

    def load(year: int) -> list[OverrideDay]:
        asked.append(year)
        return [d for d in SPRING_2027 if d.day.year == year]

    calendar = Calendar(load)
    # From 31 December 2026 (a Thursday) nothing moves: 2027 is not asked for.
    assert not first_working_day_of(dt.date(2026, 12, 31), calendar).moved
    for day in range(1, 28):
        first_working_day_of(dt.date(2027, 2, day), calendar)
    assert asked == [2026, 2027]


def override_days() -> st.SearchStrategy[list[OverrideDay]]:
    """Random override sets over two known and two unknown years, rest runs included."""
    day = st.dates(min_value=dt.date(2025, 11, 1), max_value=dt.date(2028, 2, 28))
    one = st.builds(OverrideDay, day=day, rest=st.booleans(), name=st.sampled_from(["", "春节"]))
    run = st.builds(
        lambda start, length: [
            OverrideDay(start + dt.timedelta(days=n), rest=True, name="假") for n in range(length)
        ],
        day,
        st.integers(1, 12),
    )
    return st.lists(st.one_of(one.map(lambda d: [d]), run), max_size=12).map(
        lambda groups: list({d.day: d for group in groups for d in group}.values())
    )


@given(
    override_days(),
    st.dates(min_value=dt.date(2025, 11, 1), max_value=dt.date(2028, 2, 28)),
)
def test_the_first_working_day_is_never_a_rest_day_whatever_was_entered(
    days: list[OverrideDay], nominal: dt.date
) -> None:
    entered = {d.day: d for d in days}

    def working_here(day: dt.date) -> bool:
        if day in entered:
            return not entered[day].rest
        return working(day)

    shift = first_working_day_of(nominal, Calendar.fixed(days))
    assert shift.moved_to >= nominal
    assert working_here(shift.moved_to)
    day = nominal
    while day < shift.moved_to:
        assert not working_here(day)
        day += dt.timedelta(days=1)
    known = {d.day.year for d in days} | {y for y in range(2004, 2027)}
    assert shift.calendar_known == all(
        y in known for y in range(nominal.year, shift.moved_to.year + 1)
    )

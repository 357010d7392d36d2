"""The lunar-birthday engine against ``lunar_python``'s own solar-to-lunar round trip."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from lunar_python import LunarMonth, LunarYear, Solar

from guanai.activities.birthdays.lunar import (
    LunarDate,
    lunar_date_clean,
    lunar_date_of,
    next_occurrence,
    occurrence_in_month,
    solar_date,
)
from guanai.core.errors import ValidationFailed

years = st.integers(1900, 2100)
birthdays = st.builds(
    LunarDate, month=st.integers(1, 12), day=st.integers(1, 30), leap=st.booleans()
)
# Lunar years with a leap month, and that month: the rule 1 cases, drawn often.
LEAP_YEARS = [
    (year, LunarYear.fromYear(year).getLeapMonth())
    for year in range(1900, 2101)
    if LunarYear.fromYear(year).getLeapMonth()
]


def lunar_of(on: dt.date) -> tuple[int, int, int, bool]:
    """Return lunar_python's reading of a solar date: (year, month, day, leap)."""
    lunar = Solar.fromYmd(on.year, on.month, on.day).getLunar()
    return lunar.getYear(), abs(lunar.getMonth()), lunar.getDay(), lunar.getMonth() < 0


def expected(birthday: LunarDate, year: int) -> tuple[int, int, int, bool]:
    """Return the lunar date the rules give, written independently of the engine."""
    leap = birthday.leap and LunarYear.fromYear(year).getLeapMonth() == birthday.month
    days = LunarMonth.fromYm(year, -birthday.month if leap else birthday.month).getDayCount()
    return year, birthday.month, min(birthday.day, days), leap


@given(birthdays, years)
def test_solar_date_reads_back_as_the_birthday_or_its_documented_fallback(
    birthday: LunarDate, year: int
) -> None:
    assert lunar_of(solar_date(birthday, year)) == expected(birthday, year)


@given(st.sampled_from(LEAP_YEARS), st.integers(1, 30))
def test_a_leap_month_birthday_falls_in_the_leap_month_when_the_year_has_it(
    year_leap: tuple[int, int], day: int
) -> None:
    year, leap_month = year_leap
    on = solar_date(LunarDate(leap_month, day, leap=True), year)
    ordinary = solar_date(LunarDate(leap_month, day), year)
    assert lunar_of(on)[3] is True
    assert lunar_of(ordinary)[3] is False
    # The leap month follows the ordinary month of the same number.
    assert 29 <= (on - ordinary).days <= 30 or day == 30


@given(st.sampled_from(LEAP_YEARS), st.integers(1, 30))
def test_a_leap_month_birthday_falls_in_the_ordinary_month_in_a_year_without_it(
    year_leap: tuple[int, int], day: int
) -> None:
    year, leap_month = year_leap
    later = year + 1 if year < 2100 else year - 1
    if LunarYear.fromYear(later).getLeapMonth() == leap_month:  # pragma: no cover
        return
    assert solar_date(LunarDate(leap_month, day, leap=True), later) == solar_date(
        LunarDate(leap_month, day), later
    )


def test_known_dates_of_the_rules() -> None:
    # 2023 has a 29-day leap second month (闰二月, 2023-03-22 to 2023-04-19).
    assert LunarYear.fromYear(2023).getLeapMonth() == 2
    assert solar_date(LunarDate(2, 30, leap=True), 2023) == dt.date(2023, 4, 19)
    assert solar_date(LunarDate(2, 1, leap=True), 2023) == dt.date(2023, 3, 22)
    assert solar_date(LunarDate(2, 1), 2023) == dt.date(2023, 2, 20)
    # 2024 has no leap month: the leap birthday falls in the ordinary month.
    assert solar_date(LunarDate(2, 1, leap=True), 2024) == dt.date(2024, 3, 10)
    # 腊月廿九 of lunar 2023 is the eve of the Spring Festival 2024, in February.
    assert solar_date(LunarDate(12, 29), 2023) == dt.date(2024, 2, 8)
    # 2024's twelfth month has 29 days: a 30th-day birthday falls on the 29th.
    assert LunarMonth.fromYm(2024, 12).getDayCount() == 29
    assert solar_date(LunarDate(12, 30), 2024) == dt.date(2025, 1, 28)


# Reading a solar date back is slow in lunar_python (a month of days per example).
@settings(max_examples=40)
@given(birthdays, st.integers(1900, 2100), st.integers(1, 12))
def test_occurrence_in_month_finds_the_one_day_a_scan_of_the_month_finds(
    birthday: LunarDate, year: int, month: int
) -> None:
    # Read every day of the month back into the lunar calendar and keep the days that
    # are the birthday of lunar year Y-1 or Y by the rules.
    first = dt.date(year, month, 1)
    days = [first + dt.timedelta(days=n) for n in range(31)]
    wanted = {expected(birthday, lunar_year): lunar_year for lunar_year in (year - 1, year)}
    read = [(day, lunar_of(day)) for day in days if day.month == month]
    scanned = [(day, wanted[lunar]) for day, lunar in read if lunar in wanted]
    assert len(scanned) <= 1
    assert occurrence_in_month(birthday, first) == (scanned[0] if scanned else None)


def test_a_twelfth_month_birthday_of_last_lunar_year_is_in_january() -> None:
    # 腊月二十 of lunar 2023 is 2024-01-30: January 2024's list holds it.
    assert occurrence_in_month(LunarDate(12, 20), dt.date(2024, 1, 1)) == (
        dt.date(2024, 1, 30),
        2023,
    )
    assert occurrence_in_month(LunarDate(12, 20), dt.date(2023, 12, 1)) is None


@given(birthdays, st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_next_occurrence_is_the_first_on_or_after(birthday: LunarDate, day: dt.date) -> None:
    found = next_occurrence(birthday, day)
    assert found >= day
    assert (found - day).days <= 385
    candidates = [solar_date(birthday, y) for y in (day.year - 1, day.year) if y >= 1900]
    assert all(c == found or c < day or c > found for c in candidates)


@pytest.mark.parametrize(
    ("month", "day", "message"),
    [
        (13, 1, "A lunar year has months 1 to 12; there is no month 13."),
        (0, 1, "A lunar year has months 1 to 12; there is no month 0."),
        (4, 31, "A lunar month has days 1 to 30; there is no day 31."),
        (4, 0, "A lunar month has days 1 to 30; there is no day 0."),
        ("", 1, "Enter the lunar month (1–12)."),
        (4, " ", "Enter the lunar day (1–30)."),
        ("四", 8, "Write the lunar month and day as numbers, e.g. 4 and 8."),
        ("4.5", 8, "Write the lunar month and day as numbers, e.g. 4 and 8."),
    ],
)
def test_a_month_or_day_no_lunar_calendar_has_is_refused(
    month: object, day: object, message: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as raised:
        lunar_date_clean(month, day)
    assert str(raised.value.message) == message


@given(st.integers(1, 12), st.integers(1, 30), st.booleans())
def test_every_month_and_day_a_calendar_has_is_accepted(month: int, day: int, leap: bool) -> None:
    assert lunar_date_clean(str(month), f" {day} ", leap) == LunarDate(month, day, leap)


def test_a_year_outside_the_calendar_is_refused() -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as raised:
        solar_date(LunarDate(1, 1), 2101)
    assert str(raised.value.message) == "Choose a year from 1900 to 2100."


@given(st.dates(dt.date(1900, 2, 1), dt.date(2100, 12, 31)))
def test_the_lunar_date_of_a_birth_date_gives_the_birth_date_back(born: dt.date) -> None:
    # The lunar birthday of the year of birth is the day of birth itself.
    found = lunar_date_of(born)
    year = Solar.fromYmd(born.year, born.month, born.day).getLunar().getYear()
    assert solar_date(found, year) == born

"""The festivals engine (``activities.letters.festivals``): every festival on its lunar day,
清明 on the solar term, statutory holidays from ``chinese_calendar`` given to their festival
or listed on their own, school holidays as estimates, and a year the library does not know
giving festivals only, with no error."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given
from hypothesis import strategies as st
from lunar_python import Solar

from guanai.activities.letters import Source, festival_day, occasion_by_key, occasions
from guanai.activities.letters.festivals import FESTIVALS, statutory_known
from guanai.core.months import FIRST_YEAR, LAST_YEAR

YEARS = st.integers(min_value=FIRST_YEAR, max_value=LAST_YEAR)


@given(YEARS, st.sampled_from(sorted(FESTIVALS)))
def test_every_festival_falls_on_its_lunar_month_and_day(year: int, code: str) -> None:
    month, day, _name = FESTIVALS[code]
    on = festival_day(code, year)
    lunar = Solar.fromYmd(on.year, on.month, on.day).getLunar()
    # The ordinary month, never the leap month of the same number (lunar_python: negative).
    assert (lunar.getYear(), lunar.getMonth(), lunar.getDay()) == (year, month, day)


@given(YEARS)
def test_qingming_is_the_solar_term_between_april_4_and_6(year: int) -> None:
    on = festival_day("qingming", year)
    assert date(year, 4, 4) <= on <= date(year, 4, 6)
    assert Solar.fromYmd(on.year, on.month, on.day).getLunar().getJieQi() == "清明"


@given(YEARS)
def test_spring_festival_is_between_january_21_and_february_20(year: int) -> None:
    assert date(year, 1, 21) <= festival_day("spring_festival", year) <= date(year, 2, 20)


@given(
    st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR - 1, 12, 31)),
    st.integers(min_value=0, max_value=400),
)
def test_occasions_are_sorted_meet_the_span_and_are_found_by_their_key(
    start: date, days: int
) -> None:
    end = start + timedelta(days=days)
    found = occasions(start, end)
    assert found == sorted(found, key=lambda o: (o.starts_on, o.on, o.code))
    for occasion in found:
        assert occasion.starts_on <= end and occasion.ends_on >= start
        assert occasion.starts_on <= occasion.on <= occasion.ends_on
        assert occasion.rule
    # Each traditional festival of a year inside the span is there once.
    for year in range(start.year + 1, end.year):
        codes = [o.code for o in found if o.source == Source.LUNAR and o.on.year == year]
        assert sorted(codes) == sorted([*FESTIVALS, "qingming"])
    if found:
        sample = found[len(found) // 2]
        assert occasion_by_key(sample.key) == sample


def test_a_statutory_holiday_is_given_to_its_festival_or_listed_on_its_own() -> None:
    found = {o.code: o for o in occasions(date(2026, 1, 1), date(2026, 12, 31))}
    spring = found["spring_festival"]
    assert (spring.on, spring.starts_on, spring.ends_on) == (
        date(2026, 2, 17),
        date(2026, 2, 15),
        date(2026, 2, 23),
    )
    assert spring.source == Source.LUNAR
    national = found["national_day"]
    assert (national.name, national.starts_on, national.ends_on) == (
        "国庆节",
        date(2026, 10, 1),
        date(2026, 10, 7),
    )
    assert national.source == Source.STATUTORY
    assert found["labour_day"].ends_on == date(2026, 5, 5)
    # The festivals without a day off are the day alone.
    assert found["qixi"].starts_on == found["qixi"].ends_on == date(2026, 8, 19)


def test_a_holiday_with_a_working_day_inside_is_one_span() -> None:
    # 2025: 1–5 and 7–8 October National Day, the 6th Mid-Autumn (chinese_calendar's names).
    found = occasions(date(2025, 9, 20), date(2025, 10, 20))
    national = next(o for o in found if o.code == "national_day")
    assert (national.starts_on, national.ends_on) == (date(2025, 10, 1), date(2025, 10, 8))
    assert next(o for o in found if o.code == "mid_autumn").on == date(2025, 10, 6)


def test_school_holidays_are_estimates_around_spring_festival_and_in_summer() -> None:
    found = {o.code: o for o in occasions(date(2027, 1, 1), date(2027, 12, 31))}
    winter, summer = found["winter_vacation"], found["summer_vacation"]
    spring = festival_day("spring_festival", 2027)
    assert winter.starts_on == spring - timedelta(weeks=3)
    assert winter.ends_on == spring + timedelta(weeks=2)
    assert (summer.starts_on, summer.ends_on) == (date(2027, 7, 10), date(2027, 8, 31))
    assert winter.estimate and summer.estimate
    assert {winter.source, summer.source} == {Source.SCHOOL}


def test_a_year_the_library_does_not_know_has_festivals_only() -> None:
    last_known = max(chinese_calendar.holidays).year
    unknown = last_known + 1
    assert statutory_known(last_known) and not statutory_known(unknown)
    found = occasions(date(unknown, 1, 1), date(unknown, 12, 31))
    assert {o.source for o in found} == {Source.LUNAR, Source.SCHOOL}
    assert not [o for o in found if o.code in ("national_day", "labour_day", "new_year")]
    assert len([o for o in found if o.source == Source.LUNAR]) == 7


def test_outside_the_calendar_or_a_wrong_key_gives_nothing() -> None:
    assert occasions(date(1800, 1, 1), date(1800, 12, 31)) == []
    for key in ("", "mid_autumn", "mid_autumn:2027-13-01", "mid_autumn:2027-09-16", "x:2027-09-15"):
        assert occasion_by_key(key) is None
    assert occasion_by_key("mid_autumn:2027-09-15") is not None


def test_a_span_outside_the_years_held_gives_none_rather_than_overflowing() -> None:
    assert occasions(date(1, 1, 1), date(1, 12, 31)) == []
    assert occasions(date(9999, 1, 1), date(9999, 12, 31)) == []
    # A span reaching into the years held gives those years' occasions.
    assert {o.code for o in occasions(date(1, 1, 1), date(1900, 3, 1))} >= {"spring_festival"}

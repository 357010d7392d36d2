"""A shift's hours: to the nearest half hour, whatever the dates (past midnight too)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guanai.community.volunteers.hours import shift_hours

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Hypothesis takes naive bounds and adds the zone; a naive time is also what is refused.
NAIVE_FIRST, NAIVE_LAST = datetime(2020, 1, 1), datetime(2030, 12, 31)  # noqa: DTZ001


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (at(17, 9), at(17, 15), "6.0"),
        (at(17, 9), at(17, 11, 14), "2.0"),
        (at(17, 9), at(17, 11, 15), "2.5"),
        (at(17, 9), at(17, 11, 44), "2.5"),
        (at(17, 9), at(17, 11, 45), "3.0"),
        (at(17, 9), at(17, 9, 10), "0.0"),
        # Plan 四's visit ran into the night: 20:00 to 01:30 the next day is 5.5 hours.
        (at(17, 20), at(18, 1, 30), "5.5"),
    ],
)
def test_hours_are_rounded_to_the_half_hour(start: datetime, end: datetime, hours: str) -> None:
    assert shift_hours(start, end) == Decimal(hours)


def test_a_check_out_before_the_check_in_is_refused() -> None:
    with pytest.raises(ValueError):
        shift_hours(at(17, 12), at(17, 11))


def test_times_without_a_zone_are_refused() -> None:
    with pytest.raises(TypeError):
        shift_hours(NAIVE_FIRST, NAIVE_FIRST)


@given(
    start=st.datetimes(
        min_value=NAIVE_FIRST,
        max_value=NAIVE_LAST,
        timezones=st.just(SHANGHAI),
    ),
    minutes=st.integers(min_value=0, max_value=24 * 60),
)
def test_hours_past_midnight_are_the_minutes_elapsed(start: datetime, minutes: int) -> None:
    # Given a shift of any length starting at any time, crossing midnight or not
    end = start + timedelta(minutes=minutes)

    hours = shift_hours(start, end)

    # Then the hours are the elapsed minutes to the nearest half hour, never off by more
    # than a quarter of an hour, in steps of 0.5
    assert abs(hours * 60 - minutes) <= 15
    assert (hours * 2) % 1 == 0
    # And the same instants written in another zone give the same hours
    assert shift_hours(start.astimezone(UTC), end.astimezone(UTC)) == hours

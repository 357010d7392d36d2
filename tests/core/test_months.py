"""Months (issue 13 point 4): one reader of a month as a clerk writes it, one arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.core.months import (
    FIRST_YEAR,
    LAST_YEAR,
    add_months,
    last_day,
    month_bounds,
    month_label,
    next_month,
    parse_month,
    previous_month,
)

months = st.dates(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)).map(
    lambda day: day.replace(day=1)
)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03",
        "2026-3",
        " 2026-03 ",
        "2026/03",
        "2026.3",
        "2026-03-01",
        "2026-03-31",
        "2026年3月",
        "2026年03月",
        "2026年3月15日",
        "２０２６－０３",  # full-width, as a Chinese input method types it
    ],
)
def test_a_month_is_read_as_clerks_write_it(text: str) -> None:
    assert parse_month(text) == dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026",
        "2026-13",
        "2026-00",
        "2026-02-30",
        "26-03",
        "1899-12",
        "2101-01",
        "三月",
        "2026-03x",
    ],
)
def test_what_is_no_month_is_refused_with_the_form_to_write(text: str) -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        parse_month(text, field="period")
    assert refused.value.field == "period"
    assert "2026-01" in str(refused.value.message)


def test_a_long_paste_is_not_echoed_back() -> None:
    pasted = "2026-03 " + "x" * 200
    with pytest.raises(ValidationFailed) as refused:
        parse_month(pasted)
    assert "x" * 21 not in str(refused.value.message)


@given(months)
def test_the_label_reads_back_as_the_same_month(month: dt.date) -> None:
    assert parse_month(month_label(month)) == month


@given(months, st.integers(-2400, 2400))
def test_adding_months_goes_back_by_subtracting_them(month: dt.date, count: int) -> None:
    moved = add_months(month, count)
    assert moved.day == 1
    assert add_months(moved, -count) == month
    assert (moved.year - month.year) * 12 + moved.month - month.month == count


@given(months)
def test_next_and_previous_month_and_last_day_agree(month: dt.date) -> None:
    following = next_month(month)
    assert previous_month(following) == month
    assert last_day(month) + dt.timedelta(days=1) == following
    start, end = month_bounds(month)
    assert start.date() == month and end.date() == following
    assert start.tzinfo is not None

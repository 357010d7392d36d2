"""Dates as clerks write them and as Excel stores them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guanai.core.dates import parse_date
from guanai.core.errors import ValidationFailed

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isdigit() else c for c in text)


def written_forms(day: date) -> list[str]:
    y, m, d = day.year, day.month, day.day
    return [
        day.isoformat(),
        f"{y}-{m}-{d}",
        f"{y}/{m}/{d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}.{m}.{d}",
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}日",
        f"{y}{m:02d}{d:02d}",
        f"{day.isoformat()} 00:00:00",
        f" {y} 年 {m} 月 {d} 日 ",
    ]


def excel_serial(day: date) -> int:
    # From 1900-03-01 on, Excel's 1900 system counts days from 1899-12-30.
    return (day - date(1899, 12, 30)).days


def refused(value: object) -> str:
    with pytest.raises(ValidationFailed) as caught:
        parse_date(value)
    assert caught.value.field == "date"
    return str(caught.value.message)


@given(day=dates)
def test_every_written_form_gives_the_date(day: date) -> None:
    for text in written_forms(day):
        assert parse_date(text) == day, text
        assert parse_date(full_width(text)) == day, full_width(text)


@given(day=dates, seconds=st.integers(0, 86399))
def test_date_and_naive_datetime_objects(day: date, seconds: int) -> None:
    assert parse_date(day) == day
    # Excel readers give naive datetimes for date cells.
    moment = datetime.combine(day, time()) + timedelta(seconds=seconds)
    assert parse_date(moment) == day


def test_aware_datetime_is_read_in_china_time() -> None:
    # 20:00 UTC on 3 March is 04:00 on 4 March in Asia/Shanghai.
    assert parse_date(datetime(2015, 3, 3, 20, 0, tzinfo=UTC)) == date(2015, 3, 4)


@given(
    day=st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    fraction=st.floats(0, 0.999),
)
def test_excel_serials_from_march_1900(day: date, fraction: float) -> None:
    serial = excel_serial(day)
    assert parse_date(serial) == day
    assert parse_date(serial + fraction) == day  # the fraction is the time of day


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (36526, date(2000, 1, 1)),
        (42067, date(2015, 3, 4)),
        (2958465, date(9999, 12, 31)),
    ],
)
def test_excel_serial_anchors(serial: int, expected: date) -> None:
    assert parse_date(serial) == expected
    assert parse_date(float(serial)) == expected


@given(day=dates)
def test_eight_digit_number_cell_is_read_as_year_month_day(day: date) -> None:
    number = day.year * 10000 + day.month * 100 + day.day
    assert parse_date(number) == day
    assert parse_date(float(number)) == day


@pytest.mark.parametrize(
    "value",
    ["2015-02-30", "2015/2/29", "1900-02-29", "2015年13月1日", "20150431", "2015.04.00", 20150230],
)
def test_impossible_days_are_refused_as_such(value: object) -> None:
    assert "not a real day" in refused(value)


def test_excel_fake_29_february_1900_is_refused() -> None:
    assert "1900-02-29" in refused(60)


def test_2000_02_29_exists() -> None:
    assert parse_date("2000-02-29") == date(2000, 2, 29)


@pytest.mark.parametrize(
    "value",
    [
        "3/4/2015",  # month first or day first: we cannot tell
        "15-3-4",
        "2015-3/4",
        "2015",
        "201534",
        "2015年3月",
        "March 4, 2015",
        "昨天",
        "2015-03-04 25:00",
        "２０１５－０３－０４x",
        0,
        -1,
        2958466,
        float("nan"),
        float("inf"),
        True,
        [2015, 3, 4],
    ],
)
def test_other_values_are_refused_with_the_expected_form(value: object) -> None:
    assert "write it as 2015-03-04" in refused(value)


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_empty_values_ask_for_a_date(value: object) -> None:
    assert refused(value) == "Enter a date."


def test_long_garbage_is_shortened_in_the_message() -> None:
    assert len(refused("x" * 500)) < 100


@given(value=st.one_of(st.text(max_size=30), st.integers(), st.floats()))
def test_any_value_is_parsed_or_refused_with_a_message(value: object) -> None:
    try:
        parse_date(value)
    except ValidationFailed as error:
        assert error.field == "date"
        assert str(error.message)

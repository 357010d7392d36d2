"""Counts and plain numbers read by one rule (``core.numbers``), as amounts are."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.core.numbers import parse_count, parse_decimal

FULL_WIDTH = str.maketrans({str(n): chr(0xFF10 + n) for n in range(10)})


@pytest.mark.parametrize(
    ("value", "count"),
    [
        ("120", 120),
        (" 120 ", 120),
        ("1,200", 1200),
        ("１２０", 120),
        ("１，２００", 1200),
        (120, 120),
        (Decimal("120"), 120),
        ("0", 0),
    ],
)
def test_parse_count_reads_what_clerks_type(value: object, count: int) -> None:
    assert parse_count(value, maximum=10_000) == count


@pytest.mark.parametrize(
    "value",
    [
        "",
        " ",
        "1e3",
        "1_000",
        "1,00",
        "12.5",
        "1.0",
        "-3",
        "١٢٣",
        "①",
        "一百",
        "12 3",
        1.0,
        True,
        None,
        Decimal("NaN"),
        Decimal("1.5"),
        "10001",
        "1" * 30,
    ],
)
def test_parse_count_refuses_everything_else(value: object) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_count(value, field="count", maximum=10_000)
    assert refused.value.field == "count"


def test_parse_decimal_keeps_its_places() -> None:
    assert parse_decimal("98.5", places=1, maximum=Decimal(100)) == Decimal("98.5")
    assert parse_decimal("９８．５", places=1, maximum=Decimal(100)) == Decimal("98.5")
    with pytest.raises(ValidationFailed):
        parse_decimal("98.55", places=1, maximum=Decimal(100))
    with pytest.raises(ValidationFailed):
        parse_decimal("100.1", places=1, maximum=Decimal(100))


@given(st.integers(min_value=0, max_value=10**12), st.booleans(), st.booleans())
def test_every_count_reads_back_however_it_is_written(
    number: int, grouped: bool, full_width: bool
) -> None:
    text = f"{number:,}" if grouped else str(number)
    if full_width:
        text = text.translate(FULL_WIDTH).replace(",", "，")

    assert parse_count(text, maximum=10**12) == number
    assert parse_count(number, maximum=10**12) == number


@given(st.integers(min_value=1, max_value=10**6))
def test_a_count_above_the_maximum_or_below_zero_is_refused(number: int) -> None:
    with pytest.raises(ValidationFailed):
        parse_count(str(-number), maximum=10**6)
    with pytest.raises(ValidationFailed):
        parse_count(number + 10**6, maximum=10**6)

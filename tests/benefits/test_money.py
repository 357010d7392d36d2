"""Money (issue 5 §5): Decimal yuan, parsed strictly, rounded half up to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from guanai.benefits.money import ZERO, parse_amount, percent, round_fen, yuan
from guanai.core.errors import ValidationFailed


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("1234.5", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1，234", "1234.00"),  # a full-width comma, as Chinese input methods type it
        ("¥80", "80.00"),
        ("￥80", "80.00"),
        (" 12.05 ", "12.05"),
        (80, "80.00"),
        (Decimal("12.5"), "12.50"),  # the CLI reads JSON numbers as Decimal
        ("1e2", "100.00"),
        ("0", "0.00"),
        ("99999999.99", "99999999.99"),
        ("", "0.00"),
        ("   ", "0.00"),
        (None, "0.00"),
    ],
)
def test_parse_amount_reads_what_clerks_write(value: object, amount: str) -> None:
    parsed = parse_amount(value)
    assert parsed == Decimal(amount)
    assert parsed.as_tuple().exponent == -2  # always two places


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "12.345",  # more than two places: a fen cannot be split
        "-5",
        "NaN",
        "Infinity",
        "100000000",  # a typo of extra digits
        "1.2.3",
        12.5,  # a float has already lost the fen
        True,
    ],
)
def test_parse_amount_refuses_bad_amounts_naming_the_field(value: object) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_amount(value, field="total_cost")
    assert refused.value.field == "total_cost"
    assert str(refused.value.message)


def test_parse_amount_takes_negative_amounts_only_when_allowed() -> None:
    assert parse_amount("-5", allow_negative=True) == Decimal("-5.00")
    with pytest.raises(ValidationFailed):
        parse_amount("-100000000", allow_negative=True)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("0.005", "0.01"),  # half up (四舍五入): half-even would give 0.00
        ("0.015", "0.02"),
        ("0.025", "0.03"),  # half-even would give 0.02
        ("0.0049", "0.00"),
        ("1234.565", "1234.57"),
        ("0.035", "0.04"),  # 70% of ¥0.05
        ("-0.005", "-0.01"),  # away from zero, as a refund is rounded
    ],
)
def test_round_fen_rounds_half_up(value: str, rounded: str) -> None:
    assert round_fen(Decimal(value)) == Decimal(rounded)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1234.5"), "¥1,234.50"),
        (Decimal("-12.5"), "-¥12.50"),
        (ZERO, "¥0.00"),
        (Decimal("1000000"), "¥1,000,000.00"),
    ],
)
def test_yuan_formats_money_as_design_says(value: Decimal, shown: str) -> None:
    assert yuan(value) == shown


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [("0.7", "70%"), ("0.7000", "70%"), ("0.655", "65.5%"), ("1", "100%"), ("0.0001", "0.01%")],
)
def test_percent_shows_a_ratio_without_trailing_zeros(ratio: str, shown: str) -> None:
    assert percent(Decimal(ratio)) == shown

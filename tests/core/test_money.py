"""Money (issue 5 §5, issue 12 point 9): one reader of what a clerk types, strict where
Python is lax ("1e6", "1_000", other scripts' digits), rounding half up to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.core.money import (
    MAX_AMOUNT,
    ZERO,
    MoneyField,
    parse_money,
    percent,
    round_fen,
    yuan,
)


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        ("1234.5", "1234.50"),
        ("1000.5", "1000.50"),
        ("1,000", "1000.00"),
        ("1,234.50", "1234.50"),
        ("12,345,678.9", "12345678.90"),
        ("1，234", "1234.00"),  # a full-width comma, as Chinese input methods type it
        ("¥80", "80.00"),
        ("￥1000", "1000.00"),
        ("¥1,000.50", "1000.50"),
        ("¥ 1,000.50", "1000.50"),
        ("1000元", "1000.00"),
        ("1,000.50 元", "1000.50"),
        ("１０００", "1000.00"),  # full-width digits: one ASCII digit each
        ("￥１，０００．５０", "1000.50"),
        (" 12.05 ", "12.05"),
        ("\u300012\u3000", "12.00"),  # ideographic spaces around
        (".5", "0.50"),
        ("5.", "5.00"),
        ("+80", "80.00"),
        (80, "80.00"),
        (Decimal("12.5"), "12.50"),  # the CLI reads JSON numbers as Decimal
        (Decimal("1234.50"), "1234.50"),  # what a form field already read
        ("0", "0.00"),
        ("99999999.99", "99999999.99"),
    ],
)
def test_parse_money_reads_what_clerks_type(value: object, amount: str) -> None:
    parsed = parse_money(value)

    assert parsed == Decimal(amount)
    assert parsed.as_tuple().exponent == -2  # always two places


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1e6", "指数"),  # Python's Decimal reads a million
        ("1E+6", "指数"),
        ("2.5e3", "指数"),
        (Decimal("1E+6"), "指数"),  # a JSON number read as Decimal by the CLI
        ("1_000", "下划线"),  # Python's Decimal reads a thousand
        ("¥1_000.00", "下划线"),
        ("١٢٣", "0–9"),  # Arabic-Indic digits, which Decimal reads as 123
        ("𝟏𝟎𝟎", "0–9"),  # mathematical bold digits
        ("①", "0–9"),
        ("1万", "0–9"),
        ("一千", "0–9"),
        ("1,00", "逗号"),  # a decimal comma, or a mistyped thousand?
        ("10,5", "逗号"),
        ("1000,000", "逗号"),
        ("12.345", "两位小数"),  # a fen cannot be split
        ("0.001", "两位小数"),
        ("-5", "负数"),
        ("abc", "1234.50"),
        ("NaN", "1234.50"),
        ("Infinity", "1234.50"),
        ("1.2.3", "1234.50"),
        ("--5", "1234.50"),
        ("-¥-5", "1234.50"),
        ("¥", "1234.50"),
        ("", "金额"),
        ("100000000", "¥100,000,000.00"),  # a typo of extra digits
        ("1" * 40, "30"),
        ("9" * 30, "¥100,000,000.00"),  # more digits than Decimal's context: no crash
        (10**40, "30"),
        (Decimal("1" * 40), "¥100,000,000.00"),
        (12.5, "文本"),  # a float has already lost the fen
        (True, "文本"),
    ],
)
def test_parse_money_refuses_in_chinese_naming_the_field(value: object, words: str) -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        parse_money(value, field="total_cost")

    assert refused.value.field == "total_cost"
    assert words in str(refused.value.message)


def test_negative_only_where_allowed_and_zero_only_where_allowed() -> None:
    assert parse_money("-600", allow_negative=True) == Decimal("-600.00")
    assert parse_money("-¥600", allow_negative=True) == Decimal("-600.00")
    assert parse_money("－600", allow_negative=True) == Decimal("-600.00")  # full-width minus
    with pytest.raises(ValidationFailed):
        parse_money("-100000000", allow_negative=True)
    with pytest.raises(ValidationFailed):
        parse_money("0", allow_zero=False)
    with pytest.raises(ValidationFailed):
        parse_money("100001", maximum=Decimal("100000.01"))


def test_blank_is_refused_or_zero_when_asked() -> None:
    assert parse_money("  ", blank_is_zero=True) == ZERO
    assert parse_money(None, blank_is_zero=True) == ZERO
    with pytest.raises(ValidationFailed):
        parse_money(None)


# --- Properties --------------------------------------------------------------------------

AMOUNTS = st.decimals(min_value=0, max_value=MAX_AMOUNT - Decimal("0.01"), places=2)


def _grouped(amount: Decimal) -> str:
    return f"{amount:,.2f}"


@given(AMOUNTS)
def test_every_amount_reads_back_from_how_it_is_shown(amount: Decimal) -> None:
    assert parse_money(yuan(amount)) == amount
    assert parse_money(f"{amount:f}") == amount
    assert parse_money(_grouped(amount) + "元") == amount


@given(AMOUNTS)
def test_full_width_typing_reads_as_ascii(amount: Decimal) -> None:
    text = f"{amount:f}"
    full_width = "".join(chr(ord(c) - 0x30 + 0xFF10) if c.isdigit() else "．" for c in text)
    assert parse_money(full_width) == amount


@given(AMOUNTS.filter(lambda a: a != 0))
def test_negative_amounts_are_refused_unless_allowed(amount: Decimal) -> None:
    assert parse_money(f"-{amount:f}", allow_negative=True) == -amount
    with pytest.raises(ValidationFailed):
        parse_money(f"-{amount:f}")


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=0, max_value=9))
@example(1, 6)
def test_exponents_are_refused_whatever_their_size(mantissa: int, exponent: int) -> None:
    for text in (f"{mantissa}e{exponent}", f"{mantissa}E-{exponent}", f"{mantissa}e+{exponent}"):
        with pytest.raises(ValidationFailed):
            parse_money(text)


@given(st.integers(min_value=1, max_value=99_999_999))
def test_underscores_are_refused_where_python_would_read_them(number: int) -> None:
    with pytest.raises(ValidationFailed):
        parse_money(f"{number:_}" if number >= 1000 else f"{number}_0")


@given(AMOUNTS, st.integers(min_value=1, max_value=9))
def test_a_third_decimal_is_refused(amount: Decimal, digit: int) -> None:
    with pytest.raises(ValidationFailed):
        parse_money(f"{amount:f}{digit}")


@given(st.text(max_size=40))
def test_anything_typed_is_an_amount_of_two_places_or_a_refusal(text: str) -> None:
    try:
        amount = parse_money(text)
    except ValidationFailed as refused:
        assert str(refused.message)
    else:
        assert amount.as_tuple().exponent == -2
        assert ZERO <= amount < MAX_AMOUNT


# --- The form field ----------------------------------------------------------------------


class _Form(forms.Form):
    amount = MoneyField(required=True)
    refund = MoneyField(required=False, allow_negative=True)


def test_the_form_field_reads_amounts_and_shows_refusals_in_chinese() -> None:
    with translation.override("zh-hans"):
        good = _Form({"amount": "¥1,000.50", "refund": "-600"})
        blank = _Form({"amount": "1000元", "refund": ""})
        bad = _Form({"amount": "1e6", "refund": "1_000"})

        assert good.is_valid()
        assert blank.is_valid()
        assert not bad.is_valid()
        assert good.cleaned_data == {"amount": Decimal("1000.50"), "refund": Decimal("-600.00")}
        assert blank.cleaned_data["refund"] is None
        assert "指数" in bad.errors["amount"][0]
        assert "下划线" in bad.errors["refund"][0]
    assert 'maxlength="30"' in str(_Form()["amount"])
    assert 'inputmode="decimal"' in str(_Form()["amount"])


# --- Rounding and showing --------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("0.005"), "¥0.01"),  # half up, where a Decimal alone would round to even
        (Decimal("1234.565"), "¥1,234.57"),
        (7, "¥7.00"),
        ("80.5", "¥80.50"),
        (None, "—"),
        ("", "—"),
        ("abc", "—"),
        (0.1, "—"),  # a float has lost the fen already
        (True, "—"),
        (Decimal("NaN"), "—"),
    ],
)
def test_the_one_formatter_rounds_half_up_and_shows_a_dash_for_no_amount(
    value: Decimal | int | str | float | None, shown: str
) -> None:
    assert yuan(value) == shown  # type: ignore[arg-type]


def test_the_pages_filters_use_the_one_formatter() -> None:
    from django.template import Context, Template

    from guanai.benefits.templatetags import benefits
    from guanai.core.templatetags import money

    core = Template("{% load money %}{{ a|yuan }}")
    assert core.render(Context({"a": Decimal("1000.005")})) == "¥1,000.01"
    # The benefits pages load the very same filter.
    assert benefits.register.filters["yuan"] is money.register.filters["yuan"]

"""Phone numbers: mobiles and area-code landlines in the ways clerks write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.core.phone import normalise_phone, parse_phone

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
# Two-digit area codes are 10 and 20–29; the others have three digits starting with 3–9.
area_codes = st.one_of(
    st.sampled_from(["010", *(f"02{n}" for n in range(10))]),
    st.from_regex(r"0[3-9][0-9]{2}", fullmatch=True),
)
local_numbers = st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True)
separators = st.sampled_from(["", " ", "-", "－", "—", "\u3000"])


def refused(raw: str) -> str:
    with pytest.raises(ValidationFailed) as caught:
        parse_phone(raw)
    assert caught.value.field == "phone"
    return str(caught.value.message)


# --- mobiles ---------------------------------------------------------------------------


@given(
    number=mobiles,
    prefix=st.sampled_from(["", "+86", "+86 ", "86", "86-", "0086 ", "＋８６"]),
    first=separators,
    second=separators,
)
def test_mobile_written_any_usual_way_becomes_its_eleven_digits(
    number: str, prefix: str, first: str, second: str
) -> None:
    written = f"{prefix}{number[:3]}{first}{number[3:7]}{second}{number[7:]}"
    assert parse_phone(written) == number
    assert normalise_phone(written) == number


def test_full_width_mobile_and_excel_float_text() -> None:
    assert parse_phone("１３８１２３４５６７８") == "13812345678"
    assert parse_phone("13812345678.0") == "13812345678"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("1381234567", "this one has 10"),
        ("138123456789", "this one has 12"),
        ("12812345678", "11-digit mobile number"),  # no mobile starts with 12
        ("10086", "this one has 5"),
    ],
)
def test_wrong_mobiles_are_refused(raw: str, words: str) -> None:
    assert words in refused(raw)


# --- landlines -----------------------------------------------------------------------------


@given(area=area_codes, local=local_numbers, separator=separators, brackets=st.booleans())
def test_landline_becomes_area_dash_local(
    area: str, local: str, separator: str, brackets: bool
) -> None:
    written = f"({area}){separator}{local}" if brackets else f"{area}{separator}{local}"
    assert parse_phone(written) == f"{area}-{local}"


@given(area=area_codes, local=local_numbers, extension=st.from_regex(r"[0-9]{1,6}", fullmatch=True))
def test_extension_is_kept_after_a_dash(area: str, local: str, extension: str) -> None:
    expected = f"{area}-{local}-{extension}"
    assert parse_phone(f"{area}-{local}-{extension}") == expected
    assert parse_phone(f"{area}-{local}转{extension}") == expected
    assert parse_phone(f"{area}{local} 转 {extension}") == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0836-2812345", "0836-2812345"),
        ("08362812345", "0836-2812345"),
        ("083-62812345", "0836-2812345"),  # the area code's length is known, not written
        ("（0836）2812345", "0836-2812345"),
        ("010-8888-6666", "010-88886666"),  # dashes that only group the digits
        ("028 8123 4567", "028-81234567"),
        ("+86 836 2812345", "0836-2812345"),  # dialled from abroad, without the 0
        ("+86 10 8888 6666", "010-88886666"),
        ("0836-2812345-12", "0836-2812345-12"),
    ],
)
def test_landline_examples(raw: str, expected: str) -> None:
    assert parse_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "Enter a phone number"),
        ("  ", "Enter a phone number"),
        ("2812345", "Add the area code"),
        ("28123456", "Add the area code"),
        ("0836-1812345", "11-digit mobile number or a landline"),  # local numbers start 2–9
        ("0836-28123", "11-digit mobile number or a landline"),
        ("0836-281234567", "11-digit mobile number or a landline"),
        ("0136-2812345", "11-digit mobile number or a landline"),  # 010 is the only 01x code
        ("0036-2812345", "11-digit mobile number or a landline"),
        ("0836-2812345转12a", "11-digit mobile number or a landline"),
        ("0836-2812345-1234567", "11-digit mobile number or a landline"),
        ("电话13812345678", "11-digit mobile number or a landline"),
        ("1381234567\u0668", "11-digit mobile number or a landline"),  # Arabic-Indic 8
    ],
)
def test_bad_numbers_are_refused(raw: str, words: str) -> None:
    assert words in refused(raw)


# --- properties of both ------------------------------------------------------------------


@given(raw=st.text(max_size=30))
def test_any_text_parses_or_is_refused_and_parsing_is_idempotent(raw: str) -> None:
    try:
        parsed = parse_phone(raw)
    except ValidationFailed as error:
        assert error.field == "phone"
        assert normalise_phone(raw) == normalise_phone(normalise_phone(raw))
    else:
        assert parse_phone(parsed) == parsed
        assert normalise_phone(raw) == parsed


def test_normalise_never_raises_and_cleans_what_it_cannot_parse() -> None:
    assert normalise_phone(" 138 1234 56 ") == "138123456"
    assert normalise_phone("") == ""

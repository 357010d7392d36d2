"""Masked numbers show the kept characters and nothing more."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guanai.core.idnumber import make_id
from guanai.core.masking import mask_account, mask_id, mask_phone

digit_strings = st.from_regex(r"[0-9X]{1,30}", fullmatch=True)


def shown(masked: str) -> str:
    return masked.replace("*", "").replace("-", "")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("513322201503041234", "513***********1234"),
        ("11010519491231002X", "110***********002X"),
        ("513322850304123", "513********4123"),  # a legacy 15-digit number
        ("12345678", "****5678"),
        ("1234", "**34"),
        ("1", "*"),
        (" 513322 201503041234 ", "513***********1234"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id(value: str | None, expected: str) -> None:
    assert mask_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("0836-2812345", "0836-***2345"),
        ("010-88886666", "010-****6666"),
        ("08362812345", "0836-***2345"),
        ("0836-2812345转123", "0836-***2345-***"),
        ("2812345", "****345"),  # not a number we understand: at most half shows
        ("", ""),
        ("  ", ""),
        (None, ""),
    ],
)
def test_mask_phone(value: str | None, expected: str) -> None:
    assert mask_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6222021234567890123", "****0123"),
        ("6222 0212 3456 7890", "****7890"),
        ("12345", "****45"),
        ("12", "****2"),
        ("1", "****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_account(value: str | None, expected: str) -> None:
    assert mask_account(value) == expected


@given(value=digit_strings)
def test_id_mask_keeps_its_length_and_shows_at_most_seven_and_never_half(value: str) -> None:
    masked = mask_id(value)
    assert len(masked) == len(value)
    revealed = [i for i, c in enumerate(masked) if c != "*"]
    assert all(masked[i] == value[i] for i in revealed)
    assert len(revealed) <= 7
    assert len(revealed) <= len(value) // 2
    assert all(i < 3 or i >= len(value) - 4 for i in revealed)


@given(
    region=st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)),
    sequence=st.integers(0, 999),
)
def test_real_id_masks_hide_the_birth_date_and_sequence(
    region: str, birth: date, sequence: int
) -> None:
    number = make_id(region, birth, sequence)
    masked = mask_id(number)
    assert masked == number[:3] + "*" * 11 + number[-4:]
    assert f"{birth:%Y%m%d}" not in masked


@given(number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mobile_mask_shows_the_first_three_and_last_four(number: str) -> None:
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[-4:]


@given(
    area=st.from_regex(r"0[3-9][0-9]{2}", fullmatch=True),
    local=st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
    extension=st.one_of(st.just(""), st.from_regex(r"[0-9]{1,6}", fullmatch=True)),
)
def test_landline_mask_shows_the_area_code_and_last_four(
    area: str, local: str, extension: str
) -> None:
    masked = mask_phone(f"{area}-{local}" + (f"-{extension}" if extension else ""))
    assert masked.startswith(f"{area}-")
    assert shown(masked) == area + local[-4:]


@given(value=st.text(max_size=30))
def test_phone_mask_of_any_text_shows_at_most_the_area_code_and_four(value: str) -> None:
    masked = mask_phone(value)
    assert len(shown(masked)) <= 8


@given(value=st.text(min_size=1, max_size=40).filter(str.strip))
def test_account_mask_shows_at_most_four_and_half_and_hides_the_length(value: str) -> None:
    masked = mask_account(value)
    compact = "".join(value.split()).replace("-", "")
    if not compact:
        assert masked == ""
        return
    assert masked.startswith("****")
    tail = masked[4:]
    assert len(tail) <= 4
    assert len(tail) <= len(compact) // 2
    assert compact.endswith(tail)

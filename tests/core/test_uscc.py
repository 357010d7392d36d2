"""Unified social credit codes (GB 32100-2015): made ones pass, any one-character slip fails."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import PROVINCE_PREFIXES
from guanai.core.uscc import ALPHABET, check_character, make_uscc, parse_uscc

# Codes printed on real business licences (深圳市腾讯计算机系统有限公司, 华为技术有限公司).
PUBLISHED = ["9144030071526726XG", "914403001922038216"]

codes = st.builds(
    make_uscc,
    st.sampled_from("159Y"),
    st.sampled_from("123"),
    st.builds(
        lambda prefix, rest: prefix + f"{rest:04d}",
        st.sampled_from(sorted(PROVINCE_PREFIXES)),
        st.integers(0, 9999),
    ),
    st.text(ALPHABET, min_size=9, max_size=9),
)


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_pass(code: str) -> None:
    assert parse_uscc(code) == code


@given(codes)
def test_a_made_code_passes_and_is_kept_as_it_is(code: str) -> None:
    assert parse_uscc(code) == code


@given(codes)
def test_lower_case_full_width_and_spaces_are_read(code: str) -> None:
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())
    assert parse_uscc(f" {full_width[:9]} {full_width[9:]} ") == code


@given(codes, st.integers(0, 17), st.sampled_from(ALPHABET))
def test_any_one_character_changed_is_refused(code: str, position: int, new: str) -> None:
    assume(code[position] != new)
    changed = code[:position] + new + code[position + 1 :]
    with pytest.raises(ValidationFailed):
        parse_uscc(changed)


@given(codes, st.integers(0, 16))
def test_two_neighbours_swapped_are_refused(code: str, position: int) -> None:
    assume(code[position] != code[position + 1])
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    # The weights (powers of 3 modulo 31) differ for every pair of neighbours, so a swap
    # of two different characters changes the sum, unless the division digits stop first.
    with pytest.raises(ValidationFailed):
        parse_uscc(swapped)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("91440300715267", "has 14"),
        ("9144030071526726XGA", "has 19"),
        ("9144030071526726IG", "I"),
        ("91000000715267260G", "000000"),
        ("9144030071526726XH", "mistyped"),
    ],
)
def test_bad_codes_are_refused_with_what_is_wrong(raw: str, says: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_uscc(raw)
    assert says in str(refused.value.message)
    assert refused.value.field == "code"


def test_the_check_character_makes_the_weighted_sum_a_multiple_of_31() -> None:
    first17 = PUBLISHED[0][:17]
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, weights, strict=True))
    assert (total + ALPHABET.index(check_character(first17))) % 31 == 0

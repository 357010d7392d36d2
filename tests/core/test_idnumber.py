"""ID numbers (GB 11643): generated ones pass, any one-digit slip fails, old ones upgrade."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import translation
from django.utils.formats import date_format
from hypothesis import assume, given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import (
    FEMALE,
    MALE,
    PROVINCE_PREFIXES,
    IdNumber,
    check_character,
    check_consistency,
    check_disability_certificate,
    make_id,
    normalise_id,
    parse_id,
)

TODAY = date(2026, 5, 20)
CHARACTERS = "0123456789X"
# The example in GB 11643 itself: 北京市朝阳区, 1949-12-31, a woman, check character X.
STANDARD_EXAMPLE = "11010519491231002X"

regions = st.builds(
    lambda prefix, rest: prefix + f"{rest:04d}",
    st.sampled_from(sorted(PROVINCE_PREFIXES)),
    st.integers(0, 9999),
)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(0, 999)


@st.composite
def valid_ids(draw: st.DrawFn, births: st.SearchStrategy[date] = births) -> str:
    return make_id(draw(regions), draw(births), draw(sequences))


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def refused(raw: str, *, today: date = TODAY) -> str:
    """Return the message of the ``ValidationFailed`` that ``parse_id`` must raise."""
    with pytest.raises(ValidationFailed) as caught:
        parse_id(raw, today=today)
    assert caught.value.field == "id_number"
    return str(caught.value.message)


# --- valid numbers ----------------------------------------------------------------------


@given(region=regions, birth=births, sequence=sequences)
def test_every_generated_number_parses_back_to_its_parts(
    region: str, birth: date, sequence: int
) -> None:
    number = make_id(region, birth, sequence)
    assert parse_id(number, today=TODAY) == IdNumber(
        number=number,
        birth_date=birth,
        gender=MALE if sequence % 2 else FEMALE,
        region_code=region,
        warnings=(),
    )


def test_standard_example_with_x_check_character() -> None:
    parsed = parse_id(STANDARD_EXAMPLE, today=TODAY)
    assert parsed.number == STANDARD_EXAMPLE
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.gender == FEMALE
    assert parsed.region_code == "110105"


def test_lowercase_x_is_accepted_as_x() -> None:
    assert parse_id(STANDARD_EXAMPLE.lower(), today=TODAY).number == STANDARD_EXAMPLE


def test_make_id_gives_x_when_the_check_character_is_ten() -> None:
    numbers = (make_id("513322", date(2015, 3, 4), sequence) for sequence in range(1000))
    with_x = next(number for number in numbers if number.endswith("X"))
    assert parse_id(with_x, today=TODAY).number == with_x


@pytest.mark.parametrize(
    ("birth", "today"),
    [
        (date(2000, 2, 29), TODAY),  # 2000 is a leap year (divisible by 400)
        (date(1900, 1, 1), TODAY),  # the earliest accepted birth date
        (TODAY, TODAY),  # born today
    ],
)
def test_edge_birth_dates_are_accepted(birth: date, today: date) -> None:
    assert parse_id(make_id("513322", birth, 1), today=today).birth_date == birth


def test_today_defaults_to_the_local_date_in_china() -> None:
    # 2026-05-19 20:00 UTC is already 2026-05-20 in Asia/Shanghai.
    number = make_id("513322", date(2026, 5, 20), 2)
    with time_machine.travel("2026-05-19T20:00:00Z", tick=False):
        assert parse_id(number).birth_date == date(2026, 5, 20)
    with time_machine.travel("2026-05-19T15:00:00Z", tick=False), pytest.raises(ValidationFailed):
        parse_id(number)


# --- normalisation ----------------------------------------------------------------------


@given(
    number=valid_ids(),
    spaces=st.lists(st.sampled_from([" ", "\u3000", "\u00a0", "\t"]), max_size=4),
    positions=st.lists(st.integers(0, 18), max_size=4),
    widen=st.booleans(),
)
def test_full_width_spaces_and_lowercase_are_normalised(
    number: str, spaces: list[str], positions: list[int], widen: bool
) -> None:
    messy = number.lower()
    for space, position in zip(spaces, positions, strict=False):
        messy = messy[:position] + space + messy[position:]
    if widen:
        messy = full_width(messy)
    assert normalise_id(messy) == number
    assert parse_id(messy, today=TODAY).number == number


def test_excel_artefacts_are_removed() -> None:
    assert normalise_id("'" + STANDARD_EXAMPLE) == STANDARD_EXAMPLE
    assert normalise_id("513322850304123.0") == "513322850304123"


# --- legacy 15-digit numbers -----------------------------------------------------------


@given(number=valid_ids(births=st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31))))
def test_fifteen_digit_number_upgrades_to_the_eighteen_digit_one(number: str) -> None:
    legacy = number[:6] + number[8:17]  # drop the century and the check character
    parsed = parse_id(legacy, today=TODAY)
    assert parsed.number == number
    assert parse_id(parsed.number, today=TODAY) == parsed


def test_fifteen_digit_number_with_an_impossible_date_is_refused() -> None:
    assert "does not exist" in refused("513322850230123")  # 1985-02-30


def test_fifteen_digit_number_may_not_end_in_x() -> None:
    assert "only digits" in refused("51332285030412X")


# --- refused numbers ---------------------------------------------------------------------


@given(number=valid_ids(), position=st.integers(0, 17), replacement=st.sampled_from(CHARACTERS))
def test_any_single_character_change_is_refused(
    number: str, position: int, replacement: str
) -> None:
    assume(number[position] != replacement)
    changed = number[:position] + replacement + number[position + 1 :]
    refused(changed)


@given(number=valid_ids(), position=st.integers(0, 16))
def test_swapping_two_neighbouring_characters_is_refused(number: str, position: int) -> None:
    assume(number[position] != number[position + 1])
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    refused(swapped)


def test_wrong_check_character_names_a_mistyped_digit() -> None:
    assert "mistyped" in refused(STANDARD_EXAMPLE[:17] + "0")


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "Enter the ID number"),
        ("   ", "Enter the ID number"),
        ("5133222015030412", "this one has 16"),
        ("5133222015030412345", "this one has 19"),
        ("51332220150304123A", "only digits"),
        ("5133222015030X1234", "only digits"),
        ("51332220150304123\u0663", "only digits"),  # an Arabic-Indic digit, untouched by NFKC
    ],
)
def test_malformed_numbers_are_refused(raw: str, words: str) -> None:
    assert words in refused(raw)


@pytest.mark.parametrize(
    ("first17", "words"),
    [
        ("51332219000229123", "1900-02-29) does not exist"),  # 1900 is not a leap year
        ("51332220150230123", "2015-02-30) does not exist"),
        ("51332220151304123", "2015-13-04) does not exist"),
        ("51332220150000123", "does not exist"),
        ("51332218991231123", "before 1900"),
        ("51332220260521123", "2026-05-21) is in the future"),
    ],
)
def test_numbers_with_impossible_birth_dates_are_refused_even_with_a_right_check_character(
    first17: str, words: str
) -> None:
    assert words in refused(first17 + check_character(first17))


def test_the_1880_example_of_the_standard_is_refused_as_before_1900() -> None:
    assert "before 1900" in refused("440524188001010014")


@pytest.mark.parametrize("region", ["000000", "003322", "193322", "203322", "663322", "990101"])
def test_an_unknown_region_is_refused(region: str) -> None:
    # A valid check digit: only the region is wrong.
    number = make_id(region, date(2015, 3, 4), 12)

    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as caught:
        parse_id(number, today=TODAY)

    assert caught.value.field == "id_number"
    assert f"地区码 {region} 不存在" in str(caught.value.message)


@pytest.mark.parametrize("region", ["513322", "710000", "810000", "820000", "830000"])
def test_known_prefixes_are_accepted(region: str) -> None:
    number = make_id(region, date(2015, 3, 4), 12)
    assert parse_id(number, today=TODAY).region_code == region


@given(raw=st.text(max_size=25))
def test_any_text_is_parsed_or_refused_with_a_message(raw: str) -> None:
    try:
        parse_id(raw, today=TODAY)
    except ValidationFailed as error:
        assert error.field == "id_number"
        assert str(error.message)


def test_make_id_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="region"):
        make_id("5133", date(2015, 3, 4), 1)
    with pytest.raises(ValueError, match="sequence"):
        make_id("513322", date(2015, 3, 4), 1000)


# --- consistency with other fields -------------------------------------------------------

WOMAN = parse_id(STANDARD_EXAMPLE, today=TODAY)


def test_matching_or_missing_birth_date_and_gender_pass() -> None:
    check_consistency(WOMAN, birth_date=date(1949, 12, 31), gender=FEMALE)
    check_consistency(WOMAN, birth_date=None, gender=None)
    check_consistency(WOMAN, birth_date=None, gender="")


def test_contradicting_birth_date_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_consistency(WOMAN, birth_date=date(1949, 12, 30), gender=None)
    assert caught.value.field == "birth_date"
    assert date_format(date(1949, 12, 30)) in str(caught.value.message)  # 30 Dec 1949
    assert date_format(date(1949, 12, 31)) in str(caught.value.message)


@given(region=regions, birth=births, sequence=sequences)
def test_contradicting_gender_is_refused(region: str, birth: date, sequence: int) -> None:
    parsed = parse_id(make_id(region, birth, sequence), today=TODAY)
    other = FEMALE if parsed.gender == MALE else MALE
    with pytest.raises(ValidationFailed) as caught:
        check_consistency(parsed, birth_date=None, gender=other)
    assert caught.value.field == "gender"
    check_consistency(parsed, birth_date=birth, gender=parsed.gender)


def test_unknown_gender_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="gender"):
        check_consistency(WOMAN, birth_date=None, gender="女")


# --- disability certificates ---------------------------------------------------------------

ID = make_id("513322", date(1980, 6, 1), 35)


def certificate_refused(
    cert: str, *, id_number: str = ID, category: int | None = None, grade: int | None = None
) -> str:
    with pytest.raises(ValidationFailed) as caught:
        check_disability_certificate(cert, id_number=id_number, category=category, grade=grade)
    assert caught.value.field == "disability_certificate"
    return str(caught.value.message)


@given(id_number=valid_ids(), category=st.integers(1, 7), grade=st.integers(1, 4))
def test_certificate_of_the_person_with_their_category_and_grade_passes(
    id_number: str, category: int, grade: int
) -> None:
    cert = f"{id_number}{category}{grade}"
    assert (
        check_disability_certificate(cert, id_number=id_number, category=category, grade=grade)
        == cert
    )
    assert (
        check_disability_certificate(cert, id_number=id_number, category=None, grade=None) == cert
    )


def test_certificate_is_normalised() -> None:
    cert = full_width(STANDARD_EXAMPLE.lower()) + " ４ ２"
    assert (
        check_disability_certificate(cert, id_number=STANDARD_EXAMPLE, category=4, grade=2)
        == STANDARD_EXAMPLE + "42"
    )


@pytest.mark.parametrize("suffix", ["B1", "b2", "B12"])
def test_reissue_suffix_is_accepted_and_kept(suffix: str) -> None:
    assert (
        check_disability_certificate(ID + "43" + suffix, id_number=ID, category=4, grade=3)
        == ID + "43" + suffix.upper()
    )


def test_certificate_of_a_legacy_id_holder_matches_the_upgraded_number() -> None:
    legacy = ID[:6] + ID[8:17]
    assert check_disability_certificate(ID + "43", id_number=legacy, category=4, grade=3)


@pytest.mark.parametrize(
    ("cert", "words"),
    [
        ("", "Enter the disability certificate number"),
        (ID, "followed by the disability category"),
        (ID + "4", "followed by the disability category"),
        (ID + "83", "followed by the disability category"),  # category 8 does not exist
        (ID + "45", "followed by the disability category"),  # grade 5 does not exist
        (ID + "43B", "followed by the disability category"),
        (ID + "43B123", "followed by the disability category"),
        (ID + "43C1", "followed by the disability category"),
        (make_id("513322", date(1980, 6, 1), 37) + "43", "does not start with"),
    ],
)
def test_bad_certificates_are_refused(cert: str, words: str) -> None:
    assert words in certificate_refused(cert)


def test_category_and_grade_must_match_the_fields() -> None:
    assert "category 4" in certificate_refused(ID + "43", category=5)
    assert "grade 3" in certificate_refused(ID + "43", grade=1)


def test_without_an_id_number_the_embedded_one_is_checked() -> None:
    assert check_disability_certificate(ID + "43", id_number="", category=4, grade=3) == ID + "43"
    wrong = ID[:17] + ("1" if ID[17] != "1" else "2")
    assert "not valid" in certificate_refused(wrong + "43", id_number="")


def test_check_character_refuses_anything_but_seventeen_characters() -> None:
    with pytest.raises(ValueError):
        check_character("5133222010010100")
    with pytest.raises(ValueError):
        check_character("513322201001010001")


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_character_is_the_iso_7064_mod_11_2_sum(first17: str) -> None:
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    assert check_character(first17) == "10X98765432"[total % 11]

"""Administrative division codes: parsing, normalising and the parent–child rule."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.orgs import divisions
from guanai.orgs.divisions import COUNTY, PREFECTURE, PROVINCE, TOWNSHIP, VILLAGE

PREFIXES = sorted(divisions.PROVINCE_PREFIXES)
UNKNOWN_PREFIXES = sorted(f"{n:02d}" for n in range(100) if f"{n:02d}" not in PREFIXES)

provinces = st.sampled_from(PREFIXES)
any2 = st.integers(0, 99).map(lambda n: f"{n:02d}")
nonzero2 = st.integers(1, 99).map(lambda n: f"{n:02d}")
nonzero3 = st.integers(1, 999).map(lambda n: f"{n:03d}")


@st.composite
def chains(draw: st.DrawFn) -> list[str]:
    """Draw the digit groups of one branch: province, prefecture, county, township, village."""
    return [draw(provinces), draw(nonzero2), draw(nonzero2), draw(nonzero3), draw(nonzero3)]


def code_at(groups: list[str], level: int) -> str:
    """Build the code of ``level`` from a branch's digit groups (built by hand, not parsed)."""
    province, prefecture, county, township, village = groups
    return {
        PROVINCE: province + "0000",
        PREFECTURE: province + prefecture + "00",
        COUNTY: province + prefecture + county,
        TOWNSHIP: province + prefecture + county + township + "000",
        VILLAGE: province + prefecture + county + township + village,
    }[level]


def expected_prefix(groups: list[str], level: int) -> str:
    return "".join(groups[:level])


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


# --- valid codes ------------------------------------------------------------------------


@given(groups=chains(), level=st.sampled_from([PROVINCE, PREFECTURE, COUNTY, TOWNSHIP, VILLAGE]))
def test_valid_code_parses_to_its_level_and_prefix(groups: list[str], level: int) -> None:
    code = code_at(groups, level)
    parsed = divisions.parse(code)
    assert parsed.code == code
    assert parsed.level == level
    assert parsed.prefix == expected_prefix(groups, level)


@given(province=provinces, county=nonzero2)
def test_county_directly_under_the_province_is_a_county(province: str, county: str) -> None:
    # 省直辖县级行政区划 such as 济源 419001 have no prefecture digits of their own.
    parsed = divisions.parse(province + "00" + county)
    assert (parsed.level, parsed.prefix) == (COUNTY, province + "00" + county)


@given(
    first=chains(),
    second=chains(),
    shared=st.integers(0, 5),
    levels=st.lists(st.integers(1, 5), min_size=2, max_size=2, unique=True).map(sorted),
)
def test_check_child_accepts_exactly_the_codes_inside_the_parent(
    first: list[str], second: list[str], shared: int, levels: list[int]
) -> None:
    # Given a parent from one branch and a deeper child from a branch sharing `shared` groups
    parent_level, child_level = levels
    other = first[:shared] + second[shared:]
    parent = divisions.parse(code_at(first, parent_level))
    child = divisions.parse(code_at(other, child_level))
    inside = first[:parent_level] == other[:parent_level]
    # Then check_child passes exactly when the child extends the parent's digits
    if inside:
        divisions.check_child(child, parent)
    else:
        with pytest.raises(ValidationFailed) as caught:
            divisions.check_child(child, parent)
        assert caught.value.field == "code"
        assert child.code in str(caught.value.message)
        assert parent.code in str(caught.value.message)
    # And a unit is never inside its own descendant or inside itself
    with pytest.raises(ValidationFailed):
        divisions.check_child(parent, child)
    with pytest.raises(ValidationFailed):
        divisions.check_child(child, child)


@given(groups=chains(), level=st.sampled_from([PROVINCE, PREFECTURE, COUNTY]))
def test_twelve_digit_form_of_a_county_or_above_becomes_six_digits(
    groups: list[str], level: int
) -> None:
    six = code_at(groups, level)
    assert divisions.normalise(six + "000000") == six
    assert divisions.parse(six + "000000") == divisions.parse(six)


@given(
    groups=chains(),
    level=st.sampled_from([PROVINCE, PREFECTURE, COUNTY, TOWNSHIP, VILLAGE]),
    data=st.data(),
)
def test_full_width_digits_and_spaces_are_normalised(
    groups: list[str], level: int, data: st.DataObject
) -> None:
    code = code_at(groups, level)
    # Each digit may be full-width, and spaces (ASCII, ideographic, no-break) may sit anywhere.
    chars = [data.draw(st.sampled_from([c, full_width(c)])) for c in code]
    spaces = st.text(alphabet=" \u3000\u00a0", max_size=2)
    messy = "".join(data.draw(spaces) + c for c in chars) + data.draw(spaces)
    assert divisions.normalise(messy) == code
    assert divisions.parse(messy).code == code


# --- invalid codes ----------------------------------------------------------------------


@given(groups=chains(), level=st.sampled_from([PROVINCE, COUNTY, VILLAGE]), data=st.data())
def test_a_non_digit_character_is_refused(
    groups: list[str], level: int, data: st.DataObject
) -> None:
    code = code_at(groups, level)
    position = data.draw(st.integers(0, len(code) - 1))
    bad = data.draw(st.sampled_from([*"AOlx-/,·", "\u0969", "\u0663"]))
    broken = code[:position] + bad + code[position + 1 :]
    with pytest.raises(ValidationFailed) as caught:
        divisions.parse(broken)
    assert caught.value.field == "code"


@given(digits=st.text(alphabet="0123456789", max_size=20).filter(lambda s: len(s) not in (6, 12)))
@example(digits="")
@example(digits="51332")
@example(digits="5133221")
@example(digits="51332210100")
@example(digits="5133221010001")
def test_wrong_length_is_refused(digits: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        divisions.parse(digits)
    assert "6 or 12 digits" in str(caught.value.message)


@given(prefix=st.sampled_from(UNKNOWN_PREFIXES), rest=st.sampled_from(["0000", "3300", "3322"]))
def test_unknown_province_prefix_is_refused(prefix: str, rest: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        divisions.parse(prefix + rest)
    assert "province code" in str(caught.value.message)


@given(groups=chains(), village=nonzero3)
def test_village_digits_without_township_digits_are_refused(
    groups: list[str], village: str
) -> None:
    code = code_at(groups, COUNTY) + "000" + village
    with pytest.raises(ValidationFailed) as caught:
        divisions.parse(code)
    assert "township digits (7–9) are 000" in str(caught.value.message)
    assert code in str(caught.value.message)


@given(raw=st.text(max_size=16))
@example(raw="51३३२२")  # Devanagari digits pass str.isdigit() but are no division code
@example(raw="５１３３２２")
@example(raw="513322101000.0")
def test_anything_parsed_is_a_well_formed_ascii_code(raw: str) -> None:
    try:
        parsed = divisions.parse(raw)
    except ValidationFailed:
        return
    code = parsed.code
    assert code.isascii() and code.isdigit() and len(code) in (6, 12)
    assert code[:2] in divisions.PROVINCE_PREFIXES
    assert code.startswith(parsed.prefix)
    assert divisions.parse(code) == parsed


# --- the demo region --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code", "level", "prefix"),
    [
        ("510000", "510000", PROVINCE, "51"),
        ("513300", "513300", PREFECTURE, "5133"),
        ("513322", "513322", COUNTY, "513322"),
        ("513322000000", "513322", COUNTY, "513322"),
        ("513322101000", "513322101000", TOWNSHIP, "513322101"),
        ("513322102000", "513322102000", TOWNSHIP, "513322102"),
        ("513322101201", "513322101201", VILLAGE, "513322101201"),
        ("５１３３２２ １０１ ０００", "513322101000", TOWNSHIP, "513322101"),
        ("513322101000.0", "513322101000", TOWNSHIP, "513322101"),
        (" 513322 ", "513322", COUNTY, "513322"),
    ],
)
def test_demo_codes(raw: str, code: str, level: int, prefix: str) -> None:
    assert divisions.parse(raw) == divisions.DivisionCode(code, level, prefix)


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("513300", "510000"),
        ("513322", "510000"),
        ("513322", "513300"),
        ("513322101000", "513322"),
        ("513322101000", "513300"),
        ("513322101201", "513322101000"),
        ("513322102201", "510000"),
    ],
)
def test_demo_children_are_inside_their_parents(child: str, parent: str) -> None:
    divisions.check_child(divisions.parse(child), divisions.parse(parent))


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("513323101000", "513322"),  # a township of another county
        ("513322102201", "513322101000"),  # 兴隆镇's village under 冷碛镇
        ("513322", "513322"),  # the same unit
        ("513300", "513322"),  # upside down
        ("520000", "510000"),  # a province under a province
        ("533322", "513300"),  # same digits after another province
    ],
)
def test_demo_codes_outside_their_parent_are_refused(child: str, parent: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        divisions.check_child(divisions.parse(child), divisions.parse(parent))
    assert str(caught.value.message) == (
        f"Code {child} is not inside {parent}, the code of the unit above."
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("51332", "A division code has 6 or 12 digits; “51332” does not."),
        ("51332A", "A division code has 6 or 12 digits; “51332A” does not."),
        ("", "A division code has 6 or 12 digits; “” does not."),
        ("993322", "“993322” does not start with a province code (11–82)."),
        (
            "513322000201",
            "In “513322000201” the township digits (7–9) are 000 but a village is given.",
        ),
    ],
)
def test_refusals_explain_the_problem(raw: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        divisions.parse(raw)
    assert str(caught.value.message) == message

"""The details of each category: what is accepted, what is refused, how they read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import make_id
from guanai.registry import details
from guanai.registry.details import Kind, details_clean, fields_for
from guanai.registry.models import Category

TODAY = date(2026, 11, 28)
HOLDER = make_id("513322", date(1980, 4, 2), 31)
# What the roster importer writes for a disabled person and a left-behind child.
IMPORTED = {
    Category.DISABLED: {"certificate_suffix": "42", "type": 4, "grade": 2},
    Category.LEFT_BEHIND: {
        "away": "both",
        "away_at": "广东东莞",
        "since": "2022-02-01",
        "guardianship": "fair",
    },
}


def _choices(category: str, key: str) -> list[str | int]:
    return [code for code, _label in details.field_of(category, key).choices]


past_dates = st.dates(min_value=date(1950, 1, 1), max_value=TODAY)
texts = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=40
)


@st.composite
def valid_details(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """Draw a category with details a form or the API could send for it."""
    category = draw(st.sampled_from(Category.values))
    raw: dict[str, object] = {}
    for spec in fields_for(category):
        if spec.kind is Kind.CERTIFICATE or not draw(st.booleans()):
            continue
        if spec.kind is Kind.CHOICE:
            code = draw(st.sampled_from([code for code, _label in spec.choices]))
            # A form sends the disability codes as text, the API as numbers.
            raw[spec.key] = str(code) if draw(st.booleans()) else code
        elif spec.kind is Kind.PAST_DATE:
            day = draw(past_dates)
            raw[spec.key] = day if draw(st.booleans()) else day.isoformat()
        else:
            raw[spec.key] = draw(texts)
    if "guardianship_assessed_on" in raw and "guardianship" not in raw:
        raw["guardianship"] = "good"
    return category, raw


@given(valid_details())
def test_valid_details_pass_and_cleaning_again_changes_nothing(
    drawn: tuple[str, dict[str, object]],
) -> None:
    category, raw = drawn
    cleaned = details_clean(category, raw, today=TODAY)
    assert set(cleaned) == set(raw)
    assert details_clean(category, cleaned, today=TODAY) == cleaned
    for key, value in cleaned.items():
        spec = details.field_of(category, key)
        if spec.kind is Kind.PAST_DATE:
            assert date.fromisoformat(value) <= TODAY
        elif spec.kind is Kind.CHOICE:
            assert value in _choices(category, key)


@given(
    category=st.sampled_from(
        [c for c in details.FIELDS if any(s.kind is Kind.CHOICE for s in fields_for(c))]
    ),
    data=st.data(),
    value=st.one_of(
        st.text(alphabet="abfgopr0123456789 -", max_size=8), st.integers(), st.booleans()
    ),
)
def test_a_value_outside_the_choices_is_refused_naming_its_field(
    category: str, data: st.DataObject, value: object
) -> None:
    specs = [s for s in fields_for(category) if s.kind is Kind.CHOICE]
    spec = data.draw(st.sampled_from(specs))
    codes = [code for code, _label in spec.choices]
    text = value.strip() if isinstance(value, str) else None
    if text is not None and (
        not text
        or text in codes
        or text in map(str, codes)
        # A numeric code written with leading zeros ("01") is that code.
        or (text.isascii() and text.isdigit() and int(text) in codes)
    ):
        return  # blank is left out; a code (as text) is valid
    if not isinstance(value, bool) and isinstance(value, int) and value in codes:
        return
    with pytest.raises(ValidationFailed) as refused:
        details_clean(category, {spec.key: value}, today=TODAY)
    assert refused.value.field == spec.key


@given(ahead=st.integers(min_value=1, max_value=3000), data=st.data())
def test_a_date_in_the_future_is_refused(ahead: int, data: st.DataObject) -> None:
    category = data.draw(st.sampled_from([Category.LEFT_BEHIND, Category.MAJOR_ILLNESS]))
    spec = data.draw(st.sampled_from([s for s in fields_for(category) if s.kind is Kind.PAST_DATE]))
    raw: dict[str, object] = {spec.key: TODAY + timedelta(days=ahead), "guardianship": "good"}
    if category != Category.LEFT_BEHIND:
        raw.pop("guardianship")
    with pytest.raises(ValidationFailed) as refused:
        details_clean(category, raw, today=TODAY)
    assert refused.value.field == spec.key


@given(kind=st.integers(1, 7), grade=st.integers(1, 4), b=st.sampled_from(["", "B1", "B12"]))
def test_a_whole_certificate_of_the_holder_keeps_only_what_follows_the_id(
    kind: int, grade: int, b: str
) -> None:
    cleaned = details_clean(
        Category.DISABLED, {"certificate_suffix": f"{HOLDER}{kind}{grade}{b}"}, id_number=HOLDER
    )
    assert cleaned == {"certificate_suffix": f"{kind}{grade}{b}", "type": kind, "grade": grade}
    assert HOLDER not in str(cleaned)


@given(sequence=st.integers(0, 999).filter(lambda n: n != 31))
def test_a_certificate_of_someone_else_is_refused(sequence: int) -> None:
    other = make_id("513322", date(1980, 4, 2), sequence)
    with pytest.raises(ValidationFailed) as refused:
        details_clean(Category.DISABLED, {"certificate_suffix": f"{other}42"}, id_number=HOLDER)
    assert refused.value.field == "certificate_suffix"


def test_what_the_importer_writes_is_valid() -> None:
    for category, stored in IMPORTED.items():
        assert details_clean(category, stored, id_number=HOLDER, today=TODAY) == stored


def test_a_certificate_contradicting_the_type_or_grade_is_refused() -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        details_clean(Category.DISABLED, {"certificate_suffix": "42", "type": "5"})
    assert refused.value.field == "type"
    assert "says disability category 4" in str(refused.value.message)
    with pytest.raises(ValidationFailed) as refused:
        details_clean(
            Category.DISABLED, {"certificate_suffix": f"{HOLDER}42", "grade": 1}, id_number=HOLDER
        )
    assert refused.value.field == "certificate_suffix"


@pytest.mark.parametrize("bad", ["4", "82", "4Z", "51322219800402031"])
def test_a_malformed_certificate_is_refused(bad: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        details_clean(Category.DISABLED, {"certificate_suffix": bad}, id_number=HOLDER)
    assert refused.value.field == "certificate_suffix"


def test_a_whole_certificate_needs_the_holders_id_on_the_file() -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        details_clean(Category.DISABLED, {"certificate_suffix": f"{HOLDER}42"}, id_number="")
    assert "ID number on the file first" in str(refused.value.message)


def test_unknown_keys_and_details_of_categories_without_any_are_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        details_clean(Category.ORPHAN, {"away": "father"})
    assert refused.value.field == "away"
    with pytest.raises(ValidationFailed):
        details_clean(Category.DIBAO, {"note": "x"})
    assert details_clean(Category.DIBAO, {}) == {}
    assert details_clean(Category.DIBAO, None) == {}


def test_blank_values_are_left_out_and_text_is_tidied() -> None:
    cleaned = details_clean(
        Category.MAJOR_ILLNESS, {"disease": "  白血病 \n", "diagnosed_on": ""}, today=TODAY
    )
    assert cleaned == {"disease": "白血病"}
    with pytest.raises(ValidationFailed) as refused:
        details_clean(Category.MAJOR_ILLNESS, {"disease": "病" * 101})
    assert refused.value.field == "disease"


def test_dates_are_read_as_clerks_write_them_and_stored_as_iso() -> None:
    cleaned = details_clean(
        Category.LEFT_BEHIND, {"since": "2022年2月1日", "last_contact": "2026/11/3"}, today=TODAY
    )
    assert cleaned == {"since": "2022-02-01", "last_contact": "2026-11-03"}
    with pytest.raises(ValidationFailed) as refused:
        details_clean(Category.LEFT_BEHIND, {"since": "去年"}, today=TODAY)
    assert refused.value.field == "since"
    with pytest.raises(ValidationFailed) as refused:
        details_clean(Category.LEFT_BEHIND, {"since": 44000}, today=TODAY)
    assert refused.value.field == "since"


def test_an_assessment_date_needs_the_assessment() -> None:
    with pytest.raises(ValidationFailed) as refused:
        details_clean(Category.LEFT_BEHIND, {"guardianship_assessed_on": "2026-11-01"})
    assert refused.value.field == "guardianship"


def test_describe_gives_labels_and_readable_values() -> None:
    with translation.override("en"):
        pairs = details.describe(Category.LEFT_BEHIND, IMPORTED[Category.LEFT_BEHIND])
        assert ("Parent(s) away", "Both parents") in pairs
        assert ("Guardianship", "Fair") in pairs
        assert ("Where they work", "广东东莞") in pairs
        disabled = dict(details.describe(Category.DISABLED, IMPORTED[Category.DISABLED]))
        assert disabled["Disability type"] == "Physical disability"
        assert disabled["Disability grade"] == "Grade 2"
        assert disabled["Disability certificate number"] == "ID number + 42"
        # A key an older version wrote is shown as it is, not lost.
        assert ("legacy", "x") in details.describe(Category.ORPHAN, {"legacy": "x"})

"""The eligibility engine (总则 (二), plan 八): each rule on both sides, with the reason a
clerk reads; property tests on the boundaries of age and grade."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from guanai.institutions.eligibility import Disability, Eligibility, check

DISABLED = frozenset({"disabled"})


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The reasons are read in English here; their Chinese is the translators'.
    with translation.override("en"):
        yield


def care(
    age: int | None = 30,
    *disabilities: Disability,
    categories: frozenset[str] = DISABLED,
    params: dict[str, object] | None = None,
) -> Eligibility:
    return check(
        category="care",
        age=age,
        disabilities=disabilities or (Disability(5, 2),),
        categories=categories,
        params=params or {},
    )


def test_an_intellectually_disabled_adult_is_eligible_and_told_why() -> None:
    found = care(30, Disability(5, 3))
    assert found.eligible
    assert found.reasons == (
        "Aged 30, within the working age of 16–59.",
        "Intellectual disability, Grade 3",
    )


def test_age_outside_the_working_age_is_refused_with_the_age() -> None:
    found = care(62)
    assert not found.eligible
    assert found.reason == "Aged 62, outside the working age of 16–59."


def test_a_physical_disability_of_grade_3_is_not_severe() -> None:
    found = care(30, Disability(4, 3))
    assert not found.eligible
    assert found.reason == "Physical disability, Grade 3: not severe (grade 1 or 2)."


def test_without_a_disabled_category_the_person_is_refused() -> None:
    found = care(30, categories=frozenset({"dibao"}))
    assert found.reasons == ("No disabled-person category is registered.",)


def test_every_failed_ground_is_named() -> None:
    found = care(70, Disability(1, 1))
    assert found.reasons == (
        "Aged 70, outside the working age of 16–59.",
        "Visual disability: a care institution serves intellectual, mental, severe physical or "
        "severe multiple disabilities.",
    )


def test_missing_age_type_and_grade_are_said() -> None:
    assert care(None).reasons == ("The birth date is not recorded, so the age is not known.",)
    assert care(30, Disability(None, 1)).reasons == ("The type of the disability is not recorded.",)
    assert care(30, Disability(7, None)).reasons == (
        "Multiple disabilities without a recorded grade; a severe one (grade 1 or 2) is served.",
    )


def test_one_admitting_certificate_is_enough() -> None:
    assert care(30, Disability(4, 4), Disability(6, 4)).eligible


def test_the_standard_may_set_the_working_age() -> None:
    assert care(62, params={"min_age": 18, "max_age": 65}).eligible
    found = care(17, params={"min_age": 18, "max_age": 65})
    assert found.reason == "Aged 17, outside the working age of 18–65."
    # Nonsense parameters keep the defaults
    assert care(16, params={"min_age": "x", "max_age": 10}).eligible


@pytest.mark.parametrize("category", ["elder_home", "welfare_home"])
def test_homes_take_in_the_extremely_poor_and_three_no_at_any_age(category: str) -> None:
    def home(categories: set[str]) -> Eligibility:
        return check(category=category, age=88, disabilities=(), categories=categories, params={})

    assert home({"tekun"}).reasons == ("Extremely poor person",)
    assert home({"sanwu", "disabled"}).eligible
    refused = home({"dibao", "disabled"})
    assert not refused.eligible
    assert refused.reason == (
        "Neither an extremely poor (five-guarantee) nor a three-no person is registered."
    )


@given(age=st.integers(min_value=0, max_value=120))
def test_working_age_boundaries(age: int) -> None:
    assert care(age).eligible == (16 <= age <= 59)


@given(
    kind=st.sampled_from([1, 2, 3, 4, 5, 6, 7]),
    grade=st.sampled_from([1, 2, 3, 4]),
    age=st.sampled_from([15, 16, 59, 60]),
)
def test_type_and_grade_boundaries(kind: int, grade: int, age: int) -> None:
    found = care(age, Disability(kind, grade))
    serves = kind in (5, 6) or (kind in (4, 7) and grade <= 2)
    assert found.eligible == (serves and age in (16, 59))
    # Eligible: the age and the certificate admitting; refused: one reason per failed ground
    assert len(found.reasons) == (2 if found.eligible else (not serves) + (age in (15, 60)))

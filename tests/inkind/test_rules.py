"""The eligibility rules: each seeded rule on both sides, bad rules refused, and the Python and
SQL forms agreeing on random persons."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.inkind.catalogue.seeded import SERVICES
from guanai.inkind.eligibility import eligible_q, facts_of, person_decision
from guanai.inkind.rules import Facts, Span, decide, explain, rules_clean
from guanai.registry.models import Category, Person
from tests.inkind.support import World, service

ON = date(2026, 12, 1)
RULES = {entry["code"]: entry["rules"] for entry in SERVICES}


def facts(
    *spans: tuple[str, dict[str, Any]], born: date | None = date(1950, 1, 1), house: str = ""
) -> Facts:
    return Facts([Span(c, d, date(2020, 1, 1), None) for c, d in spans], born, house)


DISABLED_4 = ("disabled", {"type": 4, "grade": 2})


@pytest.mark.parametrize(
    ("code", "meets", "fails"),
    [
        # Type: physical qualifies for a wheelchair, hearing does not.
        ("wheelchair", facts(DISABLED_4), facts(("disabled", {"type": 2, "grade": 2}))),
        ("hearing_aid", facts(("disabled", {"type": 2})), facts(DISABLED_4)),
        # Age ≥ 60 for a prosthesis: 60 today qualifies, 59 does not.
        (
            "prosthesis",
            facts(DISABLED_4, born=date(1966, 12, 1)),
            facts(DISABLED_4, born=date(1966, 12, 2)),
        ),
        # A poor child: the second category is needed, and the age at most 17.
        (
            "rehab_cp_child",
            facts(("disabled", {"type": 5}), ("dibao", {}), born=date(2009, 12, 2)),
            facts(("disabled", {"type": 5}), born=date(2015, 1, 1)),
        ),
        (
            "rehab_cp_child",
            facts(("disabled", {"type": 5}), ("dibao", {}), born=date(2009, 12, 2)),
            facts(("disabled", {"type": 5}), ("dibao", {}), born=date(2008, 12, 1)),
        ),
        # Housing: scattered support and a dangerous house, both needed.
        (
            "housing_renovation",
            facts(("tekun", {"support": "scattered"}), house="c_grade"),
            facts(("tekun", {"support": "scattered"}), house="safe"),
        ),
        (
            "housing_renovation",
            facts(("tekun", {"support": "scattered"}), house="d_grade"),
            facts(("tekun", {"support": "centralised"}), house="d_grade"),
        ),
        # Working age 16–59 for training: 16 qualifies, 60 does not.
        (
            "skills_training",
            facts(("dibao", {}), born=date(2010, 12, 1)),
            facts(("dibao", {}), born=date(1966, 12, 1)),
        ),
        (
            "micro_loan",
            facts(("dibao", {}), born=date(2008, 12, 1)),
            facts(("dibao", {}), born=date(2008, 12, 2)),
        ),
        ("medical_insurance", facts(("orphan", {})), facts(("dibao", {}))),
        (
            "school_placement",
            facts(("disabled", {}), born=date(2020, 12, 1)),
            facts(("disabled", {}), born=date(2020, 12, 2)),
        ),
        # Not in a welfare home: a 三无 person also in centralised support is not housed.
        (
            "low_rent_housing",
            facts(("sanwu", {})),
            facts(("sanwu", {}), ("tekun", {"support": "centralised"})),
        ),
    ],
)
def test_each_rule_on_both_sides(code: str, meets: Facts, fails: Facts) -> None:
    assert decide(RULES[code], meets, ON).eligible
    decision = decide(RULES[code], fails, ON)
    assert not decision.eligible
    assert any(not line.met for line in decision.lines)


def test_an_ended_span_or_an_archived_file_does_not_qualify() -> None:
    ended = Facts([Span("disabled", {"type": 4}, date(2020, 1, 1), date(2026, 11, 30))], None, "")
    assert not decide(RULES["wheelchair"], ended, ON).eligible
    archived = Facts(
        [Span("disabled", {"type": 4}, date(2020, 1, 1), None)], None, "", archived=True
    )
    assert [line.met for line in decide(RULES["wheelchair"], archived, ON).lines] == [True, False]


def test_unknown_birth_date_does_not_pass_an_age_rule() -> None:
    decision = decide(RULES["prosthesis"], facts(DISABLED_4, born=None), ON)
    assert [line.met for line in decision.lines] == [True, False]


def test_rules_explain_themselves_in_chinese_and_english() -> None:
    assert explain(rules_clean(RULES["prosthesis"])) == ["残疾人（肢体残疾）", "60周岁及以上"]
    with translation.override("en"):
        assert explain(rules_clean(RULES["prosthesis"])) == [
            "Disabled person (Physical disability)",
            "Aged 60 or over",
        ]


@pytest.mark.parametrize(
    ("raw", "field", "english"),
    [
        ({}, "categories", "Choose at least one category"),
        ({"categories": ["nobody"]}, "categories", "Categories: choose among"),
        ({"categories": ["dibao"], "types": [4]}, "types", "apply to disabled persons alone"),
        (
            {"categories": ["disabled"], "support": ["scattered"]},
            "support",
            "support mode applies only",
        ),
        (
            {"categories": ["disabled"], "age_min": 70, "age_max": 60},
            "age_min",
            "lowest age is above",
        ),
        ({"categories": ["disabled"], "age_min": "60"}, "age_min", "whole number of years"),
        ({"categories": ["disabled"], "age_max": 121}, "age_max", "whole number of years"),
        ({"categories": ["disabled"], "types": [True]}, "types", "Disability types: choose among"),
        (
            {"categories": ["disabled"], "colour": "red"},
            "rules",
            "Unknown eligibility rule: colour",
        ),
        ({"categories": ["tekun"], "house": ["leaky"]}, "house", "House condition: choose among"),
    ],
)
def test_bad_rules_are_refused_with_a_message(raw: object, field: str, english: str) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        rules_clean(raw)
    assert caught.value.field == field
    assert english in str(caught.value.message)


def test_every_seeded_rule_is_clean() -> None:
    for code, rules in RULES.items():
        assert rules_clean(rules)["categories"], code


def test_the_world_matches_the_hand_computed_decisions(world: World) -> None:
    expected = {
        "wheelchair": {"王大爷"},
        "hearing_aid": {"李听"},
        "prosthesis": {"王大爷"},
        "rehab_cp_child": {"小明"},
        "housing_renovation": {"赵婆婆"},
        "skills_training": {"李听"},
        "medical_insurance": {"赵婆婆", "钱公"},
        "school_placement": {"小明"},
    }
    persons = Person.objects.filter(org_unit=world.region.lengqi)
    for code, names in expected.items():
        rules = service(code).rules
        assert set(persons.filter(eligible_q(rules, ON)).values_list("name", flat=True)) == names
        python = {
            p.name
            for p in persons.prefetch_related("categories")
            if person_decision(service(code), p, ON).eligible
        }
        assert python == names, code


CATEGORIES = st.sampled_from(
    [Category.DISABLED, Category.DIBAO, Category.TEKUN, Category.ORPHAN, Category.SANWU]
)
DETAILS = st.fixed_dictionaries(
    {},
    optional={
        "type": st.integers(1, 7),
        "grade": st.integers(1, 4),
        "support": st.sampled_from(["centralised", "scattered"]),
    },
)
SPANS = st.lists(
    st.tuples(
        CATEGORIES,
        DETAILS,
        st.dates(date(2020, 1, 1), date(2027, 6, 1)),
        st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2028, 1, 1))),
    ),
    max_size=3,
)


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    spans=SPANS,
    born=st.one_of(st.none(), st.dates(date(1920, 1, 1), date(2026, 11, 30))),
    house=st.sampled_from(["", "safe", "c_grade", "d_grade"]),
    on=st.dates(date(2021, 1, 1), date(2027, 12, 31)),
)
@pytest.mark.django_db
def test_python_and_sql_agree(
    world: World, spans: list[Any], born: date | None, house: str, on: date
) -> None:
    person = world.healthy
    person.categories.all().delete()
    Person.objects.filter(pk=person.pk).update(birth_date=born, house_condition=house)
    for category, details, started, ended in spans:
        person.categories.create(
            category=category,
            details=details,
            started_on=started,
            ended_on=ended if ended is None or ended >= started else started,
        )
    fresh = Person.objects.prefetch_related("categories").get(pk=person.pk)
    for entry in SERVICES:
        rules = entry["rules"]
        sql = Person.objects.filter(eligible_q(rules, on), pk=person.pk).exists()
        assert sql == decide(rules, facts_of(fresh), on).eligible, entry["code"]

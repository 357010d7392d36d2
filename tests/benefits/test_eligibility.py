"""Eligibility: hand-computed cases of each rule, and the SQL form against the Python form."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.benefits.eligibility import benefits_of, medical_groups
from guanai.benefits.entitlements import entitlement_grant
from guanai.benefits.models import Entitlement, PolicyRate
from guanai.benefits.rolls import roll_gaps, roll_generate, roll_lines
from guanai.core.actors import SYSTEM
from guanai.registry.models import Person
from tests.benefits.fixtures_rolls import MONTH, SINCE, person, scattered_orphan
from tests.conftest import Region


def _items(person_: Person, on: date = MONTH) -> dict[str, Decimal]:
    return {b.item.code: b.amount for b in benefits_of(person_, on)[0]}


def test_scattered_orphan_gets_600_with_reason_and_source(region: Region) -> None:
    orphan = scattered_orphan(region.ganlusi)
    with translation.override("en"):
        benefits, gaps = benefits_of(orphan, date(2025, 3, 17))
        (benefit,) = benefits
        assert benefit.item.code == "orphan_scattered"
        assert (benefit.quantity, benefit.amount) == (1, Decimal("600.00"))
        assert benefit.reason == "Orphan (Scattered support), since 2024-03-01"
        assert benefit.rate.version is None
        assert "¥600.00 × 1 = ¥600.00" in benefit.explanation
        assert "national standard" in benefit.explanation
    assert gaps == []


def test_centralised_orphan_gets_1000(region: Region) -> None:
    orphan = person(region.ganlusi, "甲", ("orphan", SINCE, {"support": "centralised"}))
    assert _items(orphan) == {"orphan_centralised": Decimal("1000.00")}


def test_orphan_without_support_mode_is_a_gap_not_a_payment(region: Region) -> None:
    orphan = person(region.ganlusi, "乙", ("orphan", SINCE, {"placement": "kinship"}))
    with translation.override("en"):
        benefits, gaps = benefits_of(orphan, MONTH)
    assert benefits == []
    assert len(gaps) == 1 and "support mode" in gaps[0]


def test_sunshine_home_rules(region: Region) -> None:
    mental = person(region.ganlusi, "丙", ("disabled", SINCE, {"type": 6, "grade": 4}))
    severe = person(region.ganlusi, "丁", ("disabled", SINCE, {"type": 4, "grade": 2}))
    mild = person(region.ganlusi, "戊", ("disabled", SINCE, {"type": 4, "grade": 3}))
    unknown = person(region.ganlusi, "己", ("disabled", SINCE, {"type": 4}))
    in_care = person(
        region.ganlusi,
        "庚",
        ("disabled", SINCE, {"type": 5}),
        ("tekun", SINCE, {"support": "centralised"}),
    )
    at_home_tekun = person(
        region.ganlusi,
        "辛",
        ("disabled", SINCE, {"grade": 1}),
        ("tekun", SINCE, {"support": "scattered"}),
    )
    assert _items(mental) == {"sunshine_home": Decimal("50.00")}
    assert _items(severe) == {"sunshine_home": Decimal("50.00")}
    assert _items(mild) == {}
    assert benefits_of(mild, MONTH)[1] == []
    assert _items(unknown) == {}
    assert len(benefits_of(unknown, MONTH)[1]) == 1
    assert _items(in_care) == {}
    assert benefits_of(in_care, MONTH)[1] == []
    assert _items(at_home_tekun) == {"sunshine_home": Decimal("50.00")}


def test_centralised_orphan_with_a_disability_is_not_at_home(region: Region) -> None:
    orphan = person(
        region.ganlusi,
        "壬",
        ("orphan", SINCE, {"support": "centralised"}),
        ("disabled", SINCE, {"type": 5, "grade": 1}),
    )
    assert _items(orphan) == {"orphan_centralised": Decimal("1000.00")}


def test_what_starts_within_the_month_pays_from_next_month(region: Region) -> None:
    orphan = person(region.ganlusi, "癸", ("orphan", date(2025, 3, 2), {"support": "scattered"}))
    with translation.override("en"):
        benefits, gaps = benefits_of(orphan, date(2025, 3, 20))
    assert benefits == []
    assert len(gaps) == 1 and "next month" in gaps[0]
    assert _items(orphan, date(2025, 4, 1)) == {"orphan_scattered": Decimal("600.00")}


def test_the_first_day_decides_the_month(region: Region) -> None:
    ended_before = person(
        region.ganlusi, "子", ("orphan", SINCE, {"support": "scattered"}, date(2025, 2, 28))
    )
    ended_on_first = person(
        region.ganlusi, "丑", ("orphan", SINCE, {"support": "scattered"}, date(2025, 3, 1))
    )
    started_on_first = person(region.ganlusi, "寅", ("orphan", MONTH, {"support": "scattered"}))
    assert _items(ended_before) == {}
    assert _items(ended_on_first) == {"orphan_scattered": Decimal("600.00")}
    assert _items(started_on_first) == {"orphan_scattered": Decimal("600.00")}


def test_archived_person_gets_nothing(region: Region) -> None:
    gone = person(region.ganlusi, "卯", ("orphan", SINCE, {"support": "scattered"}), archived=True)
    assert benefits_of(gone, MONTH) == ([], [])


def test_one_child_aid_is_rate_times_persons_at_the_local_standard(
    region: Region, county_leader: object
) -> None:
    parent = person(region.ganlusi, "辰")
    entitlement_grant(
        acting_user=SYSTEM,
        person=parent,
        item="one_child_aid",
        quantity=2,
        started_on=SINCE,
        reason="独生子女伤残",
    )
    local = PolicyRate.objects.create(
        item="one_child_aid", org_unit=region.lengqi, effective_from=SINCE, amount="130.00"
    )
    (benefit,) = benefits_of(parent, MONTH)[0]
    assert (benefit.quantity, benefit.rate.amount, benefit.amount) == (
        2,
        Decimal("130.00"),
        Decimal("260.00"),
    )
    assert benefit.rate.version == local
    assert benefit.entitlement is not None
    with translation.override("en"):
        assert "冷碛镇" in benefit.rate.source


def test_medical_groups_on_a_date(region: Region) -> None:
    poor = person(
        region.ganlusi,
        "巳",
        ("dibao", SINCE, {}, date(2025, 6, 30)),
        ("tekun", date(2025, 1, 1), {}),
        ("left_behind", SINCE, {}),
    )
    assert medical_groups(poor, date(2025, 3, 1)) == ("tekun", "dibao")
    assert medical_groups(poor, date(2025, 7, 1)) == ("tekun",)
    assert medical_groups(poor, date(2024, 12, 31)) == ("dibao",)


# --- The SQL form (the roll) equals the Python form (benefits_of) ------------------------

SUPPORTS = st.sampled_from(["centralised", "scattered", None, ""])
OFFSETS = st.integers(min_value=-400, max_value=40)


@st.composite
def span(draw: st.DrawFn) -> tuple[str, date, dict[str, object], date | None]:
    category = draw(st.sampled_from(["orphan", "disabled", "tekun", "dibao"]))
    details: dict[str, object] = {}
    if category in ("orphan", "tekun"):
        support = draw(SUPPORTS)
        if support is not None:
            details["support"] = support
    if category == "disabled":
        for key, top in (("type", 7), ("grade", 4)):
            code = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=top)))
            if code is not None:
                details[key] = code
    started_on = MONTH + timedelta(days=draw(OFFSETS))
    ended_on = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=200)))
    until = None if ended_on is None else started_on + timedelta(days=ended_on)
    return category, started_on, details, until


PERSON = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(["ganlusi", "lengqi", "shencun", "lengqi_school"]),
        "spans": st.lists(span(), max_size=3),
        "archived": st.booleans(),
        "grant": st.one_of(
            st.none(), st.tuples(st.integers(min_value=1, max_value=3), OFFSETS, st.booleans())
        ),
    }
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(PERSON, min_size=1, max_size=6), local_from=OFFSETS)
def test_roll_lines_equal_benefits_of(
    region: Region, specs: list[dict[str, Any]], local_from: int
) -> None:
    """For random persons, the roll's lines of a person are ``benefits_of`` that person on
    the month's first day, and its gaps are the persons whose benefits_of has a gap."""
    with transaction.atomic():
        # Standards rising down the tree, the township's from a random day.
        PolicyRate.objects.create(
            item="orphan_scattered", org_unit=region.county, effective_from=SINCE, amount="650"
        )
        PolicyRate.objects.create(
            item="orphan_scattered",
            org_unit=region.lengqi,
            effective_from=MONTH + timedelta(days=local_from),
            amount="700",
        )
        PolicyRate.objects.create(
            item="sunshine_home", org_unit=region.ganlusi, effective_from=SINCE, amount="80"
        )
        persons = []
        for n, spec in enumerate(specs):
            someone = person(getattr(region, spec["unit"]), f"人{n}", *spec["spans"])
            grant = spec["grant"]
            if grant is not None:
                quantity, offset, ends = grant
                started = MONTH + timedelta(days=offset)
                Entitlement.objects.create(
                    person=someone,
                    item="one_child_aid",
                    quantity=quantity,
                    started_on=started,
                    ended_on=started + timedelta(days=20) if ends else None,
                    reason="测试",
                )
            if spec["archived"]:
                Person.objects.filter(pk=someone.pk).update(
                    archived_at="2025-01-01T00:00:00+08:00", archive_reason="moved_away"
                )
                someone.refresh_from_db()
            persons.append(someone)
        roll = roll_generate(acting_user=SYSTEM, org_unit=region.county, month=MONTH)
        lines: dict[int, list[tuple[Any, ...]]] = {p.pk: [] for p in persons}
        for line in roll_lines(roll):
            lines[line.person_id].append(
                (line.item, line.quantity, line.rate, line.amount, line.policy_rate_id)
            )
        with translation.override("en"):
            expected_gaps = set()
            for someone in persons:
                benefits, gaps = benefits_of(someone, MONTH)
                expected = [
                    (
                        b.item.code,
                        b.quantity,
                        b.rate.amount,
                        b.amount,
                        b.rate.version.pk if b.rate.version else None,
                    )
                    for b in benefits
                ]
                assert sorted(lines[someone.pk]) == sorted(expected), someone
                if any("next month" not in gap for gap in gaps):
                    expected_gaps.add(someone.pk)
            assert {gap.person.pk for gap in roll_gaps(roll)} == expected_gaps
        assert roll.lines_count == sum(len(v) for v in lines.values())
        assert roll.total == sum((line[3] for v in lines.values() for line in v), Decimal(0))
        transaction.set_rollback(True)

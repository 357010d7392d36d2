"""Each KPI against a hand-counted township (issue 6)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from guanai.accounts.models import Role, User
from guanai.care.models import CareKind
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgUnit
from guanai.registry import services
from guanai.registry.models import Category, Person
from guanai.reports import kpis
from guanai.reports.facts import facts_of, facts_refresh
from guanai.reports.figures import month_of
from tests import factories
from tests.care import plans_support
from tests.care.log_support import on, record
from tests.conftest import Region
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)
# ID numbers have a 3-digit sequence: the counter wraps (each test rolls back).
_sequence = itertools.cycle(range(900, 1000))


def person(
    unit: OrgUnit,
    name: str,
    born: date,
    categories: tuple[str, ...] = (),
    school: OrgUnit | None = None,
    status: str = "",
    **details: Any,
) -> Person:
    with on(date(2026, 9, 1)):
        created = services.person_register(
            acting_user=SYSTEM,
            org_unit=unit,
            data=services.PersonData(
                name=name,
                id_number=make_id("513322", born, next(_sequence)),
                school=school,
                schooling_status=status,
            ),
        )
        for category in categories:
            services.category_start(
                acting_user=SYSTEM,
                person=created,
                category=category,
                on=date(2026, 1, 1),
                details=details.get(category),
            )
    return created


@pytest.fixture
def township(region: Region, township_worker: User) -> OrgUnit:
    """冷碛镇 in October 2026: pupils, disabled and five-guarantee persons, counted by hand."""
    school, village = region.lengqi_school, region.ganlusi
    lb = (Category.LEFT_BEHIND,)
    p1 = person(school, "一", date(2015, 10, 10), lb, school, "in_school")
    p2 = person(school, "二", date(2014, 10, 20), lb, school, "dropped_out")
    person(school, "三", date(2019, 3, 1), lb, school, "in_school")
    person(school, "四", date(2009, 1, 1), lb, school, "in_school")  # 17: not school age
    v1 = person(village, "五", date(1960, 4, 4), (Category.DISABLED,))
    person(village, "六", date(1962, 4, 4), (Category.DISABLED,))
    person(village, "七", date(1940, 1, 1), (Category.TEKUN,), tekun={"support": "centralised"})
    person(village, "八", date(1941, 1, 1), (Category.TEKUN,), tekun={"support": "scattered"})
    person(village, "九", date(1942, 1, 1), (Category.TEKUN,))
    record(township_worker, [p1], CareKind.TALK, date(2026, 10, 8))
    record(township_worker, [p2], CareKind.TALK, date(2026, 9, 20))  # September: not counted
    record(township_worker, [p1], CareKind.BIRTHDAY, date(2026, 10, 10))
    record(township_worker, [v1], CareKind.HOME_VISIT, date(2026, 3, 5))
    leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    with on(date(2026, 10, 5)):
        plans_support.active(township_worker, leader, p1, responsible=township_worker)
        kpis.survey_count_set(acting_user=township_worker, unit=region.lengqi, year=2026, count=10)
    facts_refresh(month_of("2026-10", today=TODAY))
    return region.lengqi


def values(unit: OrgUnit) -> dict[str, kpis.KpiValue]:
    targets = kpis.targets_for([unit])[unit.pk]
    return {v.kpi.code: v for v in kpis.kpi_values(facts_of(unit, OCTOBER), targets)}


def test_each_kpi_against_the_hand_count(township: OrgUnit) -> None:
    kpi = values(township)

    def check(code: str, numerator: int, denominator: int, percent: str | None) -> None:
        value = kpi[code]
        assert (value.numerator, value.denominator) == (numerator, denominator), code
        assert value.value == (Decimal(percent) if percent is not None else None), code

    check("registration_rate", 9, 10, "90.0")  # 9 on file, the survey found 10
    check("enrolment_rate", 2, 3, "66.7")  # 一 and 三 of 一 二 三 (四 is 17)
    check("retention_rate", 2, 3, "66.7")  # 二 dropped out
    check("pairing_coverage", 0, 9, "0.0")
    check("talk_coverage", 1, 4, "25.0")  # 一 talked with in October; 二 in September
    check("visit_coverage", 1, 2, "50.0")  # 五 visited in March
    check("plan_coverage", 1, 9, "11.1")
    check("birthday_rate", 1, 2, "50.0")  # 一 and 二 born in October; 一 celebrated
    check("tekun_centralised_rate", 1, 3, "33.3")
    check("activity_participation", 0, 9, "0.0")  # all nine in a group; no event held
    assert kpi["tekun_centralised_rate"].met is False  # the plan's target is 40%
    assert kpi["enrolment_rate"].target == 100
    assert kpi["plan_coverage"].met is None  # no target


def test_a_rate_without_a_denominator_has_no_value(region: Region) -> None:
    facts_refresh(month_of("2026-10", today=TODAY))
    kpi = values(region.xinglong)
    assert kpi["registration_rate"].value is None
    assert kpi["registration_rate"].met is None


def test_a_leader_moves_a_target_for_the_subtree(
    township: OrgUnit, county_leader: User, township_worker: User
) -> None:
    county = township.parent
    assert county is not None
    kpis.target_set(
        acting_user=county_leader, unit=county, kpi="tekun_centralised_rate", target="30"
    )
    assert values(township)["tekun_centralised_rate"].met is True  # 33.3% ≥ 30%

    with pytest.raises(PermissionRefused):
        kpis.target_set(
            acting_user=township_worker, unit=township, kpi="enrolment_rate", target="90"
        )
    for bad in ("101", "-1", "abc"):
        with pytest.raises(ValidationFailed):
            kpis.target_set(
                acting_user=county_leader, unit=township, kpi="enrolment_rate", target=bad
            )
    with pytest.raises(ValidationFailed):
        kpis.target_set(acting_user=county_leader, unit=township, kpi="benefits_paid", target="5")


def test_survey_counts_are_checked(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    with pytest.raises(ValidationFailed):
        kpis.survey_count_set(
            acting_user=township_worker, unit=region.lengqi, year=2026, count="-3"
        )
    with pytest.raises(PermissionRefused):
        kpis.survey_count_set(
            acting_user=other_township_worker, unit=region.lengqi, year=2026, count=5
        )

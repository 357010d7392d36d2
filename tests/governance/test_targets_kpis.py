"""Targets computed from the KPIs: a year's figure is the KPI's value for the target's unit
at the year's last month with facts, exactly as the dashboard reads it; many targets cost
the same statements as one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from guanai.governance.models import Target
from guanai.governance.targets import TargetStatus, progress_for
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category
from guanai.reports import kpis
from guanai.reports.facts import facts_of, facts_refresh
from guanai.reports.figures import month_of
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region
from tests.governance.targets_support import TODAY, People, people, target
from tests.support.queries import assert_same_query_count, count_queries

__all__ = ["people"]

SOURCE = "kpi.tekun_centralised_rate"


def kpi_value(unit: OrgUnit, month: date) -> Decimal | None:
    """The centralised support rate as the dashboard computes it."""
    values = kpis.kpi_values(facts_of(unit, month), kpis.targets_for([unit])[unit.pk])
    return next(v.value for v in values if v.kpi.code == "tekun_centralised_rate")


def tekun(unit: OrgUnit, name: str, *spans: factories.Span) -> None:
    with on(date(2023, 12, 1)):  # on file before the years counted
        factories.person(unit, name, born=date(1945, 3, 3), spans=spans)


def since(support: str, day: date = date(2024, 1, 1), ended: date | None = None) -> Any:
    return (Category.TEKUN, day, {"support": support}, ended)


@pytest.fixture
def facts(region: Region) -> None:
    """甘露寺村 (冷碛镇): five five-guarantee persons; one in a home since 2024, a second since
    June 2026. 沈村 (兴隆镇): two, one in a home. Facts refreshed for December 2025, March
    and October 2026 (the latest this year)."""
    tekun(region.ganlusi, "一", since("centralised"))
    tekun(
        region.ganlusi,
        "二",
        since("scattered", ended=date(2026, 5, 31)),
        since("centralised", date(2026, 6, 1)),
    )
    for name in "三四五":
        tekun(region.ganlusi, name, since("scattered"))
    tekun(region.shencun, "六", since("centralised"))
    tekun(region.shencun, "七", since("scattered"))
    for month in ("2025-12", "2026-03", "2026-10"):
        facts_refresh(month_of(month, today=TODAY))


def test_the_figures_are_the_kpis_of_each_years_last_month(people: People, facts: None) -> None:
    region = people.region
    lengqi = target(people, source=SOURCE, base_year=2024, baseline=Decimal(10), goal=Decimal(40))
    county = target(
        people, region.county, source=SOURCE, base_year=2025, baseline=None, goal=Decimal(40)
    )

    found = progress_for([lengqi, county], TODAY)

    figures = {t: [r.figure for r in found[t.pk].years] for t in (lengqi, county)}
    # 2024: no facts; 2025: December; 2026: October, not March; 2027: not begun
    assert figures[lengqi] == [
        None,
        kpi_value(region.lengqi, date(2025, 12, 1)),
        kpi_value(region.lengqi, date(2026, 10, 1)),
        None,
    ]
    assert figures[lengqi][1:3] == [Decimal(20), Decimal(40)]
    assert kpi_value(region.lengqi, date(2026, 3, 1)) == Decimal(20)
    # The county's subtree: 1 of 7, then 3 of 7
    assert figures[county] == [
        kpi_value(region.county, date(2025, 12, 1)),
        kpi_value(region.county, date(2026, 10, 1)),
        None,
    ]
    assert figures[county][:2] == [Decimal("28.6"), Decimal("42.9")]
    # 40 % reached in 冷碛镇 and in the county
    assert found[lengqi.pk].status == TargetStatus.MET
    assert found[county.pk].status == TargetStatus.MET


def test_a_unit_without_the_denominator_has_no_figure(people: People, facts: None) -> None:
    school = target(
        people, people.region.lengqi_school, source=SOURCE, baseline=Decimal(20), goal=Decimal(40)
    )
    progress = progress_for([school], TODAY)[school.pk]
    assert [r.figure for r in progress.years] == [None, None, None]
    assert progress.status == TargetStatus.BEHIND  # 2025 is over, nothing known


def test_many_targets_of_many_sources_cost_the_statements_of_one(
    people: People, facts: None
) -> None:
    region = people.region
    target(people, source=SOURCE, baseline=None, goal=Decimal(40))
    one = list(Target.objects.select_related("org_unit"))
    with count_queries() as small:
        progress_for(one, TODAY)
    for n, unit in enumerate([region.county, region.lengqi, region.xinglong] * 10):
        target(people, unit, title=f"目标{n}", source=SOURCE, baseline=None, goal=Decimal(40))
    many = list(Target.objects.select_related("org_unit"))
    with count_queries() as large:
        found = progress_for(many, TODAY)
    assert len(found) == 31
    assert_same_query_count(small, large)

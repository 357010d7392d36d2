"""The checklist the reports app offers a visit: the unit's rate KPIs against its targets and
its monthly reports' timeliness, in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from guanai.governance.extensions import checklist_lines
from guanai.reports.models import Fact, KpiTarget
from tests.care.log_support import on
from tests.conftest import Region
from tests.support.queries import assert_num_queries

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


def fact(region: Region, indicator: str, value: int, month: date) -> Fact:
    return Fact.objects.create(
        org_unit=region.lengqi,
        month=month,
        indicator=indicator,
        value=Decimal(value),
        refreshed_at=timezone.now(),
    )


def test_lines_show_the_kpis_against_the_unit_target_and_the_report_timeliness(
    region: Region,
) -> None:
    october = date(2026, 10, 1)
    fact(region, "persons_paired", 17, october)
    fact(region, "persons_total", 20, october)
    KpiTarget.objects.create(org_unit=region.lengqi, kpi="pairing_coverage", target=Decimal(80))
    with on(DAY), assert_num_queries(6):
        lines = checklist_lines(region.lengqi, DAY)
    by_source = {line.source: line for line in lines}
    pairing = by_source["kpi:pairing_coverage"]
    assert pairing.figure.startswith("85.0%") and "80%" in pairing.figure
    assert pairing.short is False
    KpiTarget.objects.filter(kpi="pairing_coverage").update(target=Decimal(90))
    with on(DAY):
        lines = checklist_lines(region.lengqi, DAY)
    assert {line.source: line for line in lines}["kpi:pairing_coverage"].short is True
    # 冷碛镇 reported nothing for August to October: three missing.
    timeliness = {line.source: line for line in lines}["monthly_timeliness"]
    assert timeliness.short is True
    assert "3" in timeliness.figure


def test_a_village_has_no_timeliness_line_and_no_figures_no_kpi_line(region: Region) -> None:
    with on(DAY):
        assert checklist_lines(region.ganlusi, DAY) == []

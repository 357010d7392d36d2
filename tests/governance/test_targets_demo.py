"""The demo's three-year targets of 篇八: three computed from the KPIs, the dangerous houses
entered with two years of figures, their evidence and one correction; built once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from guanai.governance.models import Target, TargetEntry
from guanai.governance.targets import TargetStatus, progress_for
from guanai.ops.demo.governance_targets import build
from tests.conftest import Region

TODAY = date(2026, 11, 20)


def test_the_county_gets_its_three_year_targets_with_two_years_of_progress(
    region: Region,
) -> None:
    build(region.county, TODAY)
    build(region.county, TODAY)  # once

    targets = {t.title: t for t in Target.objects.select_related("org_unit")}
    assert len(targets) == 4
    assert {t.source for t in targets.values()} == {
        "kpi.tekun_centralised_rate",
        "kpi.home_bed_rate",
        "kpi.home_occupancy",
        "",
    }
    assert all(
        (t.org_unit, t.base_year, t.final_year) == (region.county, 2024, 2026)
        for t in targets.values()
    )
    goals = {t.source: t.goal for t in targets.values()}
    assert goals == {
        "kpi.tekun_centralised_rate": 40,
        "kpi.home_bed_rate": 60,
        "kpi.home_occupancy": 80,
        "": 0,
    }
    houses = targets["三年内消除散居特困户危房"]
    assert (houses.value_kind, houses.direction, houses.baseline) == ("count", "down", 12)
    assert TargetEntry.objects.filter(target=houses).count() == 3
    progress = progress_for(list(targets.values()), TODAY)[houses.pk]
    assert [(r.year, r.milestone, r.figure, r.reached) for r in progress.years] == [
        (2024, Decimal(8), Decimal(7), True),
        (2025, Decimal(4), Decimal(3), True),
        (2026, Decimal(0), None, False),
    ]
    assert progress.status == TargetStatus.ON_TRACK
    assert all(e.evidence for e in TargetEntry.objects.all())

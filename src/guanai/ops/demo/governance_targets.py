"""The county's three-year targets of plan 篇八, two years in (issue 21).

泸定县 set them at the start of the year before last (base year = this year − 2, final year =
this year): 五保集中供养率 40 %, 敬老院床位率 60 %, 中心敬老院入住率 80 % — computed from the
KPIs of the same names, whose facts the reports demo refreshes for the last twelve months —
and no dangerous house of a scattered 特困 household left, a figure the housing office
counts and the county enters each December with its evidence (one entry corrected, so that
the page shows a history). Everything goes through the services, as the system, once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from guanai.core.actors import SYSTEM
from guanai.governance.models import Direction, Target, ValueKind
from guanai.governance.targets import TargetData, entry_add, target_create
from guanai.orgs.models import OrgUnit

NOTE = "县爱心帮扶工作领导小组制定（篇八：力争三年内实现）"
HOUSES = "三年内消除散居特困户危房"

# (title, KPI source, baseline when set, goal)
COMPUTED = (
    ("三年内五保集中供养率达到40%", "kpi.tekun_centralised_rate", Decimal(30), Decimal(40)),
    ("三年内敬老院床位率达到60%", "kpi.home_bed_rate", Decimal(50), Decimal(60)),
    ("三年内中心敬老院入住率达到80%", "kpi.home_occupancy", Decimal(70), Decimal(80)),
)


def build(county: OrgUnit, today: date) -> None:
    """Set the county's three-year targets with two years of progress (once)."""
    if Target.objects.filter(org_unit=county, title=HOUSES).exists():
        return
    base = today.year - 2
    for title, source, baseline, goal in COMPUTED:
        target_create(
            SYSTEM,
            unit=county,
            data=TargetData(
                title=title,
                source=source,
                base_year=base,
                final_year=today.year,
                baseline=baseline,
                goal=goal,
                note=NOTE,
            ),
        )
    houses = target_create(
        SYSTEM,
        unit=county,
        data=TargetData(
            title=HOUSES,
            value_kind=ValueKind.COUNT,
            direction=Direction.DOWN,
            base_year=base,
            final_year=today.year,
            baseline=Decimal(12),
            goal=Decimal(0),
            milestones={base: Decimal(8)},
            note=NOTE + "；县住建局每年12月核定",
        ),
    )
    for year, value, evidence in (
        (base, Decimal(7), f"县住建局《{base}年散居特困户危房改造验收汇总表》"),
        (base + 1, Decimal(4), f"县住建局《{base + 1}年危房改造进度月报（11月）》"),
        # December's count corrects November's.
        (base + 1, Decimal(3), f"县住建局《{base + 1}年散居特困户危房改造验收汇总表》"),
    ):
        entry_add(SYSTEM, houses, year=year, value=value, evidence=evidence, today=today)

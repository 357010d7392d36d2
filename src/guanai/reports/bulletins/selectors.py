"""What a bulletin shows, and the units a user writes bulletins for.

The ranking score of a sub-unit is the mean, over the rate KPIs that have a target and a
value, of its attainment (value ÷ target, at most 100 %), so that a unit is not ranked
down for an indicator it has no data for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.orgs.models import OrgUnit
from guanai.reports import kpis, monthly
from guanai.reports.bulletins.access import BULLETIN_KINDS
from guanai.reports.facts import facts_by_unit


@dataclass(frozen=True)
class Ranked:
    rank: int
    unit: OrgUnit
    score: Decimal | None
    values: dict[str, kpis.KpiValue]
    report: monthly.SubunitRow | None


@dataclass(frozen=True)
class BulletinContent:
    kpis: list[kpis.KpiValue]
    ranking: list[Ranked]
    overview: monthly.Overview

    @property
    def late(self) -> list[monthly.SubunitRow]:
        return [r for r in self.overview.rows if r.timeliness is monthly.Timeliness.LATE]

    @property
    def missing(self) -> list[monthly.SubunitRow]:
        return [r for r in self.overview.rows if r.timeliness is monthly.Timeliness.MISSING]


def rated_kpis() -> list[kpis.Kpi]:
    """Return the KPIs a sub-unit is ranked on: the rates."""
    return [k for k in kpis.KPIS if k.is_ratio]


def score_of(values: dict[str, kpis.KpiValue]) -> Decimal | None:
    """Return the mean attainment of the rate KPIs with a target and a value (0–100)."""
    parts = [
        min(v.value / v.target, Decimal(1))
        for v in values.values()
        if v.kpi.is_ratio and v.value is not None and v.target
    ]
    if not parts:
        return None
    mean = Decimal(100) * sum(parts, Decimal(0)) / len(parts)
    return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def content_of(unit: OrgUnit, month: dt.date) -> BulletinContent:
    """Compute what the bulletin shows, from the fact table and the reports (6 queries)."""
    children = monthly.reporting_children(unit)
    facts = facts_by_unit([unit, *children], month, kpis.INDICATORS)
    targets = kpis.targets_for([unit, *children])
    overview = monthly.subunit_overview(unit, month)
    reports = {row.unit.pk: row for row in overview.rows}
    scored = []
    for child in children:
        values = {v.kpi.code: v for v in kpis.kpi_values(facts[child.pk], targets[child.pk])}
        scored.append((child, score_of(values), values))
    # Highest score first; units without a score last, by name.
    scored.sort(key=lambda item: (item[1] is None, -(item[1] or 0), item[0].path))
    ranking = [
        Ranked(rank=i, unit=child, score=score, values=values, report=reports.get(child.pk))
        for i, (child, score, values) in enumerate(scored, start=1)
    ]
    return BulletinContent(
        kpis=kpis.kpi_values(facts[unit.pk], targets[unit.pk]),
        ranking=ranking,
        overview=overview,
    )


def bulletin_units_for(user: User) -> list[OrgUnit]:
    """Return the units whose bulletins the user may write.

    All of them: provinces, prefectures and counties only, a few hundred at most in a
    province, and a unit left out could not be chosen at all.
    """
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    if not units:
        return []
    return list(
        OrgUnit.objects.filter(
            scoping.subtree_q(units), kind__in=BULLETIN_KINDS, is_active=True
        ).order_by("path")
    )

"""The rate indicators as sources of multi-year targets (篇八: 三年内五保集中供养率达 40 %,
床位率 60 %, 入住率 80 %).

Each rate KPI of the catalogue is registered with the work organisation as a target source
``kpi.<code>`` (``register``, from ``ReportsConfig.ready``). A target's figure for a year is
the KPI's value for the target's unit — its whole subtree, as the dashboard shows it — at
the last month of that year with facts: December once the year's facts are refreshed, else
the latest month refreshed (this year, the month the facts were last refreshed for). A year
without facts, or one not begun, has no figure; so has a month whose denominator is 0.

The figures of any number of targets of any rate indicators cost two statements: the last
month with facts of each unit and year, then the indicators' facts at those months.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Max
from django.db.models.functions import ExtractYear

from guanai.governance.extensions import Figures, TargetSource, register_target_source
from guanai.governance.models import Direction, Target, ValueKind
from guanai.reports.kpis.catalogue import BY_CODE, KPIS, Kpi
from guanai.reports.kpis.values import KpiValue
from guanai.reports.models import Fact

PREFIX = "kpi."


def source_code(kpi: Kpi) -> str:
    return PREFIX + kpi.code


def last_months(units: set[int], first: int, last: int) -> dict[tuple[int, int], date]:
    """Return (unit id, year) → the last month of the year with facts, for the years
    ``first`` to ``last`` (one statement)."""
    rows = (
        Fact.objects.filter(org_unit_id__in=units, month__year__gte=first, month__year__lte=last)
        .annotate(year=ExtractYear("month"))
        .values("org_unit_id", "year")
        .annotate(latest=Max("month"))
        .order_by()
    )
    return {(r["org_unit_id"], r["year"]): r["latest"] for r in rows}


def kpi_figures(targets: Sequence[Target], today: date) -> Figures:
    """Return each target's yearly figure of its KPI, whichever rate KPIs the targets
    follow (two statements for all of them)."""
    if not targets:
        return {}
    units = {t.org_unit_id for t in targets}
    first = min(t.base_year for t in targets)
    last = min(max(t.final_year for t in targets), today.year)
    months = last_months(units, first, last) if first <= last else {}
    wanted = [BY_CODE[t.source.removeprefix(PREFIX)] for t in targets]
    indicators = {k.numerator for k in wanted} | {k.denominator for k in wanted}
    facts: dict[tuple[int, date], dict[str, Decimal]] = {}
    if months:
        rows = Fact.objects.filter(
            org_unit_id__in=units, month__in=set(months.values()), indicator__in=indicators
        ).values_list("org_unit_id", "month", "indicator", "value")
        for unit, month, indicator, value in rows:
            facts.setdefault((unit, month), {})[indicator] = value
    found: Figures = {}
    for t, kpi in zip(targets, wanted, strict=True):
        years: dict[int, Decimal | None] = {}
        for year in range(t.base_year, t.final_year + 1):
            last_month = months.get((t.org_unit_id, year)) if year <= today.year else None
            if last_month is None:
                years[year] = None
                continue
            read = facts.get((t.org_unit_id, last_month), {})
            years[year] = KpiValue(
                kpi=kpi,
                numerator=Decimal(read.get(kpi.numerator, 0)),
                denominator=Decimal(read.get(kpi.denominator, 0)),
                target=None,
            ).value
        found[t.pk] = years
    return found


def register() -> None:
    """Offer every rate KPI as a target source; one ``figures`` reads them all."""
    for kpi in KPIS:
        if kpi.is_ratio:
            register_target_source(
                TargetSource(
                    code=source_code(kpi),
                    label=kpi.label,
                    value_kind=ValueKind.PERCENT,
                    direction=Direction.UP,
                    figures=kpi_figures,
                )
            )

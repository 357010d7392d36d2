"""What a dashboard shows, read from the fact table only (no raw records at request time).

One unit and month: its KPIs against their targets, a twelve-month trend, its sub-units
side by side, and its persons by category — a fixed number of queries whatever the size
of the subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.months import add_months, month_label
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category
from guanai.reports import kpis
from guanai.reports.facts import CATEGORY_PREFIX, facts_by_unit, facts_refreshed_at
from guanai.reports.models import Fact

TREND_MONTHS = 12
TREND_FIGURES = ("persons_total", "talks", "visits")
# The KPIs compared across sub-units on the chart and in the table.
COMPARED = ("pairing_coverage", "talk_coverage", "enrolment_rate")
ONE_MINUTE = dt.timedelta(minutes=1)


def months_back(month: dt.date, count: int) -> list[dt.date]:
    """Return ``count`` months ending with ``month``, oldest first."""
    return [add_months(month, step) for step in range(1 - count, 1)]


@dataclass(frozen=True)
class SubunitKpis:
    unit: OrgUnit
    facts: dict[str, Decimal]
    values: dict[str, kpis.KpiValue]


@dataclass(frozen=True)
class Dashboard:
    unit: OrgUnit
    month: dt.date
    refreshed_at: dt.datetime | None
    facts: dict[str, Decimal]
    kpis: list[kpis.KpiValue]
    trend: dict[str, list[Decimal]]
    trend_months: list[dt.date]
    subunits: list[SubunitKpis]

    @property
    def refreshed_just_now(self) -> bool:
        """Return whether the figures were computed less than a minute ago."""
        return self.refreshed_at is not None and timezone.now() - self.refreshed_at < ONE_MINUTE

    @property
    def holds_persons(self) -> bool:
        """Return whether the unit's subtree had persons on file in the month.

        Only a month whose figures were computed can tell: before that, nothing is known.
        """
        return self.refreshed_at is None or bool(self.facts.get("persons_total"))

    @property
    def categories(self) -> list[tuple[str, str, int]]:
        return [
            (code, str(label), int(self.facts.get(f"{CATEGORY_PREFIX}{code}", 0)))
            for code, label in Category.choices
        ]


def dashboard(unit: OrgUnit, month: dt.date) -> Dashboard:
    """Read one unit's dashboard for a month (5 queries; 6 for a unit with no figures)."""
    children = list(OrgUnit.objects.filter(parent=unit, is_active=True).order_by("path"))
    wanted = {*kpis.INDICATORS, *TREND_FIGURES} | {
        f"{CATEGORY_PREFIX}{code}" for code in Category.values
    }
    by_unit = facts_by_unit([unit, *children], month, wanted)
    targets = kpis.targets_for([unit, *children])
    months = months_back(month, TREND_MONTHS)
    trend: dict[str, list[Decimal]] = {name: [Decimal(0)] * len(months) for name in TREND_FIGURES}
    index = {m: i for i, m in enumerate(months)}
    rows = Fact.objects.filter(
        org_unit=unit, month__in=months, indicator__in=TREND_FIGURES
    ).values_list("month", "indicator", "value")
    for fact_month, indicator, value in rows:
        trend[indicator][index[fact_month]] = value
    # The newest of the rows shown: a refresh of the units written to (``reports.dirty``)
    # rewrites their rows and their ancestors' only, the others being unchanged since.
    refreshed = facts_refreshed_at([unit, *children], month)
    if refreshed is None:  # nothing to count here: was the month computed at all?
        stamps = Fact.objects.filter(month=month).values_list("refreshed_at", flat=True)[:1]
        refreshed = stamps[0] if stamps else None
    subunits = [
        SubunitKpis(
            unit=child,
            facts=by_unit[child.pk],
            values={v.kpi.code: v for v in kpis.kpi_values(by_unit[child.pk], targets[child.pk])},
        )
        for child in children
    ]
    return Dashboard(
        unit=unit,
        month=month,
        refreshed_at=refreshed,
        facts=by_unit[unit.pk],
        kpis=kpis.kpi_values(by_unit[unit.pk], targets[unit.pk]),
        trend=trend,
        trend_months=months,
        subunits=subunits,
    )


def _number(value: Decimal | None) -> float | None:
    # The charts need plain numbers; these are counts and percentages, not money.
    return None if value is None else float(value)


def chart_data(board: Dashboard, links: dict[str, Any]) -> dict[str, Any]:
    """Return the JSON the charts draw (``links`` maps bars to the pages behind them)."""
    labels = {
        "persons_total": _("Persons on file"),
        "talks": _("Heart-to-heart talks"),
        "visits": _("Home visits"),
    }
    # Units without persons (an office, a volunteer group) would only add empty bars.
    shown = [i for i, row in enumerate(board.subunits) if row.facts.get("persons_total")]
    return {
        "trend": {
            "months": [month_label(m) for m in board.trend_months],
            "series": [
                {"name": labels[name], "values": [_number(v) for v in board.trend[name]]}
                for name in TREND_FIGURES
            ],
        },
        "compare": {
            "units": [board.subunits[i].unit.name for i in shown],
            "links": [links["subunits"][i] for i in shown],
            "series": [
                {
                    "name": str(kpis.BY_CODE[code].label),
                    "values": [_number(board.subunits[i].values[code].value) for i in shown],
                }
                for code in COMPARED
            ],
        },
        "categories": {
            "labels": [label for _code, label, _n in board.categories],
            "values": [n for _code, _label, n in board.categories],
            "links": links["categories"],
        },
    }

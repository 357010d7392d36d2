"""What the target pages read: the targets in force at a unit, its survey counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from guanai.orgs.models import OrgUnit
from guanai.reports.kpis.catalogue import KPIS, Kpi
from guanai.reports.models import KpiTarget, SurveyCount


@dataclass(frozen=True)
class TargetRow:
    """A rate KPI of a unit: the plan's default, the target in force, and where it is set."""

    kpi: Kpi
    target: Decimal | None
    set_here: KpiTarget | None
    set_at: OrgUnit | None  # the unit whose setting applies; None: the plan's default


def target_rows(unit: OrgUnit) -> list[TargetRow]:
    """Return the rate KPIs with their targets in force at ``unit`` (one query)."""
    settings = {
        (t.org_unit.path, t.kpi): t
        for t in KpiTarget.objects.filter(org_unit__path__in=unit.ancestor_paths())
        .select_related("org_unit", "set_by")
        .order_by()
    }
    rows = []
    for kpi in KPIS:
        if not kpi.is_ratio:
            continue
        found = None
        for path in unit.ancestor_paths():  # root first: the nearest wins
            found = settings.get((path, kpi.code), found)
        rows.append(
            TargetRow(
                kpi=kpi,
                target=found.target if found else kpi.target,
                set_here=found if found and found.org_unit_id == unit.pk else None,
                set_at=found.org_unit if found else None,
            )
        )
    return rows


def survey_counts_of(unit: OrgUnit) -> list[SurveyCount]:
    """Return the unit's own survey counts, newest year first."""
    return list(
        SurveyCount.objects.filter(org_unit=unit).select_related("entered_by").order_by("-year")
    )


def survey_years(today: dt.date | None = None) -> list[int]:
    """Return the years a survey count may be entered for: this year and the four before,
    and next year (a survey made in December for the coming year)."""
    year = (today or timezone.localdate()).year
    return list(range(year + 1, year - 5, -1))


def units_below(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Return the active units directly below ``unit`` (whose pages its page links to)."""
    return OrgUnit.objects.filter(parent=unit, is_active=True).order_by("path")

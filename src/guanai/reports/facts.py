"""Refresh and read the fact table (org unit × month × indicator).

A refresh computes each figure once per org unit — one grouped query per source, the
same parts ``figures.month_figures`` uses — then adds every unit's own values to all its
ancestors along the materialized path, and replaces the month's rows. A unit's row is
thus the total of its whole subtree, and a dashboard reads one row per unit it shows.
Only figures that are not zero are stored; a missing row reads as 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from guanai.core.bulk import insert_rows
from guanai.core.db_router import replica_reads
from guanai.orgs.models import PATH_STEP, OrgUnit
from guanai.reports.figures import PARTS, Month, categories_part
from guanai.reports.kpis import KPI_PARTS, birthdays, survey_counts
from guanai.reports.models import Fact

CATEGORY_PREFIX = "persons."


def _own_values(month: Month) -> dict[tuple[int, str], Decimal]:
    """Return (unit id, indicator) → the value of the unit's own rows (not its subtree)."""
    own: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for make in (*PARTS, *KPI_PARTS):
        part = make(month)
        for row in part.by_unit():
            for name in part.aggregates:
                if row[name]:
                    own[row["unit"], name] += Decimal(row[name])
    by_category = (
        categories_part(month)
        .values("category", unit=F("person__org_unit_id"))
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    for row in by_category:
        own[row["unit"], CATEGORY_PREFIX + row["category"]] += row["n"]
    _surveyed(own, month)
    for unit, indicator, count in birthdays(month):
        own[unit, indicator] += count
    return own


def _surveyed(own: dict[tuple[int, str], Decimal], month: Month) -> None:
    """Add each unit's survey count (摸底数) and the persons of it on file, the registration
    rate's two sides: a round's count with the persons it found who are on file; a typed
    count with every person on file in the typing unit's subtree."""
    rows = survey_counts(month)
    typed = {unit for unit, _count, on_file in rows if on_file is None}
    on_file_below: dict[int, Decimal] = defaultdict(Decimal)
    if typed:
        # Each unit's persons on file, added to every typing unit on its path (by path).
        paths = dict(OrgUnit.objects.values_list("pk", "path"))
        typing = {paths[unit]: unit for unit in typed}
        for pk, path in paths.items():
            persons = own.get((pk, "persons_total"))
            if not persons:
                continue
            for end in range(PATH_STEP, len(path) + 1, PATH_STEP):
                unit = typing.get(path[:end])
                if unit is not None:
                    on_file_below[unit] += persons
    for unit, count, on_file in rows:
        own[unit, "surveyed"] += count
        own[unit, "surveyed_on_file"] += on_file if on_file is not None else on_file_below[unit]


def _rolled_up(own: dict[tuple[int, str], Decimal]) -> dict[tuple[int, str], Decimal]:
    """Add each unit's own values to itself and every ancestor (by path)."""
    paths = dict(OrgUnit.objects.values_list("pk", "path"))
    by_path = {path: pk for pk, path in paths.items()}
    total: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for (unit, indicator), value in own.items():
        path = paths[unit]
        for end in range(PATH_STEP, len(path) + 1, PATH_STEP):
            ancestor = by_path.get(path[:end])
            if ancestor is not None:
                total[ancestor, indicator] += value
    return total


def facts_refresh(month: Month) -> int:
    """Recompute the month's facts for every unit; return how many rows were written.

    The reading side reads the replica when there is one (figures a few seconds old are
    as good as the night's); a refresh asked for in a request that wrote reads the
    primary (``core.db_router``)."""
    with replica_reads():
        totals = _rolled_up(_own_values(month))
    now = timezone.now()
    rows = [
        {
            "org_unit": unit,
            "month": month.first,
            "indicator": indicator,
            "value": value,
            "refreshed_at": now,
        }
        for (unit, indicator), value in totals.items()
        if value
    ]
    with transaction.atomic():
        Fact.objects.filter(month=month.first).delete()
        insert_rows(Fact, rows)
    return len(rows)


def facts_of(unit: OrgUnit, month: date) -> dict[str, Decimal]:
    """Return the unit's figures for the month (one query)."""
    return dict(Fact.objects.filter(org_unit=unit, month=month).values_list("indicator", "value"))


def facts_by_unit(
    units: Iterable[OrgUnit], month: date, indicators: Iterable[str]
) -> dict[int, dict[str, Decimal]]:
    """Return unit id → indicator → value for several units at once (one query)."""
    result: dict[int, dict[str, Decimal]] = {unit.pk: {} for unit in units}
    rows = Fact.objects.filter(
        org_unit__in=list(result), month=month, indicator__in=list(indicators)
    ).values_list("org_unit_id", "indicator", "value")
    for unit, indicator, value in rows:
        result[unit][indicator] = value
    return result

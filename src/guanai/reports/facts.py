"""Refresh and read the fact table (org unit × month × indicator).

A refresh computes each figure once per org unit — one grouped query per source, the
same parts ``figures.month_figures`` uses — then adds every unit's own values to all its
ancestors along the materialized path, and writes the rows. A unit's row is thus the
total of its whole subtree, and a dashboard reads one row per unit it shows. Only figures
that are not zero are stored; a missing row reads as 0.

The refresh is full (every unit: the nightly job, the dashboard's button) or of a few
units (issue 24 point 6: the units written to since, ``reports.dirty``). Both run the same
code: the own values of the units asked for (all of them, or a few), then
``_new_totals`` — new total = stored total + the change of the own values below. A full
refresh starts from nothing stored, so its totals are the sums of the own values; a
partial one reads the stored rows of the units asked for, their children and ancestors,
and rewrites the rows of the units and their ancestors only. A unit's stored own value is
its total less its children's totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from guanai.core.bulk import insert_rows
from guanai.core.db_router import replica_reads
from guanai.orgs.models import PATH_STEP, OrgUnit
from guanai.reports.figures import PARTS, Month, _start_of, categories_part
from guanai.reports.kpis import KPI_PARTS, birthdays, survey_counts
from guanai.reports.models import Fact

CATEGORY_PREFIX = "persons."
# Any fixed number: the key of the PostgreSQL advisory lock that makes the refreshes of
# the fact table run one at a time (SQLite's IMMEDIATE transactions already do).
_LOCK_KEY = 24_06_0001

Values = dict[tuple[int, str], Decimal]
SurveyRows = list[tuple[int, int, int | None]]


def _own_values(month: Month, units: Collection[int] | None, surveys: SurveyRows) -> Values:
    """Return (unit id, indicator) → the value of the unit's own rows (not its subtree), for
    ``units`` (None: every unit).

    The on-file side of a typed survey count is the persons of the typing unit's whole
    subtree: ``_new_totals`` adds it, once the subtree's total is known."""
    own: Values = defaultdict(Decimal)
    for make in (*PARTS, *KPI_PARTS):
        part = make(month)
        for row in part.by_unit(units):
            for name in part.aggregates:
                if row[name]:
                    own[row["unit"], name] += Decimal(row[name])
    by_category = categories_part(month)
    if units is not None:
        by_category = by_category.filter(person__org_unit_id__in=units)
    rows = (
        by_category.values("category", unit=F("person__org_unit_id"))
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    for row in rows:
        own[row["unit"], CATEGORY_PREFIX + row["category"]] += row["n"]
    for unit, count, on_file in surveys:
        if units is None or unit in units:
            own[unit, "surveyed"] += count
            if on_file is not None:
                own[unit, "surveyed_on_file"] += on_file
    for unit, indicator, count in birthdays(month, units):
        own[unit, indicator] += count
    return own


def _new_totals(
    paths: dict[int, str], units: set[int], own: Values, typed: set[int], stored: Values
) -> Values:
    """Return the new totals of ``units`` and their ancestors.

    ``own`` holds the new own values of ``units``; ``stored`` the stored totals of them,
    their children and their ancestors (empty for a full refresh). A typed survey count's
    on-file side (``typed``: the typing units among ``units``) is the new persons total of
    the unit's subtree."""
    by_path = {path: pk for pk, path in paths.items()}

    def chain(unit: int) -> list[int]:
        path = paths[unit]
        found = (by_path.get(path[:end]) for end in range(PATH_STEP, len(path) + 1, PATH_STEP))
        return [pk for pk in found if pk is not None]

    change: Values = defaultdict(Decimal)
    for key, value in own.items():
        change[key] += value
    if stored:
        children: dict[int, list[int]] = defaultdict(list)
        for pk, path in paths.items():
            parent = by_path.get(path[:-PATH_STEP])
            if parent in units:
                children[parent].append(pk)
        for (unit, indicator), value in stored.items():
            if unit in units:  # the stored own value = the total less the children's
                below = sum((stored.get((c, indicator), 0) for c in children[unit]), Decimal())
                change[unit, indicator] -= value - below
    chains = {unit: chain(unit) for unit in units}
    rewritten = {a for found in chains.values() for a in found}
    totals: Values = defaultdict(Decimal)
    for (unit, indicator), value in stored.items():
        if unit in rewritten:
            totals[unit, indicator] = value
    for (unit, indicator), value in change.items():
        if value:
            for ancestor in chains[unit]:
                totals[ancestor, indicator] += value
    # The typed counts' on-file side, deepest first: a typing unit's persons total is
    # complete once the units below it are added (it does not depend on this figure).
    for unit in sorted(typed, key=lambda pk: -len(paths[pk])):
        on_file = totals.get((unit, "persons_total"), Decimal())
        if on_file:
            for ancestor in chains[unit]:
                totals[ancestor, "surveyed_on_file"] += on_file
    return totals


def _lock() -> None:
    """Make the caller's transaction the only one writing facts until it ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _write(month: Month, totals: Values, units: Collection[int] | None) -> int:
    """Replace the month's rows of ``units`` (None: all) by ``totals``; return the count."""
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
    old = Fact.objects.filter(month=month.first)
    (old if units is None else old.filter(org_unit_id__in=units)).delete()
    insert_rows(Fact, rows)
    return len(rows)


def _typing_units(surveys: SurveyRows) -> set[int]:
    return {unit for unit, _count, on_file in surveys if on_file is None}


def facts_refresh(month: Month) -> int:
    """Recompute the month's facts for every unit; return how many rows were written.

    The reading side reads the replica when there is one (figures a few seconds old are
    as good as the night's); a refresh asked for in a request that wrote reads the
    primary (``core.db_router``)."""
    with replica_reads():
        paths = dict(OrgUnit.objects.values_list("pk", "path"))
        surveys = survey_counts(month)
        own = _own_values(month, None, surveys)
        totals = _new_totals(paths, set(paths), own, _typing_units(surveys), {})
    with transaction.atomic():
        _lock()
        return _write(month, totals, None)


def facts_refresh_units(month: Month, dirty: Iterable[int]) -> int:
    """Recompute the facts of the ``dirty`` units and their ancestors only; return how many
    rows were written. The month's stored facts must be those of a refresh of the same
    counting day (``facts_current``).

    Typing units (a survey count typed in) above a dirty unit are recomputed too: their
    on-file side counts the persons of their whole subtree. Runs in one transaction, so
    its reads go to the primary: a mark is cleared only for what was read."""
    with transaction.atomic():
        _lock()
        paths = dict(OrgUnit.objects.values_list("pk", "path"))
        by_path = {path: pk for pk, path in paths.items()}
        asked = {pk for pk in dirty if pk in paths}
        above = {
            by_path[paths[u][:end]]
            for u in asked
            for end in range(PATH_STEP, len(paths[u]) + 1, PATH_STEP)
            if paths[u][:end] in by_path
        }
        with replica_reads():
            surveys = survey_counts(month)
            typed = _typing_units(surveys) & above
            units = asked | typed
            own = _own_values(month, units, surveys)
        children = {pk for pk, path in paths.items() if by_path.get(path[:-PATH_STEP]) in units}
        stored: Values = {
            (unit, indicator): value
            for unit, indicator, value in Fact.objects.filter(
                month=month.first, org_unit_id__in=above | children
            ).values_list("org_unit_id", "indicator", "value")
        }
        totals = _new_totals(paths, units, own, typed, stored)
        return _write(month, totals, above)


def facts_current(month: Month) -> bool:
    """Return whether the month's facts were all computed for its counting day (a refresh
    of a few units may then build on them); a month never refreshed is not."""
    rows = Fact.objects.filter(month=month.first)
    return rows.exists() and not rows.filter(refreshed_at__lt=_start_of(month.as_of)).exists()


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


def facts_refreshed_at(units: Iterable[OrgUnit], month: date) -> datetime | None:
    """Return when the newest of the units' facts of the month was computed (one query on
    the unique index: a few hundred rows)."""
    rows = Fact.objects.filter(org_unit__in=[unit.pk for unit in units], month=month)
    newest: datetime | None = rows.aggregate(at=Max("refreshed_at"))["at"]
    return newest

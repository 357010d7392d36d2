"""The cross-check summary (point 5): a unit's findings by kind, open and resolved, and how
long resolving took — for the dashboard's panel and the monthly report.

Everything is set-based and scoped by the unit passed in (its whole subtree, by the unit
each finding is assigned to): one grouped aggregate for the counts and the mean, one
windowed query for the median, whatever the number of findings. As of a day, a finding
counts when it was found by the day's end, as open when it was not resolved by then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import fmean

from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from guanai.accounts.scoping import AnyUser
from guanai.crosscheck.access import can_open, findings_visible
from guanai.crosscheck.models import CheckList, Finding, FindingKind
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q

DAY = dt.timedelta(days=1)
_TAKEN = ExpressionWrapper(F("resolved_at") - F("found_at"), output_field=DurationField())


def end_of(day: dt.date) -> dt.datetime:
    """Return the first instant after ``day`` in the local time zone."""
    return timezone.make_aware(dt.datetime.combine(day + DAY, dt.time()))


@dataclass(frozen=True)
class KindRow:
    """One kind of finding of a unit's subtree, as of a day."""

    kind: str
    open: int
    urgent: int  # of the open ones
    resolved: int
    median_days: float | None  # None when none was resolved
    mean_days: float | None

    @property
    def label(self) -> str:
        return str(FindingKind(self.kind).label)


def _of(unit: OrgUnit, findings: QuerySet[Finding] | None = None) -> QuerySet[Finding]:
    rows = Finding.objects.all() if findings is None else findings
    return rows.filter(subtree_q([unit], field="org_unit__path"))


def _days(value: dt.timedelta | None) -> float | None:
    return None if value is None else value / DAY


def _medians(found: QuerySet[Finding], end: dt.datetime) -> dict[str, float]:
    """Return kind → median days to resolve (one query: the middle rows of each kind)."""
    taken = (
        found.filter(resolved_at__lt=end)
        .annotate(
            taken=_TAKEN,
            place=Window(RowNumber(), partition_by=[F("kind")], order_by=[_TAKEN.asc()]),
            among=Window(Count("pk"), partition_by=[F("kind")]),
        )
        # The middle row of an odd count, the two middle rows of an even one.
        .filter(place__gte=(F("among") + 1) / 2, place__lte=(F("among") + 2) / 2)
        .values_list("kind", "taken")
    )
    middles: dict[str, list[float]] = {}
    for kind, value in taken:
        middles.setdefault(kind, []).append(value / DAY)
    return {kind: fmean(values) for kind, values in middles.items()}


def findings_summary(
    unit: OrgUnit,
    *,
    as_of: dt.date | None = None,
    findings: QuerySet[Finding] | None = None,
) -> list[KindRow]:
    """Return the findings of ``unit``'s subtree by kind, in the kinds' order (2 queries).

    ``findings`` narrows them further (what a user may read); ``as_of`` is today unless
    given.
    """
    end = end_of(as_of or timezone.localdate())
    found = _of(unit, findings).filter(found_at__lt=end).order_by()
    open_q = Q(resolved_at__isnull=True) | Q(resolved_at__gte=end)
    counts = {
        row["kind"]: row
        for row in found.values("kind").annotate(
            open=Count("pk", filter=open_q),
            urgent=Count("pk", filter=open_q & Q(urgent=True)),
            resolved=Count("pk", filter=Q(resolved_at__lt=end)),
            mean=Avg(_TAKEN, filter=Q(resolved_at__lt=end)),
        )
    }
    if not counts:
        return []
    medians = _medians(found, end) if any(r["resolved"] for r in counts.values()) else {}
    return [
        KindRow(
            kind=kind,
            open=counts[kind]["open"],
            urgent=counts[kind]["urgent"],
            resolved=counts[kind]["resolved"],
            median_days=medians.get(kind),
            mean_days=_days(counts[kind]["mean"]),
        )
        for kind in FindingKind.values
        if kind in counts
    ]


@dataclass(frozen=True)
class MonthFigures:
    """A unit's cross-check work of a month: the monthly report's figures."""

    lists: int  # lists compared in the month
    found: int  # findings found in the month
    resolved: int  # findings resolved in the month
    open_end: int  # findings open at the month's end


def lists_in(first: dt.date, last: dt.date) -> QuerySet[CheckList]:
    """Return the lists compared from ``first`` to ``last`` (local days)."""
    return CheckList.objects.filter(
        uploaded_at__gte=end_of(first - DAY), uploaded_at__lt=end_of(last)
    )


def month_aggregates(first: dt.date, last: dt.date) -> dict[str, Aggregate]:
    """Return the findings' aggregates of the month (found, resolved, open at its end),
    for ``Finding.objects`` grouped or filtered by unit as the caller needs."""
    start, end = end_of(first - DAY), end_of(last)
    return {
        "crosscheck_found": Count("pk", filter=Q(found_at__gte=start, found_at__lt=end)),
        "crosscheck_resolved": Count("pk", filter=Q(resolved_at__gte=start, resolved_at__lt=end)),
        "crosscheck_open_end": Count(
            "pk",
            filter=Q(found_at__lt=end) & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=end)),
        ),
    }


def month_figures(unit: OrgUnit, first: dt.date, last: dt.date) -> MonthFigures:
    """Return ``unit``'s cross-check figures from ``first`` to ``last`` (2 queries)."""
    lists = lists_in(first, last).filter(subtree_q([unit], field="org_unit__path")).count()
    figures = _of(unit).aggregate(**month_aggregates(first, last))
    return MonthFigures(
        lists=lists,
        found=figures["crosscheck_found"],
        resolved=figures["crosscheck_resolved"],
        open_end=figures["crosscheck_open_end"],
    )


def report_panel(user: AnyUser, unit: OrgUnit, today: dt.date) -> list[KindRow]:
    """Return the dashboard panel's rows: the findings of ``unit``'s subtree the user may
    read, by kind, as of ``today`` (none, without a query, for a user without the pages)."""
    if not can_open(user):
        return []
    return findings_summary(unit, as_of=today, findings=findings_visible(user))

"""Reads of the services delivered: a resident's sessions, an institution's month by
service type and by resident, the placements whose follow-up is due, and the minutes of
service per resident over a period (for the quality assessment).

Every read runs a fixed number of queries whatever the number of residents or sessions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Q, QuerySet, Sum

from guanai.core.months import last_day
from guanai.institutions.models import (
    Decision,
    Institution,
    Placement,
    Resident,
    ServiceLog,
    ServiceType,
)


def logs_of(resident: Resident) -> QuerySet[ServiceLog]:
    """Return the resident's sessions, newest first (page them)."""
    return (
        ServiceLog.objects.filter(resident=resident)
        .select_related("staff", "created_by")
        .order_by("-on", "-pk")
    )


def present_in(start: date, end: date) -> Q:
    """The admitted residents whose stay overlaps ``start``–``end`` (on ``Resident``)."""
    return Q(decision=Decision.ADMITTED, started_on__lte=end) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )


@dataclass
class Tally:
    sessions: int = 0
    minutes: int = 0

    def add(self, sessions: int, minutes: int) -> None:
        self.sessions += sessions
        self.minutes += minutes


@dataclass
class ResidentMonth:
    resident: Resident
    by_type: dict[str, Tally]
    total: Tally

    @property
    def served(self) -> bool:
        return self.total.sessions > 0

    @property
    def parts(self) -> list[tuple[str, Tally]]:
        """The types the resident received, in the standard's order, with their labels."""
        return [
            (str(t.label), self.by_type[t.value]) for t in ServiceType if t.value in self.by_type
        ]


@dataclass
class MonthSummary:
    """An institution's month: sessions and minutes by type, by resident (the residents
    present in the month, those with no session first) and in all."""

    month: date
    by_type: list[tuple[str, str, Tally]]
    residents: list[ResidentMonth]
    total: Tally = field(default_factory=Tally)

    @property
    def unserved(self) -> list[ResidentMonth]:
        return [row for row in self.residents if not row.served]


def month_summary(institution: Institution, month: date) -> MonthSummary:
    """Return the month (its first day) of ``institution`` in two queries."""
    end = last_day(month)
    present = list(
        Resident.objects.filter(present_in(month, end), institution=institution)
        .select_related("person")
        .order_by("person__name_sort", "pk")
    )
    grouped = (
        ServiceLog.objects.filter(resident__institution=institution, on__gte=month, on__lte=end)
        .values("resident_id", "type")
        .annotate(sessions=Count("pk"), minutes=Sum("minutes"))
        .order_by()
    )
    rows = {r.pk: ResidentMonth(resident=r, by_type={}, total=Tally()) for r in present}
    by_type = {t: Tally() for t in ServiceType.values}
    total = Tally()
    for g in grouped:
        sessions, minutes = g["sessions"], g["minutes"] or 0
        by_type[g["type"]].add(sessions, minutes)
        total.add(sessions, minutes)
        row = rows.get(g["resident_id"])
        if row is not None:  # a session logged outside the stay cannot be, but be safe
            row.by_type.setdefault(g["type"], Tally()).add(sessions, minutes)
            row.total.add(sessions, minutes)
    labels = dict(ServiceType.choices)
    return MonthSummary(
        month=month,
        by_type=[(t, str(labels[t]), by_type[t]) for t in ServiceType.values],
        residents=sorted(rows.values(), key=lambda row: row.served),
        total=total,
    )


def service_minutes(institution: Institution, start: date, end: date) -> dict[int, int]:
    """Return the minutes of service each resident of ``institution`` received from
    ``start`` to ``end`` (both included), by resident id; residents with none are absent.
    One query. For the quality assessment (服务质量考核): divide by the months each resident
    was present (``present_in``) for a monthly figure."""
    return service_minutes_of([institution], start, end).get(institution.pk, {})


def service_minutes_of(
    institutions: Iterable[Institution], start: date, end: date
) -> dict[int, dict[int, int]]:
    """Return ``service_minutes`` for many institutions in one query: institution id →
    resident id → minutes."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        ServiceLog.objects.filter(
            resident__institution__in=[i.pk for i in institutions], on__gte=start, on__lte=end
        )
        .values("resident__institution_id", "resident_id")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    for row in rows:
        found[row["resident__institution_id"]][row["resident_id"]] = row["minutes"] or 0
    return dict(found)


@dataclass
class FollowUpDue:
    placement: Placement
    # The last follow-up, or the start of the job if none yet.
    last_on: date
    due_on: date
    today: date

    @property
    def due(self) -> bool:
        return self.due_on <= self.today

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def days_overdue(self) -> int:
        return max((self.today - self.due_on).days, 0)


def open_placements(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """The placements still followed up: not stable, not ended, with their last follow-up
    day (``last_follow_up``)."""
    return (
        placements.filter(stable_on__isnull=True, ended_on__isnull=True)
        .annotate(last_follow_up=Max("follow_ups__on"))
        .select_related("resident", "resident__person", "coach")
    )


def follow_up_schedule(placements: QuerySet[Placement], today: date) -> list[FollowUpDue]:
    """Return the next follow-up of each open placement, the most overdue first: due
    ``follow_up_days`` after the last follow-up (or the start of the job)."""
    schedule = []
    for p in open_placements(placements):
        last = max(p.last_follow_up or p.started_on, p.started_on)  # type: ignore[attr-defined]
        schedule.append(
            FollowUpDue(
                placement=p,
                last_on=last,
                due_on=last + timedelta(days=p.follow_up_days),
                today=today,
            )
        )
    return sorted(schedule, key=lambda d: (d.due_on, d.placement.pk))


def follow_ups_due(institution: Institution, today: date) -> list[FollowUpDue]:
    """Return the institution's placements whose follow-up is due by ``today`` (one query)."""
    placements = Placement.objects.filter(resident__institution=institution)
    return [d for d in follow_up_schedule(placements, today) if d.due]


def placements_of(resident: Resident) -> QuerySet[Placement]:
    """Return the resident's placements, newest first, with their follow-ups."""
    return (
        Placement.objects.filter(resident=resident)
        .select_related("coach")
        .prefetch_related("follow_ups", "follow_ups__staff")
        .order_by("-started_on", "-pk")
    )

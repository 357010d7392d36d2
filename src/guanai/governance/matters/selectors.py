"""Reading the lists of practical matters: a unit's list for a year with each matter's
latest figure reached and whether it is overdue, the counts (done of all), one matter with
its updates and photos, the panels of the dashboard and of the unit's page, and the
matters a responsible person has due.

A matter is *overdue* from the day after its deadline (Asia/Shanghai days,
``timezone.localdate()``) while it is neither done nor dropped — the rule of
``is_overdue`` and ``overdue_q``, one in Python and one in SQL. Every read here runs a
fixed number of statements, whatever the number of matters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.governance.access import READERS
from guanai.governance.matters import access
from guanai.governance.models import MatterPhoto, MatterStatus, MatterUpdate, PracticalMatter
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q

# The statuses still to be worked.
OPEN = (MatterStatus.PLANNED, MatterStatus.IN_PROGRESS)
# How many matters the dashboard's and the unit page's panels list; the list has the rest.
PANEL_MAX = 10
# A responsible person is reminded of a matter this many days before its deadline.
DAYS_AHEAD = 14


def is_overdue(status: str, deadline: date, today: date) -> bool:
    """Return whether a matter is overdue on ``today``: past its deadline day, not closed."""
    return status in OPEN and today > deadline


def overdue_q(today: date, prefix: str = "") -> Q:
    """Return the filter for matters overdue on ``today`` (the SQL form of ``is_overdue``)."""
    return Q(**{f"{prefix}status__in": OPEN, f"{prefix}deadline__lt": today})


@dataclass(frozen=True)
class MatterRow:
    """A matter of a list as the list shows it."""

    matter: PracticalMatter
    reached: Decimal | None
    updates: int
    overdue: bool

    @property
    def percent(self) -> int | None:
        """Return the figure reached as a percent of the target (0–100), if both exist."""
        target = self.matter.target
        if target is None or self.reached is None:
            return None
        if target <= 0:
            return 100
        return int(min(Decimal(100), Decimal(100) * self.reached / target))


@dataclass(frozen=True)
class Counts:
    total: int = 0
    done: int = 0
    in_progress: int = 0
    planned: int = 0
    dropped: int = 0
    overdue: int = 0

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _latest_reached() -> Subquery:
    return Subquery(
        MatterUpdate.objects.filter(matter=OuterRef("pk"), reached__isnull=False)
        .order_by("-on", "-pk")
        .values("reached")[:1]
    )


def with_progress(rows: QuerySet[PracticalMatter]) -> QuerySet[PracticalMatter]:
    """Annotate each matter with its latest figure reached and its number of updates."""
    return rows.select_related("org_unit", "lead_unit", "owner").annotate(
        reached=_latest_reached(), update_count=Count("updates", distinct=True)
    )


def rows_of(
    matters: QuerySet[PracticalMatter], today: date, limit: int | None = None
) -> list[MatterRow]:
    """Return the rows of ``matters``, the first ``limit`` of them (one statement)."""
    annotated = with_progress(matters)
    return [
        MatterRow(
            matter=m,
            reached=m.reached,  # type: ignore[attr-defined]
            updates=m.update_count,  # type: ignore[attr-defined]
            overdue=is_overdue(m.status, m.deadline, today),
        )
        for m in (annotated if limit is None else annotated[:limit])
    ]


def unit_matters(
    user: AnyUser, unit: OrgUnit, year: int, *, status: str = ""
) -> QuerySet[PracticalMatter]:
    """Return ``unit``'s matters of ``year`` that the user reads, in the list's order;
    ``status`` is a status or "overdue" (needs ``today``: see ``filtered``)."""
    rows = access.matters_visible(user).filter(org_unit=unit, year=year)
    if status in MatterStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("position", "pk")


OVERDUE = "overdue"


def filtered(
    user: AnyUser, unit: OrgUnit, year: int, status: str, today: date
) -> QuerySet[PracticalMatter]:
    """Return the list filtered by a status, or by "overdue" on ``today``."""
    rows = unit_matters(user, unit, year, status="" if status == OVERDUE else status)
    return rows.filter(overdue_q(today)) if status == OVERDUE else rows


def counts_of(matters: QuerySet[PracticalMatter], today: date) -> Counts:
    """Return how many of ``matters`` are in each state (one statement)."""
    found = matters.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=MatterStatus.DONE)),
        in_progress=Count("pk", filter=Q(status=MatterStatus.IN_PROGRESS)),
        planned=Count("pk", filter=Q(status=MatterStatus.PLANNED)),
        dropped=Count("pk", filter=Q(status=MatterStatus.DROPPED)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    return Counts(**found)


def years_offered(user: AnyUser, unit: OrgUnit, today: date) -> list[int]:
    """Return the years of ``unit``'s lists, with this year and the next, newest first."""
    found = set(access.matters_visible(user).filter(org_unit=unit).values_list("year", flat=True))
    return sorted(found | {today.year, today.year + 1}, reverse=True)


def default_unit(user: AnyUser) -> OrgUnit | None:
    """Return the unit whose list opens first: the user's first unit of a reading role."""
    units = scoping.units_for(user, READERS)
    return min(units, key=lambda u: u.path) if units else None


def matter_detail(user: AnyUser, pk: int) -> PracticalMatter:
    """Return a matter the user reads with its updates and their photos (or 404)."""
    matter = access.access_matter(user, pk)
    updates = (
        MatterUpdate.objects.select_related("recorded_by")
        .prefetch_related(Prefetch("photos", queryset=MatterPhoto.objects.order_by("pk")))
        .order_by("on", "pk")
    )
    return (
        with_progress(PracticalMatter.objects.filter(pk=matter.pk))
        .select_related("created_by")
        .prefetch_related(Prefetch("updates", queryset=updates))
        .get()
    )


def lead_units_offered(user: AnyUser, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Return the units that may carry out a matter of ``unit``: itself and those below."""
    return OrgUnit.objects.filter(subtree_q([unit]), is_active=True).order_by("path")


def owners_offered(user: AnyUser, unit: OrgUnit) -> QuerySet[User]:
    """Return the accounts the user sees that hold a role in ``unit``, above it or below it
    (the service checks the one chosen holds it in the responsible unit or above)."""
    held = scoping.memberships_in_force().filter(
        Q(org_unit__path__in=unit.ancestor_paths()) | subtree_q([unit], field="org_unit__path"),
        role__in=READERS,
    )
    return (
        scoping.users_visible(user)
        .filter(pk__in=held.values("user"), is_active=True)
        .order_by("full_name", "username")
    )


def has_evidence_q() -> Exists:
    return Exists(
        MatterUpdate.objects.filter(matter=OuterRef("pk")).filter(
            Q(photos__isnull=False) | ~Q(link="")
        )
    )


@dataclass(frozen=True)
class Panel:
    """This year's matters of a unit: the counts and the first rows."""

    unit: OrgUnit
    year: int
    counts: Counts
    rows: list[MatterRow] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.counts.total - len(self.rows), 0)


def report_panel(user: AnyUser, unit: OrgUnit, today: date) -> Panel:
    """Return this year's list of ``unit`` for the reports dashboard (two statements)."""
    matters = unit_matters(user, unit, today.year)
    return Panel(
        unit=unit,
        year=today.year,
        counts=counts_of(matters, today),
        rows=rows_of(matters, today, PANEL_MAX),
    )


def unit_panel(user: AnyUser, unit: OrgUnit, today: date) -> Panel:
    """Return this year's list of ``unit`` for the unit's page (two statements)."""
    return report_panel(user, unit, today)


def matters_due(user: AnyUser, today: date) -> QuerySet[PracticalMatter]:
    """Return the open matters the user is responsible for that are due within
    ``DAYS_AHEAD`` days or overdue, the earliest deadline first."""
    return (
        access.matters_visible(user)
        .filter(owner=user.pk, status__in=OPEN, deadline__lte=today + timedelta(days=DAYS_AHEAD))
        .select_related("org_unit")
        .order_by("deadline", "pk")
    )

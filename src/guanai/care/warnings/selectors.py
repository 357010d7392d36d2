"""Reads of the early warnings, scoped like the persons they are about."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, When
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.care import permissions
from guanai.care.models import (
    CareWarning,
    Pairing,
    RiskAssessment,
    RiskLevel,
    WarningStatus,
)
from guanai.care.warnings import texts
from guanai.orgs.models import PATH_STEP, OrgUnit
from guanai.orgs.selectors import subtree_q

STATUSES = (
    WarningStatus.OPEN,
    WarningStatus.ACKNOWLEDGED,
    WarningStatus.RESOLVED,
    WarningStatus.CLOSED,
)
# The warnings still to be dealt with: those a task or a closing applies to.
LIVE = (WarningStatus.OPEN, WarningStatus.ACKNOWLEDGED)


def _scope(user: AnyUser) -> Q:
    """The warnings of the user's roster subtree, or about persons paired to the user.

    A warning is scoped by its own unit (the person's unit when it was found, kept in
    step by every detection), not through the person: a county's list then reads one
    table in date order instead of joining every warning to its person (issue 4: under
    200 ms a page for 100,000 persons). A person transferred since the last detection
    shows under the old unit until the next one (at most a day).
    """
    return scoping.roster_subtree_q(user, "org_unit__path") | scoping.paired_persons_q(
        user, "person_id"
    )


def warnings_visible(user: AnyUser) -> QuerySet[CareWarning]:
    """Return the warnings about persons the user may read (roster subtree, or paired)."""
    current_high = RiskAssessment.objects.filter(
        person=OuterRef("person_id"), current=True, level=RiskLevel.HIGH
    )
    return (
        CareWarning.objects.filter(_scope(user))
        .select_related(
            "person__org_unit", "org_unit", "acknowledged_by", "assigned_to", "closed_by"
        )
        .annotate(person_high_risk=Exists(current_high))
    )


def access_warning(user: AnyUser, pk: int) -> CareWarning:
    """Return a warning the user may read, or raise Http404."""
    return get_object_or_404(warnings_visible(user), pk=pk)


@dataclass(frozen=True)
class WarningFilter:
    kind: str = ""
    unit: OrgUnit | None = None
    status: str = WarningStatus.OPEN
    risk: str = ""  # the person's current risk level ("": any)


def _in_unit(warnings: QuerySet[CareWarning], unit: OrgUnit | None) -> QuerySet[CareWarning]:
    if unit is None:
        return warnings
    return warnings.filter(subtree_q([unit], field="org_unit__path"))


def _at_risk(warnings: QuerySet[CareWarning], level: str) -> QuerySet[CareWarning]:
    if not level:
        return warnings
    current = RiskAssessment.objects.filter(person=OuterRef("person_id"), current=True, level=level)
    return warnings.filter(Exists(current))


def warnings_search(user: AnyUser, f: WarningFilter) -> QuerySet[CareWarning]:
    """Return the user's warnings of a status, kind, unit and risk, the latest raised first."""
    warnings = _at_risk(_in_unit(warnings_visible(user), f.unit), f.risk).filter(status=f.status)
    if f.kind:
        warnings = warnings.filter(kind=f.kind)
    return warnings.order_by("-raised_on", "-pk")


def warnings_chosen(user: AnyUser, pks: Iterable[int]) -> QuerySet[CareWarning]:
    """Return the warnings of ``pks`` the user may read (a key outside the scope is left out)."""
    return CareWarning.objects.filter(_scope(user), pk__in=set(pks)).select_related(
        "person__org_unit"
    )


def assigned_to(user: AnyUser) -> QuerySet[CareWarning]:
    """Return the warnings still to deal with that are given to the user, most urgent first.

    Most urgent: the earliest due first (those without a due date last), then a person of
    high risk, then the oldest raised. Scoped like every list: a task about a person the
    user may no longer read is not shown.
    """
    if not user.is_authenticated:
        return CareWarning.objects.none()
    return (
        warnings_visible(user)
        .filter(assigned_to=user, status__in=LIVE)
        .annotate(
            high_first=Case(
                When(person_high_risk=True, then=0), default=1, output_field=IntegerField()
            )
        )
        .order_by(F("due_on").asc(nulls_last=True), "high_first", "raised_on", "pk")
    )


def assignees_for(warning: CareWarning) -> QuerySet[User]:
    """Return who may be given a warning as a task: those who may care for its person.

    The helpers paired with the person now, and the leaders and workers of the person's
    unit or a unit above it (``permissions.can_care_for``, which the service checks).
    """
    unit = warning.person.org_unit
    roster = scoping.memberships_in_force().filter(
        org_unit__path__in=unit.ancestor_paths(), role__in=scoping.ROSTER_EDITORS
    )
    paired = Pairing.objects.filter(person_id=warning.person_id, ended_on__isnull=True)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=roster.values("user_id")) | Q(pk__in=paired.values("helper_id")))
        .annotate(paired=Exists(paired.filter(helper=OuterRef("pk"))))
        .order_by("-paired", "full_name", "pk")
    )


@dataclass(frozen=True)
class WarningCounts:
    """How many warnings of the user's scope (and unit) there are, by status and kind."""

    by_status: dict[str, int]
    by_kind: dict[str, int]


def warning_counts(user: AnyUser, f: WarningFilter) -> WarningCounts:
    """Count the user's warnings of ``f.unit`` by status, and by kind within ``f.status``."""
    rows = (
        _in_unit(CareWarning.objects.filter(_scope(user)), f.unit)
        .order_by()
        .values_list("status", "kind")
        .annotate(n=Count("pk"))
    )
    by_status: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    for status, kind, n in rows:
        by_status[status] += n
        if status == f.status:
            by_kind[kind] += n
    return WarningCounts(dict(by_status), dict(by_kind))


@dataclass(frozen=True)
class UnitRow:
    """A line of the summary: a unit (with its subtree) and its warnings by kind."""

    unit: OrgUnit
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def unit_counts(user: AnyUser, f: WarningFilter) -> list[UnitRow]:
    """Count the user's warnings of ``f``'s status and risk by unit and kind.

    The units are those one level below the unit chosen (or below the units all warnings
    share): a county sees a line per township, a township a line per school. Two queries,
    however many warnings.
    """
    rows = (
        _at_risk(_in_unit(CareWarning.objects.filter(_scope(user)), f.unit), f.risk)
        .filter(status=f.status)
        .order_by()
        .values_list("org_unit__path", "kind")
        .annotate(n=Count("pk"))
    )
    counted = list(rows)
    if not counted:
        return []
    base = f.unit.path if f.unit is not None else _shared_path([p for p, _k, _n in counted])
    by_path: dict[str, Counter[str]] = {}
    for path, kind, n in counted:
        line = path[: len(base) + PATH_STEP] if len(path) > len(base) else base
        by_path.setdefault(line, Counter())[kind] += n
    units = {u.path: u for u in OrgUnit.objects.filter(path__in=list(by_path))}
    lines = [UnitRow(units[p], dict(c)) for p, c in by_path.items() if p in units]
    return sorted(lines, key=lambda r: (-r.total, r.unit.path))


def _shared_path(paths: list[str]) -> str:
    """Return the path of the deepest unit holding every path ("" for different roots)."""
    shared = paths[0]
    for path in paths[1:]:
        end = 0
        while end < min(len(shared), len(path)) and shared[end] == path[end]:
            end += 1
        shared = shared[: end - end % PATH_STEP]
    return shared


def explanation(warning: CareWarning, today: date) -> str:
    """Return the sentence explaining a warning, in the active language, as of ``today``.

    The warning must come from ``warnings_visible`` (it reads the person and their risk).
    """
    high = bool(getattr(warning, "person_high_risk", False))
    text = texts.explain(warning.key, name=warning.person.name, today=today, high_risk=high)
    return text or warning.message


def can_acknowledge(user: AnyUser, warning: CareWarning) -> bool:
    """Return whether the user may acknowledge the warning: a leader over the person's unit.

    The same leaders decide what else is done about it: they give it as a task and close it.
    """
    return permissions.is_leader_of(user, warning.person.org_unit)


def can_close(user: AnyUser, warning: CareWarning) -> bool:
    """Return whether the user may close the warning: a leader of it, or its assignee.

    Whether it is still open to closing is the service's to say (under a lock).
    """
    return (user.is_authenticated and warning.assigned_to_id == user.pk) or can_acknowledge(
        user, warning
    )

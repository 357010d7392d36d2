"""Reads of the early warnings, scoped like the persons they are about."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.care import permissions
from guanai.care.models import CareWarning, RiskAssessment, RiskLevel, WarningStatus
from guanai.care.warnings import texts
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q

STATUSES = (WarningStatus.OPEN, WarningStatus.ACKNOWLEDGED, WarningStatus.RESOLVED)


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
        .select_related("person__org_unit", "org_unit", "acknowledged_by")
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


def _in_unit(warnings: QuerySet[CareWarning], unit: OrgUnit | None) -> QuerySet[CareWarning]:
    if unit is None:
        return warnings
    return warnings.filter(subtree_q([unit], field="org_unit__path"))


def warnings_search(user: AnyUser, f: WarningFilter) -> QuerySet[CareWarning]:
    """Return the user's warnings of a status, kind and unit, the latest raised first."""
    warnings = _in_unit(warnings_visible(user), f.unit).filter(status=f.status)
    if f.kind:
        warnings = warnings.filter(kind=f.kind)
    return warnings.order_by("-raised_on", "-pk")


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


def explanation(warning: CareWarning, today: date) -> str:
    """Return the sentence explaining a warning, in the active language, as of ``today``.

    The warning must come from ``warnings_visible`` (it reads the person and their risk).
    """
    high = bool(getattr(warning, "person_high_risk", False))
    text = texts.explain(warning.key, name=warning.person.name, today=today, high_risk=high)
    return text or warning.message


def can_acknowledge(user: AnyUser, warning: CareWarning) -> bool:
    """Return whether the user may acknowledge the warning: a leader over the person's unit."""
    return permissions.is_leader_of(user, warning.person.org_unit)

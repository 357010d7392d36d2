"""Scoped reads of rounds and cases: the case list with its filters, a helper's tasks, the
helpers a case may be given to, and the progress of a round per unit.

Every read starts from ``access`` (``rounds_visible``, ``round_cases``, ``cases_visible``):
a user sees only the cases they may see, and the progress counts only those.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case as Branch
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside, subtree_q
from guanai.surveys.models import Case, CaseStatus, FormStatus, FormVersion, Round, RoundStatus
from guanai.surveys.rounds.access import ASSIGNEES, RUNNERS, cases_visible, round_cases


def usable_forms(units: list[OrgUnit]) -> QuerySet[FormVersion]:
    """The published versions of questionnaires built in or of a unit on the path of
    ``units`` (the service checks the same, ``services.form_usable``)."""
    paths = sorted({path for unit in units for path in unit.ancestor_paths()})
    return (
        FormVersion.objects.filter(
            Q(questionnaire__org_unit__isnull=True) | Q(questionnaire__org_unit__path__in=paths),
            status=FormStatus.PUBLISHED,
            questionnaire__archived_at__isnull=True,
        )
        .select_related("questionnaire")
        .order_by("questionnaire__title", "-number")
    )


@dataclass(frozen=True)
class CaseFilter:
    """The case list's filters; each empty value filters nothing."""

    unit: OrgUnit | None = None
    status: str = ""
    assignee: User | None = None
    unassigned: bool = False
    found: bool | None = None


def cases_of_round(
    user: AnyUser, round_: Round, filters: CaseFilter | None = None
) -> QuerySet[Case]:
    """Return the round's cases the user sees, filtered, with what the list shows."""
    f = filters or CaseFilter()
    cases = round_cases(user, round_).select_related("org_unit", "assigned_to", "person")
    if f.unit is not None:
        cases = cases.filter(subtree_q([f.unit], field="org_unit__path"))
    if f.status:
        cases = cases.filter(status=f.status)
    if f.assignee is not None:
        cases = cases.filter(assigned_to=f.assignee)
    if f.unassigned:
        cases = cases.filter(assigned_to__isnull=True)
    if f.found is not None:
        cases = cases.filter(found=f.found)
    return cases.order_by("org_unit__path", "name", "pk")


def my_tasks(user: AnyUser) -> QuerySet[Case]:
    """Return the cases given to the user in open rounds (我的调查任务): the ones to do
    first, then those not reached, then those done."""
    if not user.is_authenticated:
        return Case.objects.none()
    return (
        cases_visible(user)
        .filter(assigned_to=user.pk, round__status=RoundStatus.OPEN)
        .select_related("round", "org_unit")
        .annotate(
            todo=Branch(
                When(status=CaseStatus.PENDING, then=0),
                When(status=CaseStatus.UNREACHABLE, then=1),
                default=2,
                output_field=IntegerField(),
            )
        )
        .order_by("todo", "round__ends_on", "org_unit__path", "name", "pk")
    )


def found_cases(user: AnyUser, round_: Round) -> QuerySet[Case]:
    """Return the round's found persons the user sees, the ones not yet on file first."""
    return (
        round_cases(user, round_)
        .filter(found=True)
        .select_related("org_unit", "person", "assigned_to")
        .order_by("person", "org_unit__path", "name", "pk")
    )


def assignable_users(user: AnyUser, round_: Round, unit: OrgUnit | None = None) -> QuerySet[User]:
    """Return the active accounts holding a data role (leader, worker, helper) in the
    subtree of ``unit`` (default: the round's unit) inside the units the user runs."""
    runs = [u for u in scoping.units_for(user, RUNNERS) if is_inside(u, round_.org_unit)]
    runs += [round_.org_unit] if scoping.holds_role_over(user, round_.org_unit, RUNNERS) else []
    if not runs:
        return User.objects.none()
    memberships = scoping.memberships_in_force().filter(
        subtree_q(runs, field="org_unit__path"), role__in=sorted(ASSIGNEES)
    )
    if unit is not None:
        memberships = memberships.filter(subtree_q([unit], field="org_unit__path"))
    return User.objects.filter(pk__in=memberships.values("user"), is_active=True).order_by(
        "full_name", "pk"
    )


@dataclass
class ProgressRow:
    """One unit's cases of a round: how many, in what state, and the share done."""

    unit: OrgUnit
    own: bool  # the cases of the unit itself, not of a unit below it
    total: int = 0
    done: int = 0
    pending: int = 0
    unreachable: int = 0
    found: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def percent_done(self) -> Decimal | None:
        if not self.total:
            return None
        share = Decimal(self.done * 100) / Decimal(self.total)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def reasons_counted(self) -> list[tuple[str, int]]:
        return sorted(self.reasons.items(), key=lambda item: (-item[1], item[0]))

    @property
    def drillable(self) -> bool:
        return not self.own and self.total > 0


def round_progress(
    user: AnyUser, round_: Round, unit: OrgUnit | None = None
) -> tuple[list[ProgressRow], ProgressRow]:
    """Return the progress of the round per unit directly below ``unit`` (default: the
    round's unit; a unit outside the round counts nothing) and the total, over the cases
    the user sees. Two queries, whatever the number of units and cases."""
    top = unit or round_.org_unit
    if not is_inside(top, round_.org_unit):
        top = round_.org_unit
    children = list(OrgUnit.objects.filter(parent=top).order_by("path"))
    rows = [ProgressRow(unit=top, own=True), *(ProgressRow(unit=c, own=False) for c in children)]
    total = ProgressRow(unit=top, own=False)
    by_unit = {r.unit.pk: r for r in rows[1:]}
    branch = Branch(
        *(When(subtree_q([c], field="org_unit__path"), then=Value(c.pk)) for c in children),
        default=Value(0),
        output_field=IntegerField(),
    )
    grouped = (
        round_cases(user, round_)
        .filter(subtree_q([top], field="org_unit__path"))
        .annotate(branch=branch)
        .values_list("branch", "status", "found", "unreachable_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for branch_id, status, found, reason, n in grouped:
        row = by_unit.get(branch_id, rows[0])
        for target in (row, total):
            target.total += n
            target.found += n if found else 0
            if status == CaseStatus.DONE:
                target.done += n
            elif status == CaseStatus.UNREACHABLE:
                target.unreachable += n
                target.reasons[reason] += n
            else:
                target.pending += n
    return [r for r in rows if not r.own or r.total], total

"""Who sees, runs and fills survey rounds, and whose answers they read (DESIGN §5).

A round is run (created, assigned, closed) by a leader or worker of its unit. It is seen by
the roster roles of its unit or of any unit below it — a township worker sees the county's
round, narrowed to the township's cases — and by a helper given a case of it.

A case is seen like the person's file: a registered person's case by whoever may read the
person (``registry.persons_visible``: the roster of their subtrees, or a pairing), a found
person's case by the roster roles of the unit where they were found; and by the helper it
is assigned to. It is filled by the helper it is assigned to and by a leader or worker of
its unit, while the round is open.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import AnyUser
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside, subtree_q
from guanai.surveys.models import Case, Round, RoundStatus

# Roles that run rounds over their subtree.
RUNNERS = frozenset({Role.LEADER, Role.WORKER})

# Roles a case may be assigned to (over the case's unit): workers, leaders and helpers
# (teachers and the other helpers of a school or village).
ASSIGNEES = frozenset({Role.LEADER, Role.WORKER, Role.HELPER})

# Roles that open the rounds pages: the roster roles see rounds, a helper their tasks.
READERS = scoping.ROSTER_ROLES | {Role.HELPER}


def can_open_rounds(user: AnyUser) -> bool:
    """Return whether the user may open the rounds pages (the menu asks the same)."""
    return user.is_authenticated and bool(scoping.roles(user) & READERS)


def may_be_assigned(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether ``user`` may be given a case of ``unit`` (a data role over it)."""
    return scoping.holds_role_over(user, unit, ASSIGNEES)


def cases_visible(user: AnyUser) -> QuerySet[Case]:
    """Return the cases the user may see (and their answers)."""
    if not user.is_authenticated or not scoping.can_see_beneficiary_data(user):
        return Case.objects.none()
    registered = Q(person__isnull=False) & scoping.persons_q(user, "person__")
    found = Q(person__isnull=True) & scoping.roster_subtree_q(user)
    return Case.objects.filter(registered | found | Q(assigned_to=user.pk))


def access_case(user: AnyUser, pk: int) -> Case:
    """Return the case with its round, form and person, or raise Http404."""
    cases = cases_visible(user).select_related("round__form__questionnaire", "person", "org_unit")
    return get_object_or_404(cases, pk=pk)


def can_run(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether the user may create, assign and close rounds of ``unit``."""
    return scoping.holds_role_over(user, unit, RUNNERS)


def runs_part_of(user: AnyUser, round_: Round) -> bool:
    """Return whether the user runs the round's unit or a unit inside it (and so assigns
    the cases there)."""
    return any(
        is_inside(unit, round_.org_unit) or is_inside(round_.org_unit, unit)
        for unit in scoping.units_for(user, RUNNERS)
    )


def can_fill(user: AnyUser, case: Case) -> bool:
    """Return whether the user may answer for the case (the round must be open)."""
    if case.round.status != RoundStatus.OPEN:
        return False
    return case.assigned_to_id == user.pk or scoping.holds_role_over(user, case.org_unit, RUNNERS)


def rounds_visible(user: AnyUser) -> QuerySet[Round]:
    """Return the rounds the user sees: over or below their units, or with a case of theirs."""
    if not user.is_authenticated or not scoping.can_see_beneficiary_data(user):
        return Round.objects.none()
    units = scoping.units_for(user, scoping.ROSTER_ROLES)
    above = {path for unit in units for path in unit.ancestor_paths()}
    assigned = Exists(Case.objects.filter(round=OuterRef("pk"), assigned_to=user.pk))
    return Round.objects.filter(
        Q(org_unit__path__in=sorted(above)) | subtree_q(units, field="org_unit__path") | assigned
    )


def access_round(user: AnyUser, pk: int) -> Round:
    """Return the round with its form and unit, or raise Http404."""
    rounds = rounds_visible(user).select_related("form__questionnaire", "org_unit")
    return get_object_or_404(rounds, pk=pk)


def round_cases(user: AnyUser, round_: Round) -> QuerySet[Case]:
    """Return the round's cases the user may see."""
    return cases_visible(user).filter(round=round_)

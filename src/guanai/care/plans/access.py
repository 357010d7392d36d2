"""Who reads which assistance plans, and who edits, approves and reviews them.

Plans are read through the person scope (``scoping.persons_q``: the persons on the user's
rosters or paired with the user now); a plan outside it is ``Http404``.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.care.models import AssistancePlan, PlanReview
from guanai.care.permissions import can_care_for, can_edit_roster_of, is_leader_of
from guanai.core.errors import ValidationFailed
from guanai.registry.models import Person


def responsible_candidates(person: Person) -> QuerySet[User]:
    """Return the accounts that may be made responsible for a plan of ``person``.

    They are the accounts that may care for the person: the leaders and workers of the
    person's unit or a unit above it, and the helpers paired with the person now.
    """
    editors = (
        scoping.memberships_in_force()
        .filter(
            role__in=scoping.ROSTER_EDITORS, org_unit__path__in=person.org_unit.ancestor_paths()
        )
        .values("user")
    )
    paired = person.pairings.filter(ended_on__isnull=True, helper__isnull=False).values("helper")
    return (
        User.objects.filter(Q(pk__in=editors) | Q(pk__in=paired), is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


def can_edit_plan(user: AnyUser, plan: AssistancePlan) -> bool:
    """Return whether ``user`` may edit, complete or close ``plan``, whatever its status."""
    if can_edit_roster_of(user, plan.person.org_unit):
        return True
    mine = user.pk is not None and user.pk in (plan.created_by_id, plan.responsible_id)
    return mine and can_care_for(user, plan.person)


def can_approve_plan(user: AnyUser, plan: AssistancePlan) -> bool:
    return is_leader_of(user, plan.person.org_unit)


def can_review_plan(user: AnyUser, plan: AssistancePlan) -> bool:
    """Return whether ``user`` may review ``plan``: anyone who may care for the person.

    The responsible helper is one of them (``plan_clean`` and ``plan_approve`` see to it).
    """
    return can_care_for(user, plan.person)


def not_a_candidate(person: Person) -> ValidationFailed:
    return ValidationFailed(
        _(
            "The responsible helper must be someone who may care for %(name)s: "
            "paired with them, or a leader or worker of their unit."
        )
        % {"name": person.name},
        field="responsible",
    )


def responsible_for(person: Person, pk: int) -> User:
    """Return the account ``pk`` if it may be responsible for a plan of ``person``."""
    found = responsible_candidates(person).filter(pk=pk).first()
    if found is None:
        raise not_a_candidate(person)
    return found


def last_review() -> Subquery:
    return Subquery(
        PlanReview.objects.filter(plan=OuterRef("pk"))
        .order_by("-reviewed_on")
        .values("reviewed_on")[:1]
    )


def plans_visible(user: AnyUser) -> QuerySet[AssistancePlan]:
    """Return the plans of the persons the user may read, with their last review date."""
    return (
        AssistancePlan.objects.filter(scoping.persons_q(user, prefix="person__"))
        .select_related("person__org_unit", "person__school", "responsible", "approved_by")
        .annotate(last_reviewed_on=last_review())
    )


def access_plan(user: AnyUser, pk: int) -> AssistancePlan:
    """Return a plan the user may read, or raise Http404."""
    return get_object_or_404(plans_visible(user), pk=pk)

"""Who sees which activity plans, and who may write them.

A plan names no person, so every data role of a unit containing the plan's unit reads it
(class teachers, who are helpers, run its activities). Only a leader or worker of such a
unit writes plans, as they keep its roster (``scoping.ROSTER_EDITORS``). The admin roles see
no plans. A plan outside a user's scope is ``Http404``. The system (the demo) may write.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import Actor, AnyUser
from guanai.activities.models.plans import ActivityPlan, PlanItem
from guanai.core import locking
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgKind, OrgUnit

# Plans are for the units that run a school year.
PLAN_UNIT_KINDS = frozenset({OrgKind.SCHOOL, OrgKind.KINDERGARTEN})


def plans_visible(user: AnyUser) -> QuerySet[ActivityPlan]:
    """Return the plans of units inside the user's data subtrees, newest school year first."""
    return ActivityPlan.objects.filter(scoping.data_subtree_q(user)).select_related(
        "org_unit", "owner"
    )


def can_open_plans(user: AnyUser) -> bool:
    """Every data role opens the plans page (the admin roles see no plans)."""
    return user.is_authenticated and scoping.can_see_beneficiary_data(user)


def access_plan(user: AnyUser, pk: int) -> ActivityPlan:
    """Return a plan the user may read, or raise Http404."""
    return get_object_or_404(plans_visible(user), pk=pk)


def plans_visible_items(user: AnyUser) -> QuerySet[PlanItem]:
    """Return the items of the plans the user may read, each with its plan and unit."""
    return PlanItem.objects.filter(
        scoping.data_subtree_q(user, field="plan__org_unit__path")
    ).select_related("plan__org_unit", "plan__owner")


def access_plan_item(user: AnyUser, pk: int) -> PlanItem:
    """Return an item of a plan the user may read, or raise Http404."""
    return get_object_or_404(plans_visible_items(user), pk=pk)


def can_edit_plans(user: Actor, unit: OrgUnit) -> bool:
    """Leaders and workers of a unit containing ``unit`` write its plans."""
    return scoping.acts_over(user, unit, scoping.ROSTER_EDITORS)


def plan_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the schools and kindergartens the user may write plans for."""
    return scoping.roster_edit_units(user).filter(kind__in=PLAN_UNIT_KINDS).order_by("path")


def require_edit(user: Actor, unit: OrgUnit) -> None:
    if not can_edit_plans(user, unit):
        raise PermissionRefused(_("Only a leader or worker of this unit may change its plans."))


def refuse_stale(plan: ActivityPlan, version: int) -> None:
    """Refuse a change to a plan from a page opened at an older ``version``."""
    locking.refuse_stale(
        plan,
        version,
        message=_(
            "Someone changed this plan after you opened it. Reload it and make your change again."
        ),
    )


def lock_plan(plan: ActivityPlan) -> ActivityPlan:
    """Return the plan read again under a row lock (inside the caller's transaction)."""
    return (
        ActivityPlan.objects.select_for_update(of=("self",))
        .select_related("org_unit")
        .get(pk=plan.pk)
    )

"""Who reads and writes an annual work plan (``governance.access``).

A draft is read by the roster roles (leader, worker, viewer) of its unit and the units above
(``own_q``); once published it is also read by every role of the units below (下发, through
``read_q``'s units above the reader). A leader or worker of the unit or above writes a draft;
only a leader publishes it or withdraws it to draft. A plan outside the user's scope is 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.governance import access
from guanai.governance.models import PlanStatus, PlanTask, WorkPlan


def _visible_q(user: AnyUser, prefix: str = "") -> Q:
    field = f"{prefix}org_unit__path"
    published = Q(**{f"{prefix}status": PlanStatus.PUBLISHED}) & access.read_q(user, field)
    return access.own_q(user, field) | published


def plans_visible(user: AnyUser) -> QuerySet[WorkPlan]:
    return WorkPlan.objects.filter(_visible_q(user)).select_related(
        "org_unit", "group", "published_by"
    )


def access_plan(user: AnyUser, pk: int) -> WorkPlan:
    """Return a plan the user reads, or raise Http404."""
    return get_object_or_404(plans_visible(user), pk=pk)


def access_plan_to_edit(user: User, pk: int) -> WorkPlan:
    """Return a plan the user writes: outside their scope Http404, read only 403."""
    plan = access_plan(user, pk)
    if not access.can_manage(user, plan.org_unit):
        raise PermissionDenied
    return plan


def access_task(user: AnyUser, pk: int) -> PlanTask:
    """Return a line of a plan the user reads, or raise Http404."""
    tasks = PlanTask.objects.filter(_visible_q(user, "plan__")).select_related(
        "plan__org_unit", "plan__group"
    )
    return get_object_or_404(tasks, pk=pk)


def access_task_to_edit(user: User, pk: int) -> PlanTask:
    task = access_task(user, pk)
    if not access.can_manage(user, task.plan.org_unit):
        raise PermissionDenied
    return task

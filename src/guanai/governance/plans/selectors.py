"""Reads of annual work plans: a unit's plans, the plans sent down from the units above, a
plan's timetable month by month with the responsible members; a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Prefetch, QuerySet

from guanai.accounts.scoping import AnyUser
from guanai.governance.groups.selectors import POST_ORDER
from guanai.governance.models import GroupMember, PlanStatus, PlanTask, WorkPlan
from guanai.governance.plans.access import plans_visible
from guanai.orgs.models import OrgUnit


def unit_plans(user: AnyUser, unit: OrgUnit) -> QuerySet[WorkPlan]:
    """Return the unit's plans the user reads, newest year first, each with ``task_count``."""
    return (
        plans_visible(user)
        .filter(org_unit=unit)
        .annotate(task_count=Count("tasks"))
        .order_by("-year")
    )


def plans_sent_down(user: AnyUser, unit: OrgUnit, year: int) -> QuerySet[WorkPlan]:
    """Return the published plans of ``year`` of the units above ``unit`` (the county's plan
    read by its townships), highest unit first."""
    above = unit.ancestor_paths()[:-1]
    return (
        plans_visible(user)
        .filter(status=PlanStatus.PUBLISHED, year=year, org_unit__path__in=above)
        .order_by("org_unit__path")
    )


@dataclass(frozen=True)
class TaskMonth:
    month: int
    tasks: list[PlanTask]


def plan_tasks(plan: WorkPlan) -> QuerySet[PlanTask]:
    """Return the plan's tasks in month order, each with its owners by post; two queries."""
    owners = GroupMember.objects.annotate(post_rank=POST_ORDER).order_by(
        "post_rank", "position", "pk"
    )
    return plan.tasks.prefetch_related(Prefetch("owners", queryset=owners))


def plan_months(plan: WorkPlan) -> list[TaskMonth]:
    """Return the plan's timetable: the months that have tasks, each with its tasks."""
    return [
        TaskMonth(month, list(tasks))
        for month, tasks in groupby(list(plan_tasks(plan)), key=lambda t: t.month)
    ]

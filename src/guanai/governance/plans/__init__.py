"""Annual work plans (年度工作计划): a unit's plan for a year in the seeds' four parts, with a
timetable by month whose owners are members of the unit's leading group; published to the
units below. Import the public names from ``guanai.governance.plans``."""

from guanai.governance.plans.access import access_plan, plans_visible
from guanai.governance.plans.outline import Outline, outline_for
from guanai.governance.plans.selectors import plan_months, plans_sent_down, unit_plans
from guanai.governance.plans.services import (
    PlanData,
    TaskData,
    plan_create,
    plan_publish,
    plan_update,
    plan_withdraw,
    task_add,
    task_remove,
    task_update,
)

__all__ = [
    "Outline",
    "PlanData",
    "TaskData",
    "access_plan",
    "outline_for",
    "plan_create",
    "plan_months",
    "plan_publish",
    "plan_update",
    "plan_withdraw",
    "plans_sent_down",
    "plans_visible",
    "task_add",
    "task_remove",
    "task_update",
    "unit_plans",
]

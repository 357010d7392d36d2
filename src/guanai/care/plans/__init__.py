"""Assistance plans (帮扶计划) and their reviews, term evaluations (学期评议), progress
entries and the progress archive (进步档案).

The package re-exports the plans' public names; import them from ``guanai.care.plans``.
Term evaluations and progress are its modules ``evaluations`` and ``progress``.
"""

from guanai.care.plans.access import (
    access_plan,
    can_approve_plan,
    can_edit_plan,
    can_review_plan,
    plans_visible,
    responsible_candidates,
    responsible_for,
)
from guanai.care.plans.selectors import (
    PlanFilter,
    is_overdue,
    overdue_q,
    plans_of,
    plans_search,
    plans_waiting_count,
    reviews_of,
    waiting_q,
)
from guanai.care.plans.services import (
    CLOSING_NOTE_LIMIT,
    LEADER_FIELDS,
    PLAN_FIELDS,
    TEXT_LIMIT,
    PlanData,
    plan_approve,
    plan_clean,
    plan_close,
    plan_create,
    plan_update,
    review_add,
    review_opens,
)

__all__ = [
    "CLOSING_NOTE_LIMIT",
    "LEADER_FIELDS",
    "PLAN_FIELDS",
    "TEXT_LIMIT",
    "PlanData",
    "PlanFilter",
    "access_plan",
    "can_approve_plan",
    "can_edit_plan",
    "can_review_plan",
    "is_overdue",
    "overdue_q",
    "plan_approve",
    "plan_clean",
    "plan_close",
    "plan_create",
    "plan_update",
    "plans_of",
    "plans_search",
    "plans_visible",
    "plans_waiting_count",
    "responsible_candidates",
    "responsible_for",
    "review_add",
    "review_opens",
    "reviews_of",
    "waiting_q",
]

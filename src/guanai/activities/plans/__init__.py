"""Activity plans: a unit's school-year calendar of activities, made from the seeds' plans.

The package re-exports its public names; import them from ``guanai.activities.plans``.
Templates are data in ``templates_data``; the weekday rule of a copied plan in ``calendar``.
"""

from guanai.activities.plans.access import (
    access_plan,
    access_plan_item,
    can_edit_plans,
    can_open_plans,
    plan_units,
    plans_visible,
    plans_visible_items,
)
from guanai.activities.plans.calendar import same_weekday_next_year, school_year_of
from guanai.activities.plans.printing import plan_export
from guanai.activities.plans.selectors import PlanMonth, plan_months, plans_list
from guanai.activities.plans.services import (
    ItemData,
    plan_copy_to_next_year,
    plan_create_from_template,
    plan_item_add,
    plan_item_change,
    plan_item_remove,
    plan_publish,
    plan_update,
)
from guanai.activities.plans.templates_data import TEMPLATES, PlanTemplate, templates_for

__all__ = [
    "TEMPLATES",
    "ItemData",
    "PlanMonth",
    "PlanTemplate",
    "access_plan",
    "access_plan_item",
    "can_edit_plans",
    "can_open_plans",
    "plan_copy_to_next_year",
    "plan_create_from_template",
    "plan_export",
    "plan_item_add",
    "plan_item_change",
    "plan_item_remove",
    "plan_months",
    "plan_publish",
    "plan_units",
    "plan_update",
    "plans_list",
    "plans_visible",
    "plans_visible_items",
    "same_weekday_next_year",
    "school_year_of",
    "templates_for",
]

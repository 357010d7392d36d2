"""Reads of activity plans: the list of the user's units' plans, a plan month by month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.db.models import Count, Prefetch, QuerySet

from guanai.accounts.scoping import AnyUser
from guanai.activities.events.access import events_visible
from guanai.activities.models.plans import ActivityPlan, PlanItem
from guanai.activities.plans.access import plans_visible


def plans_list(user: AnyUser, *, school_year: int | None = None) -> QuerySet[ActivityPlan]:
    """Return the plans the user may read, each with ``item_count``; one query."""
    plans = plans_visible(user).annotate(item_count=Count("items"))
    if school_year is not None:
        plans = plans.filter(school_year=school_year)
    return plans.order_by("-school_year", "org_unit__path", "term", "title")


@dataclass(frozen=True)
class PlanMonth:
    month: date
    items: list[PlanItem]


def plan_months(plan: ActivityPlan, *, events_for: AnyUser | None = None) -> list[PlanMonth]:
    """Return the plan's items grouped by month, in the order of the school year; one query.

    With ``events_for``, each item carries ``made_events``: the events made from it that
    this user sees, in date order (one more query).
    """
    items = plan.items.all()  # ordered by month, day, order (Meta)
    if events_for is not None:
        items = items.prefetch_related(
            Prefetch(
                "events",
                queryset=events_visible(events_for).order_by("starts_at", "pk"),
                to_attr="made_events",
            )
        )
    return [
        PlanMonth(month, list(group))
        for month, group in groupby(list(items), key=lambda i: i.month)
    ]

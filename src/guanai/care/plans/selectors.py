"""Reads of assistance plans: the searchable list, a person's plans, reviews, overdue.

Every read starts from ``plans_visible`` (the user's person scope) or from a person or
plan the caller has already read through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import AnyUser
from guanai.care.models import AssistancePlan, PlanReview, PlanStatus
from guanai.care.plans.access import last_review, plans_visible
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person


def overdue_q(today: date) -> Q:
    """Return the filter for running plans past their end with no review since the end.

    The early warnings (关爱预警, "plan past its end without a review") use the same rule.
    """
    reviewed_after_end = PlanReview.objects.filter(
        plan=OuterRef("pk"), reviewed_on__gte=OuterRef("ends_on")
    )
    return Q(status=PlanStatus.ACTIVE, ends_on__lt=today) & ~Q(Exists(reviewed_after_end))


def plans_of(person: Person) -> QuerySet[AssistancePlan]:
    """Return a person's plans (the caller has access to the person), with the last review."""
    return (
        person.plans.select_related("responsible")
        .annotate(last_reviewed_on=last_review())
        .order_by("-starts_on", "-pk")
    )


def is_overdue(plan: AssistancePlan, today: date | None = None) -> bool:
    """Return whether a plan from ``plans_visible`` is past its end without a review since."""
    today = today or timezone.localdate()
    last: date | None = getattr(plan, "last_reviewed_on", None)
    return (
        plan.status == PlanStatus.ACTIVE
        and plan.ends_on < today
        and (last is None or last < plan.ends_on)
    )


@dataclass(frozen=True)
class PlanFilter:
    unit: OrgUnit | None = None
    status: str = ""
    domain: str = ""
    overdue: bool = False
    waiting: bool = False
    person: Person | None = None


def plans_search(
    user: AnyUser, f: PlanFilter, *, today: date | None = None
) -> QuerySet[AssistancePlan]:
    """Return the visible plans matching the filter, the latest start first.

    ``waiting`` narrows to the drafts the user may approve (the leader's approval list).
    """
    plans = plans_visible(user)
    if f.unit is not None:
        plans = plans.filter(subtree_q([f.unit], field="person__org_unit__path"))
    if f.person is not None:
        plans = plans.filter(person=f.person)
    if f.status:
        plans = plans.filter(status=f.status)
    if f.domain:
        plans = plans.filter(domain=f.domain)
    if f.overdue:
        plans = plans.filter(overdue_q(today or timezone.localdate()))
    if f.waiting:
        plans = plans.filter(waiting_q(user))
    return plans.order_by("-starts_on", "-pk")


def waiting_q(user: AnyUser) -> Q:
    """Return the filter for drafts under the units where the user is a leader."""
    leads = scoping.units_for(user, [Role.LEADER])
    return Q(status=PlanStatus.DRAFT) & subtree_q(leads, field="person__org_unit__path")


def plans_waiting_count(user: AnyUser) -> int:
    """Return how many drafts wait for the user's approval (0 for anyone not a leader)."""
    if not scoping.units_for(user, [Role.LEADER]):
        return 0
    return plans_visible(user).filter(waiting_q(user)).count()


def reviews_of(plan: AssistancePlan) -> QuerySet[PlanReview]:
    return plan.reviews.select_related("author").order_by("-reviewed_on", "-pk")

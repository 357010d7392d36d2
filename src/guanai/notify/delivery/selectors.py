"""The delivery log as the security administrator reads it: the messages to the accounts and
units of their subtree, filtered, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.accounts.scoping import AnyUser
from guanai.notify import access
from guanai.notify.models import Delivery, DeliveryStatus


@dataclass(frozen=True)
class DeliveryFilter:
    channel: str = ""
    status: str = ""
    since: date | None = None  # Shanghai days, both included
    until: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def deliveries_visible(user: AnyUser) -> QuerySet[Delivery]:
    """The messages to the accounts and units under the user's security administration
    (none for anyone else)."""
    if not access.sees_delivery_log(user):
        return Delivery.objects.none()
    units = scoping.units_for(user, [Role.SECADMIN])
    accounts = User.objects.filter(
        scoping.subtree_q(units, field="memberships__org_unit__path")
    ).values("pk")
    return Delivery.objects.filter(
        Q(recipient__in=accounts) | scoping.subtree_q(units, field="unit__path")
    )


def deliveries_search(user: AnyUser, found: DeliveryFilter) -> QuerySet[Delivery]:
    """The log filtered, newest first, with the recipient and unit read in the same query."""
    rows = deliveries_visible(user)
    if found.channel:
        rows = rows.filter(channel=found.channel)
    if found.status:
        rows = rows.filter(status=found.status)
    if found.since:
        rows = rows.filter(created_at__gte=_day_start(found.since))
    if found.until:
        rows = rows.filter(created_at__lt=_day_start(found.until + timedelta(days=1)))
    return rows.select_related("recipient", "unit").order_by("-created_at", "-pk")


def access_delivery_log(user: AnyUser) -> None:
    """Refuse (403) anyone but a security administrator, as the other admin pages do."""
    scoping.require_role(user, Role.SECADMIN)


def failures_recent(user: AnyUser, today: date, *, days: int = 7) -> QuerySet[Delivery]:
    """The messages that failed for good in the last ``days`` days, newest first."""
    return deliveries_search(
        user,
        DeliveryFilter(status=DeliveryStatus.FAILED, since=today - timedelta(days=days - 1)),
    )

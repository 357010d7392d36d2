"""What a person's inbox holds and which kinds reach them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.notify import kinds
from guanai.notify.models import Notification, Preference


def inbox(user: AnyUser, *, archived: bool = False) -> QuerySet[Notification]:
    """The person's own notifications, newest first (nobody reads another's inbox)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, archived_at__isnull=not archived)


def unread_count(user: AnyUser) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def access_notification(user: AnyUser, pk: int) -> Notification:
    """One of the person's own notifications, or 404."""
    return get_object_or_404(Notification.objects.filter(recipient_id=user.pk), pk=pk)


def recipients_enabled(kind: kinds.Kind, user_ids: Iterable[int]) -> set[int]:
    """Of these persons, those the kind reaches (2 queries, whatever their number)."""
    wanted = set(user_ids)
    if not wanted:
        return set()
    chosen = dict(
        Preference.objects.filter(user_id__in=wanted, kind=kind.code).values_list(
            "user_id", "enabled"
        )
    )
    by_default = set(
        scoping.memberships_in_force()
        .filter(user_id__in=wanted - set(chosen), role__in=kind.roles)
        .values_list("user_id", flat=True)
    )
    return {pk for pk, on in chosen.items() if on} | by_default

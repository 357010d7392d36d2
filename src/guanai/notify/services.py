"""Keeping the events as notifications, once each, and the inbox's own actions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from guanai.accounts.scoping import AnyUser
from guanai.notify import kinds, selectors
from guanai.notify.models import Notification


def publish(kind: kinds.Kind, events: Iterable[kinds.Event]) -> int:
    """Keep each event as a notification of its recipient, if the kind reaches them and
    they do not have it yet (the key); return how many are new. Runs a fixed number of
    queries whatever the number of events."""
    events = list(events)
    if not events:
        return 0
    enabled = selectors.recipients_enabled(kind, {event.user_id for event in events})
    rows = [
        Notification(
            recipient_id=event.user_id,
            kind=kind.code,
            key=event.key,
            unit_id=event.unit_id,
            count=event.count,
            names=list(event.names),
            params=dict(event.params),
            link=event.link,
            urgent=kind.urgent,
        )
        for event in events
        if event.user_id in enabled
    ]
    if not rows:
        return 0
    seen = set(
        Notification.objects.filter(
            kind=kind.code, recipient_id__in={row.recipient_id for row in rows}
        )
        .filter(key__in={row.key for row in rows})
        .values_list("recipient_id", "key")
    )
    fresh: dict[tuple[int, str], Notification] = {}
    for row in rows:
        if (row.recipient_id, row.key) not in seen:
            fresh.setdefault((row.recipient_id, row.key), row)
    # ignore_conflicts: another worker that kept the same event meanwhile wins, once.
    Notification.objects.bulk_create(fresh.values(), ignore_conflicts=True, batch_size=500)
    return len(fresh)


def collect(now: datetime | None = None, *, only: Iterable[str] | None = None) -> dict[str, int]:
    """Look for every kind's events (or those named) and keep the new ones."""
    now = now or timezone.now()
    wanted = set(only) if only is not None else None
    counts = {}
    for kind in kinds.all_kinds():
        if wanted is not None and kind.code not in wanted:
            continue
        with transaction.atomic():
            counts[kind.code] = publish(kind, kind.collect(now))
    return counts


def mark_read(user: AnyUser, notification: Notification) -> None:
    if notification.recipient_id != user.pk or notification.read_at:
        return
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])


def mark_all_read(user: AnyUser) -> int:
    return selectors.inbox(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def archive(user: AnyUser, notification: Notification, *, undo: bool = False) -> None:
    if notification.recipient_id != user.pk:
        return
    now = timezone.now()
    notification.archived_at = None if undo else now
    notification.read_at = notification.read_at or now
    notification.save(update_fields=["archived_at", "read_at"])

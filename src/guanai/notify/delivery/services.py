"""The delivery log's writes: queue a message once, send it, retry it with back-off.

A delivery is queued under its own key (``digest:email:<user>:<date>``, ``now:sms:<id>``)
so that a job run twice queues it once. It is sent to the recipient's *verified* address of
its channel, or to its unit's active group robot. An SMS keeps its template's name as its
subject and its parameters, one a line, as its text. A failure is kept with the provider's
answer and tried again after 1, 2, 4 … minutes, up to ``GUANAI_DELIVERY_ATTEMPTS`` tries;
the in-app notifications it carries are never touched by it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from guanai.accounts.models import User
from guanai.notify.channels import SendError, Sent, email, sms, webhook
from guanai.notify.models import Address, Channel, Delivery, DeliveryStatus, UnitWebhook
from guanai.orgs.models import OrgUnit

# A delivery being sent is held this long, so that a second worker does not send it too;
# if the first dies meanwhile, it is tried again after that.
LEASE = timedelta(minutes=10)
DUE = (DeliveryStatus.QUEUED, DeliveryStatus.RETRYING)


def queue(
    key: str,
    channel: str,
    text: str,
    *,
    subject: str = "",
    recipient: User | int | None = None,
    unit: OrgUnit | None = None,
    notifications: Iterable[int] = (),
    not_before: datetime | None = None,
) -> Delivery | None:
    """Queue a message under ``key``; return it, or None if that key was queued before
    (then nothing is queued nor sent). ``recipient`` is a user or a user's id;
    ``not_before`` holds it back (the quiet hours)."""
    if Delivery.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                key=key,
                channel=channel,
                text=text,
                subject=subject[:200],
                recipient_id=recipient.pk if isinstance(recipient, User) else recipient,
                unit=unit,
                next_try_at=not_before,
            )
            delivery.notifications.add(*notifications)
    except IntegrityError:
        # Another worker queued the same key meanwhile: it is theirs to send.
        return None
    return delivery


def _targets(deliveries: Sequence[Delivery]) -> dict[int, str]:
    """Each delivery's address: the recipient's verified one, or its unit's robot (two
    queries whatever the number of deliveries)."""
    users = {d.recipient_id for d in deliveries if d.recipient_id}
    units = {d.unit_id for d in deliveries if d.unit_id and d.channel == Channel.WEBHOOK}
    addresses = {
        (a.user_id, a.channel): a.value
        for a in Address.objects.filter(user_id__in=users, verified_at__isnull=False)
    }
    robots = {w.unit_id: w.url for w in UnitWebhook.objects.filter(unit_id__in=units, active=True)}
    found = {}
    for d in deliveries:
        if d.channel == Channel.WEBHOOK:
            target = robots.get(d.unit_id or 0, "")
        else:
            target = addresses.get((d.recipient_id or 0, d.channel), "")
        if target:
            found[d.pk] = target
    return found


def _send(delivery: Delivery, target: str) -> Sent:
    if delivery.channel == Channel.EMAIL:
        return email.send(target, delivery.subject, delivery.text)
    if delivery.channel == Channel.SMS:
        provider = sms.provider()
        if provider is None:
            raise SendError("SMS is not set up (GUANAI_SMS_PROVIDER)")
        # An SMS is a template (its subject) and its parameters (one a line).
        params = delivery.text.split("\n") if delivery.text else []
        return provider.send(target, delivery.subject, params)
    if delivery.channel == Channel.WEBHOOK:
        return webhook.send(target, delivery.text)
    raise SendError(f"no way out for channel {delivery.channel!r}")


def _claim(delivery: Delivery, now: datetime) -> bool:
    """Hold the delivery for this worker (False if another holds or sent it)."""
    held = (
        Delivery.objects.filter(pk=delivery.pk, status__in=DUE, attempts=delivery.attempts)
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .update(next_try_at=now + LEASE)
    )
    return held == 1


def dispatch_all(deliveries: Sequence[Delivery], now: datetime) -> list[Delivery]:
    """Send each delivery (each is claimed first); return those tried, with their fate."""
    targets = _targets(deliveries)
    tried = []
    for delivery in deliveries:
        if not _claim(delivery, now):
            continue
        delivery.attempts += 1
        target = targets.get(delivery.pk)
        try:
            if not target:
                raise SendError(_missing(delivery))
            sent = _send(delivery, target)
        except SendError as error:
            _failed(delivery, str(error), now, retry=bool(target))
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = now
            delivery.next_try_at = None
            delivery.response = sent.response[:2000]
        delivery.save(update_fields=["status", "attempts", "next_try_at", "response", "sent_at"])
        tried.append(delivery)
    return tried


def _missing(delivery: Delivery) -> str:
    if delivery.channel == Channel.WEBHOOK:
        return "the unit has no active group robot"
    return f"the recipient has no verified {delivery.channel} address"


def _failed(delivery: Delivery, answer: str, now: datetime, *, retry: bool) -> None:
    delivery.response = answer[:2000]
    if retry and delivery.attempts < settings.GUANAI_DELIVERY_ATTEMPTS:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_try_at = now + timedelta(minutes=2 ** (delivery.attempts - 1))
    else:
        # Without an address, trying again cannot help: failed at once, shown in the log.
        delivery.status = DeliveryStatus.FAILED
        delivery.next_try_at = None


def dispatch(delivery: Delivery, now: datetime) -> Delivery:
    """Send one delivery now (unless another worker holds it) and return it."""
    dispatch_all([delivery], now)
    return delivery


def retry_due(now: datetime) -> list[Delivery]:
    """Send the deliveries whose time has come: retries, and those held by quiet hours."""
    due = list(
        Delivery.objects.filter(status__in=DUE)
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .order_by("pk")
    )
    return dispatch_all(due, now)

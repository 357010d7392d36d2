"""The daily digests, the urgent messages sent at once, and the units' group robots.

The rules (point 3), in Asia/Shanghai time:

- Each person gets at most one digest a day, at their ``UserSettings.digest_time`` (07:30
  without a row), with their notifications not sent yet: an in-app notification of kind
  ``digest`` always, an e-mail if they chose the e-mail digest and verified an address (the
  items whose kind has e-mail on), an SMS if they chose the SMS digest and verified a phone
  (the items whose kind has SMS on). A kind's channels are the preferences' one rule
  (``prefs.selectors.chosen_channels``: e-mail on, SMS on for the urgent kinds, until the
  person chooses), as their page shows them. Then the items count as sent.
- Urgent kinds go at once by the channels chosen for them, in the quiet hours too.
- No SMS nor robot message in the quiet hours (``GUANAI_QUIET_HOURS``) unless urgent: they
  are queued for the end of the quiet hours.
- Never more than ``daily_limit`` messages (e-mail and SMS) to one person a day: beyond it
  the items stay unsent and wait for the next digest.
- A unit's active group robot gets one message a day at 07:30 with the unit's events of the
  kinds it hears, each event once however many persons it notified.

Reads are a fixed number of queries per run whatever the number of persons; writes are one
insert per message queued (with its links to the items) and one per message sent, plus one
bulk insert and two updates per run. A run repeated sends nothing twice: the messages' keys
(``digest:email:<user>:<date>``), the digest's own key and ``sent_at`` on the items.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone, translation

from guanai.notify import kinds
from guanai.notify.delivery import services, texts
from guanai.notify.delivery.kinds import DIGEST
from guanai.notify.models import (
    Address,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    Preference,
    UnitWebhook,
    UserSettings,
)
from guanai.notify.models.prefs import DAILY_LIMIT, DIGEST_TIME
from guanai.notify.prefs import selectors as prefs_selectors

COUNTS = ("inapp", "email", "sms", "webhook", "failed")
# A new robot, or one switched on again, hears the events of the last days, not all of them.
ROBOT_LOOKBACK = timedelta(days=7)


def _clock(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def quiet(local: datetime) -> bool:
    """Whether ``local`` (Shanghai time) falls in the quiet hours (start included, end not)."""
    start, end = (_clock(value) for value in settings.GUANAI_QUIET_HOURS)
    moment = local.time()
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


def quiet_end(local: datetime) -> datetime:
    """The end of the quiet hours that ``local`` falls in."""
    end = _clock(settings.GUANAI_QUIET_HOURS[1])
    day = local.date() if local.time() < end else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, end))


@dataclass
class _Run:
    """What one run knows: the moment, and each person's choices read once."""

    now: datetime
    force: bool
    local: datetime = field(init=False)
    settings_of: dict[int, UserSettings] = field(default_factory=dict)
    verified: set[tuple[int, str]] = field(default_factory=set)
    chosen: dict[tuple[int, str], Preference] = field(default_factory=dict)
    left: dict[int, int] = field(default_factory=dict)  # messages each person may still get
    sent_today: Counter[int] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.local = timezone.localtime(self.now)

    @property
    def day(self) -> date:
        return self.local.date()

    def load(self, user_ids: set[int]) -> None:
        """Read the persons' settings, verified addresses, choices and today's messages
        (four queries)."""
        self.settings_of = {s.user_id: s for s in UserSettings.objects.filter(user_id__in=user_ids)}
        self.verified = set(
            Address.objects.filter(user_id__in=user_ids, verified_at__isnull=False).values_list(
                "user_id", "channel"
            )
        )
        self.chosen = {
            (p.user_id, p.kind): p for p in Preference.objects.filter(user_id__in=user_ids)
        }
        start = timezone.make_aware(datetime.combine(self.day, time()))
        self.sent_today = Counter(
            dict(
                Delivery.objects.filter(
                    recipient_id__in=user_ids,
                    created_at__gte=start,
                    created_at__lt=start + timedelta(days=1),
                )
                .values_list("recipient_id")
                .annotate(n=Count("pk"))
                .values_list("recipient_id", "n")
            )
        )

    def limit(self, user_id: int) -> int:
        found = self.settings_of.get(user_id)
        return found.daily_limit if found else DAILY_LIMIT

    def may_send(self, user_id: int) -> bool:
        return self.sent_today[user_id] < self.limit(user_id)

    def wants(self, user_id: int, kind_code: str, channel: str) -> bool:
        """Whether the person has ``channel`` on for the kind: the preferences' one rule
        (``prefs.selectors.chosen_channels``), on the rows read once by ``load``."""
        preference = self.chosen.get((user_id, kind_code))
        return prefs_selectors.chosen_channels(kind_code, preference).has(channel)

    def held_back(self, channel: str) -> datetime | None:
        """When an SMS or robot message may go, if not now (the quiet hours)."""
        if self.force or channel == Channel.EMAIL or not quiet(self.local):
            return None
        return quiet_end(self.local)

    def suffix(self) -> str:
        """A forced run's keys differ from the day's, so that it is not refused as a repeat."""
        return f":now{self.local:%H%M%S}" if self.force else ""


def _tally(counts: dict[str, int], tried: Iterable[Delivery]) -> None:
    for delivery in tried:
        if delivery.status == DeliveryStatus.SENT:
            counts[delivery.channel] += 1
        else:
            counts["failed"] += 1


def send_due(now: datetime | None = None, *, force: bool = False) -> dict[str, int]:
    """Send what is due at ``now``: retries, urgent messages, digests, robots' messages;
    return how many went by each channel and how many failed. ``force`` ignores the digest
    time, the quiet hours and the once a day."""
    run = _Run(timezone.now() if now is None else now, force)
    counts = dict.fromkeys(COUNTS, 0)
    # Messages leave in the installation's language, whoever's request is active.
    with translation.override(settings.LANGUAGE_CODE):
        _tally(counts, services.retry_due(run.now))
        pending = list(
            Notification.objects.filter(sent_at__isnull=True, archived_at__isnull=True)
            .exclude(kind=DIGEST)
            .order_by("recipient_id", "-created_at", "-pk")
        )
        run.load({item.recipient_id for item in pending})
        queued: list[Delivery] = []
        urgent_done, queued_now = _urgent(run, [i for i in pending if i.urgent])
        queued += queued_now
        rest = [i for i in pending if i.pk not in urgent_done]
        created, queued_now = _digests(run, rest)
        counts["inapp"] = created
        queued += queued_now
        queued += _robots(run)
        _tally(counts, services.dispatch_all([d for d in queued if d.next_try_at is None], run.now))
    return counts


def job() -> str:
    """The scheduled job: ``send_due`` now, its counts as the run's summary."""
    return json.dumps(send_due())


def _queue_for(
    run: _Run, user_id: int, channel: str, key: str, items: Sequence[Notification]
) -> Delivery | None:
    if channel == Channel.EMAIL:
        digest = key.startswith("digest:")
        subject = texts.digest_subject(len(items)) if digest else texts.urgent_subject()
        text = texts.digest_email(items) if digest else texts.urgent_email(items[0])
    else:
        subject, text = "digest", "\n".join(texts.sms_digest_params(len(items)))
    delivery = services.queue(
        key + run.suffix(),
        channel,
        text,
        subject=subject,
        recipient=user_id,
        notifications=[item.pk for item in items],
        # Urgent messages go in the quiet hours too.
        not_before=None if key.startswith("now:") else run.held_back(channel),
    )
    if delivery is not None:
        run.sent_today[user_id] += 1
    return delivery


def _send_by(
    run: _Run, user_id: int, wanted: dict[str, Sequence[Notification]], key: str
) -> tuple[bool, list[Delivery]]:
    """Queue the person's message on each channel wanted, within the day's limit; return
    whether the items were dealt with (False: the limit held everything back) and the
    messages queued."""
    queued: list[Delivery] = []
    held = False
    for channel, items in wanted.items():
        if not items:
            continue
        if not run.may_send(user_id):
            held = True
            continue
        delivery = _queue_for(run, user_id, channel, key.format(channel=channel), items)
        if delivery is not None:
            queued.append(delivery)
    return not (held and not queued), queued


def _channels(
    run: _Run, user_id: int, items: Sequence[Notification], *, digest: bool
) -> dict[str, Sequence[Notification]]:
    found = run.settings_of.get(user_id)
    wanted: dict[str, Sequence[Notification]] = {}
    for channel, on in (
        (Channel.EMAIL, not digest or bool(found and found.email_digest)),
        (Channel.SMS, not digest or bool(found and found.sms_digest)),
    ):
        if on and (user_id, channel) in run.verified:
            wanted[channel] = [i for i in items if run.wants(user_id, i.kind, channel)]
    return wanted


def _urgent(run: _Run, items: Sequence[Notification]) -> tuple[set[int], list[Delivery]]:
    """Send each urgent item at once by its chosen channels (quiet hours or not)."""
    done: set[int] = set()
    queued: list[Delivery] = []
    for item in items:
        wanted = _channels(run, item.recipient_id, [item], digest=False)
        dealt, sent = _send_by(run, item.recipient_id, wanted, f"now:{{channel}}:{item.pk}")
        queued += sent
        if dealt:
            done.add(item.pk)
    Notification.objects.filter(pk__in=done).update(sent_at=run.now)
    return done, queued


def _most_important_first(items: Sequence[Notification]) -> list[Notification]:
    order = {kind.code: n for n, kind in enumerate(kinds.all_kinds())}
    return sorted(items, key=lambda i: order.get(i.kind, len(order)))


def _digests(run: _Run, items: Sequence[Notification]) -> tuple[int, list[Delivery]]:
    """Each due person's digest: the in-app one, then the e-mail and SMS ones."""
    by_user: dict[int, list[Notification]] = {}
    for item in items:
        by_user.setdefault(item.recipient_id, []).append(item)
    key = run.day.isoformat() + run.suffix()
    had = set(
        Notification.objects.filter(kind=DIGEST, key=key, recipient_id__in=by_user).values_list(
            "recipient_id", flat=True
        )
    )
    digests, done_items, done_users, queued = [], [], [], []
    for user_id, own in by_user.items():
        found = run.settings_of.get(user_id)
        due = run.local.time() >= (found.digest_time if found else DIGEST_TIME)
        if user_id in had or not (run.force or due):
            continue
        if not run.force and found and found.last_digest_on == run.day:
            continue
        own = _most_important_first(own)
        counts = Counter(item.kind for item in own)
        digests.append(
            Notification(
                recipient_id=user_id,
                kind=DIGEST,
                key=key,
                count=len(own),
                params=dict(counts),
                link=own[0].link,
                sent_at=run.now,
            )
        )
        done_users.append(user_id)
        wanted = _channels(run, user_id, own, digest=True)
        dealt, sent = _send_by(run, user_id, wanted, f"digest:{{channel}}:{user_id}:{run.day}")
        queued += sent
        if dealt:
            done_items += [item.pk for item in own]
    Notification.objects.bulk_create(digests, ignore_conflicts=True)
    Notification.objects.filter(pk__in=done_items).update(sent_at=run.now)
    UserSettings.objects.filter(user_id__in=done_users).update(last_digest_on=run.day)
    return len(digests), queued


def _robots(run: _Run) -> list[Delivery]:
    """Each active group robot's message of the day, with its unit's events (deduplicated
    by kind and key across their recipients)."""
    if not run.force and run.local.time() < DIGEST_TIME:
        return []
    found = UnitWebhook.objects.filter(active=True).select_related("unit")
    if not run.force:
        found = found.exclude(last_digest_on=run.day)
    hooks = list(found)
    if not hooks:
        return []
    units = {hook.unit_id for hook in hooks}
    events = (
        Notification.objects.filter(unit_id__in=units, created_at__gte=run.now - ROBOT_LOOKBACK)
        .exclude(kind=DIGEST)
        .exclude(deliveries__channel=Channel.WEBHOOK)
        .order_by("created_at", "pk")
    )
    by_unit: dict[int, list[Notification]] = {}
    for event in events:
        by_unit.setdefault(event.unit_id or 0, []).append(event)
    start = timezone.make_aware(datetime.combine(run.day, time()))
    today = Counter(
        dict(
            Delivery.objects.filter(unit_id__in=units, created_at__gte=start)
            .values_list("unit_id")
            .annotate(n=Count("pk"))
            .values_list("unit_id", "n")
        )
    )
    queued, done = [], []
    for hook in hooks:
        heard = set(hook.kinds)
        copies = [e for e in by_unit.get(hook.unit_id, []) if e.kind in heard]
        once: dict[tuple[str, str], Notification] = {}
        for event in copies:
            once.setdefault((event.kind, event.key), event)
        if not once or today[hook.unit_id] >= DAILY_LIMIT:
            continue
        items = _most_important_first(list(once.values()))
        delivery = services.queue(
            f"digest:webhook:{hook.unit_id}:{run.day}{run.suffix()}",
            Channel.WEBHOOK,
            texts.robot_text(hook.unit.name, items, as_initials=hook.initials),
            unit=hook.unit,
            # Every copy is linked, so that none of them is heard again tomorrow.
            notifications=[event.pk for event in copies],
            not_before=run.held_back(Channel.WEBHOOK),
        )
        done.append(hook.pk)
        if delivery is not None:
            queued.append(delivery)
    UnitWebhook.objects.filter(pk__in=done).update(last_digest_on=run.day)
    return queued

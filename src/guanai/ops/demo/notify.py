"""The notifications' demo (issue 22): every demo account has ``<username>@example.org``,
verified, with the daily e-mail digest on, and a week of messages in its inbox.

The week is what the kinds themselves find: they are looked for each morning of the last
seven days, as the scheduled job does every quarter of an hour, and what each morning found
is dated that morning; the messages older than two days have been read and went out in that
day's digest. Yesterday's and today's then leave in today's digest — the in-app one at the
top of the inbox, and an e-mail (``make run`` writes it to ``var/mail/``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from guanai.accounts.models import User
from guanai.notify import services
from guanai.notify.delivery import digests
from guanai.notify.models import Address, Channel, Notification, UserSettings

MORNING = time(7, 0)
DAYS = 7
# Messages of these days ago and older were read (and sent in their day's digest).
READ_AFTER = 2


def _addresses(accounts: list[User], now: datetime) -> None:
    for user in accounts:
        address = f"{user.username}@example.org"
        if user.email != address:
            User.objects.filter(pk=user.pk).update(email=address)
        Address.objects.get_or_create(
            user=user, channel=Channel.EMAIL, defaults={"value": address, "verified_at": now}
        )
        UserSettings.objects.get_or_create(user=user, defaults={"email_digest": True})


def demo_notify(usernames: list[str], today: date) -> None:
    """Give the demo accounts their addresses and a week of messages, once."""
    now = timezone.now()
    accounts = list(User.objects.filter(username__in=usernames))
    _addresses(accounts, now)
    if Notification.objects.filter(recipient__in=accounts).exists():
        return
    zone = timezone.get_current_timezone()
    for days_ago in range(DAYS - 1, -1, -1):
        morning = min(datetime.combine(today - timedelta(days=days_ago), MORNING, tzinfo=zone), now)
        seen = set(Notification.objects.values_list("pk", flat=True))
        services.collect(morning)
        found = Notification.objects.exclude(pk__in=seen)
        if days_ago >= READ_AFTER:
            found.update(
                created_at=morning,
                read_at=morning + timedelta(hours=3),
                sent_at=morning + timedelta(minutes=30),
            )
        else:
            found.update(created_at=morning)
    # The last two days' messages leave in today's digest, whatever the hour of the demo.
    digests.send_due(now, force=True)

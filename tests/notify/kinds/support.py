"""Running one kind's collect and reading who got what, in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone, translation

from guanai.notify import kinds, services
from guanai.notify.models import Notification

SHANGHAI = ZoneInfo("Asia/Shanghai")


@contextmanager
def on(day: date, hour: int = 10) -> Iterator[datetime]:
    """Travel to ``day`` at ``hour`` in Shanghai for the block."""
    moment = datetime.combine(day, time(hour), tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        yield moment


def collect(code: str) -> int:
    """Run the kind's collect now; return how many notifications it kept."""
    return services.collect(timezone.now(), only=[code]).get(code, 0)


def received(code: str, key_start: str = "") -> set[str]:
    """The usernames holding a notification of the kind (whose key starts so)."""
    return set(
        Notification.objects.filter(kind=code, key__startswith=key_start).values_list(
            "recipient__username", flat=True
        )
    )


def one(code: str, username: str) -> Notification:
    return Notification.objects.get(kind=code, recipient__username=username)


def said(notification: Notification) -> tuple[str, str]:
    """The notification's sentence in Chinese and in English."""
    with translation.override("zh-hans"):
        zh = kinds.say(notification)
    with translation.override("en"):
        en = kinds.say(notification)
    return zh, en

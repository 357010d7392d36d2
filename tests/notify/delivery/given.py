"""What the delivery tests are given: their kinds, notifications, verified addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from guanai.accounts.models import User
from guanai.notify import kinds
from guanai.notify.models import Address, Notification

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def _say_talks(n: Notification) -> str:
    return f"{n.count} talks due this week" + (f" ({'、'.join(n.names)})" if n.names else "")


def _say_report(n: Notification) -> str:
    return f"The report of {n.params.get('month', '')} was returned"


def _say_alarm(n: Notification) -> str:
    return f"Urgent: {n.count} warning to confirm"


TALKS = kinds.Kind(
    code="test_delivery_talks",
    label="Talks due",
    group="care",
    roles=frozenset({"helper"}),
    say=_say_talks,
    collect=lambda now: (),
)
REPORT = kinds.Kind(
    code="test_delivery_report",
    label="Report returned",
    group="office",
    roles=frozenset({"worker"}),
    say=_say_report,
    collect=lambda now: (),
)
ALARM = kinds.Kind(
    code="test_delivery_alarm",
    label="Warning",
    group="care",
    roles=frozenset({"leader"}),
    say=_say_alarm,
    collect=lambda now: (),
    urgent=True,
)


def verified(user: User, channel: str, value: str) -> Address:
    return Address.objects.create(
        user=user, channel=channel, value=value, verified_at=timezone.now()
    )


def item(
    user: User,
    kind: kinds.Kind,
    key: str,
    *,
    count: int | None = 1,
    names: list[str] | None = None,
    link: str = "/care/worklist/",
    unit: Any = None,
    params: dict[str, Any] | None = None,
) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=kind.code,
        key=key,
        count=count,
        names=names or [],
        params=params or {},
        link=link,
        urgent=kind.urgent,
        unit=unit,
    )

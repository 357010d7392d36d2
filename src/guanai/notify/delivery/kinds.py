"""The digest's own kind: the one in-app notification a day that gathers a person's items.

``register()`` is called once from ``NotifyConfig.ready``. Its events are not collected (the
digest job makes them, ``delivery.digests``); its sentence lists the counts per kind, from
``params`` (kind code → count), and its link is the page of the most important item.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from guanai.accounts.models import Role
from guanai.notify import kinds
from guanai.notify.models import Notification

DIGEST = "digest"


def say_digest(notification: Notification) -> str:
    parts = []
    for code, count in notification.params.items():
        kind = kinds.get(code)
        if kind is not None:
            parts.append(_("%(kind)s: %(count)s") % {"kind": kind.label, "count": count})
    return _("Your daily digest: %(parts)s") % {
        "parts": pgettext("list of counts", ", ").join(parts) or str(notification.count or 0)
    }


def _nothing(now: datetime) -> tuple[kinds.Event, ...]:
    return ()


DIGEST_KIND = kinds.Kind(
    code=DIGEST,
    label=gettext_lazy("Daily digest"),
    group="events",
    roles=frozenset(str(role) for role in Role),
    say=say_digest,
    collect=_nothing,
    # Looked for once a day at most; it collects nothing anyway.
    every_minutes=24 * 60,
    choosable=False,
)


def register() -> None:
    kinds.register(DIGEST_KIND)

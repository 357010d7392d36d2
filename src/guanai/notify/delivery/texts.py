"""The texts of the messages that leave the app (point 4: no personal data).

They are built only from the kinds' sentences (``notify.kinds.say``: a count, a person's
name at most), counts and links to Guanai (``GUANAI_SITE_URL`` + the page's path) — never
from the records themselves. A unit's group robot set to initials gets each person's name
as the capitals of its pinyin (张小明 → ZXM, through ``core.pinyin``, which reads surnames
such as 曾 and 单 correctly): unlike "张某", it gives away neither the surname nor the
length of a name beyond its syllables, and helpers who know the child still recognise it.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanai.core import pinyin
from guanai.notify import kinds
from guanai.notify.models import Notification


def link(path: str) -> str:
    """The page's full address (a path of Guanai, or the site itself for "")."""
    return settings.GUANAI_SITE_URL + (path if path.startswith("/") else "/" + path)


def initials(name: str) -> str:
    return pinyin.initials(name).upper()


def sentence(notification: Notification, *, as_initials: bool = False) -> str:
    """The kind's sentence; with ``as_initials`` the names it says are initials."""
    if as_initials and notification.names:
        notification = copy.copy(notification)
        notification.names = [initials(str(name)) for name in notification.names]
    return kinds.say(notification)


def lines(items: Sequence[Notification], *, as_initials: bool = False) -> str:
    return "\n".join(
        f"• {sentence(item, as_initials=as_initials)}\n  {link(item.link)}" for item in items
    )


def digest_subject(count: int) -> str:
    return ngettext(
        "Guanai: %(count)d thing to do today", "Guanai: %(count)d things to do today", count
    ) % {"count": count}


def digest_email(items: Sequence[Notification]) -> str:
    return "\n\n".join(
        [
            digest_subject(len(items)),
            lines(items),
            _("Open Guanai to see them all: %(url)s") % {"url": link("/")},
        ]
    )


def urgent_subject() -> str:
    return _("Guanai: to do now")


def urgent_email(item: Notification) -> str:
    return "\n\n".join([urgent_subject(), lines([item])])


def robot_text(unit_name: str, items: Sequence[Notification], *, as_initials: bool) -> str:
    """A unit's group robot message: the unit, then each event by count or name (initials
    if the robot is set so)."""
    head = ngettext(
        "Guanai · %(unit)s: %(count)d notice", "Guanai · %(unit)s: %(count)d notices", len(items)
    ) % {"unit": unit_name, "count": len(items)}
    return f"{head}\n{lines(items, as_initials=as_initials)}"


def sms_digest_params(count: int) -> list[str]:
    """The ``digest`` SMS template's parameters: the count and Guanai's address."""
    return [str(count), link("/")]

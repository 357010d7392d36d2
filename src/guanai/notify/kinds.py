"""The kinds of notification, registered by the apps above when they load.

Notify sits low in the layers (it knows users, units and channels, not care nor reports), so
each app tells it what it notifies: a ``Kind`` says who receives it by default, whether it is
urgent, how to say it, and how to find its events. ``collect(now)`` returns the events due at
that moment for everyone at once — the recipients already chosen through the app's selectors
and ``accounts.scoping`` — and ``notify.services.publish`` keeps each once per recipient.

A kind's sentence is written from the notification's count, names and parameters only
(``Notification`` holds nothing else): a count and a link, or a person's name at most.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from guanai.notify.models import Notification

# The sections of the preferences page, in order.
GROUPS = ("care", "office", "events")


@dataclass(frozen=True)
class Event:
    """One thing to tell one person."""

    user_id: int
    key: str  # unique within the kind for this person
    link: str  # the page where the work is done (a path of Guanai)
    count: int | None = None
    names: Sequence[str] = ()  # persons' names only
    params: Mapping[str, str | int] = field(default_factory=dict)
    unit_id: int | None = None


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise  # what the preferences page calls it
    group: str  # one of GROUPS
    # The roles for whom it is on until they choose otherwise (others may switch it on if
    # their work brings its events).
    roles: frozenset[str]
    # The sentence in the active language, from a notification (count, names, params).
    say: Callable[[Notification], str]
    collect: Callable[[datetime], Iterable[Event]]
    # Sent at once by e-mail, SMS or robot (and in quiet hours), not kept for the digest.
    urgent: bool = False
    # How often its events are looked for (minutes); the collect job runs the due ones.
    every_minutes: int = 60
    # Offered on the preferences page and to the units' robots (the daily digest is not:
    # it is the form the others take, not a kind of event).
    choosable: bool = True


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Add a kind (from an ``AppConfig.ready``); a second kind with one code is an error."""
    if kind.code in _KINDS and _KINDS[kind.code] != kind:
        raise ValueError(f"notification kind {kind.code!r} registered twice")
    if kind.group not in GROUPS:
        raise ValueError(f"notification kind {kind.code!r}: unknown group {kind.group!r}")
    _KINDS[kind.code] = kind


def all_kinds() -> tuple[Kind, ...]:
    return tuple(_KINDS.values())


def choosable() -> tuple[Kind, ...]:
    """The kinds a person or a unit's robot may choose, in registration order."""
    return tuple(kind for kind in _KINDS.values() if kind.choosable)


def get(code: str) -> Kind | None:
    return _KINDS.get(code)


def say(notification: Notification) -> str:
    """The notification's sentence in the active language ("" for a kind since removed)."""
    kind = _KINDS.get(notification.kind)
    return kind.say(notification) if kind else ""


def default_on(kind: Kind, roles: Iterable[str]) -> bool:
    return bool(kind.roles.intersection(roles))

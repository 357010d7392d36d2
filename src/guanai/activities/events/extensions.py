"""What apps above activities add to an event's page (DESIGN §4).

Activities never names those apps: they register here when they load (their
``AppConfig.ready``), and the event page asks what is registered. Reports offers the
information report an event feeds (篇六 信息报送): a button to write it, or, once it is
sent, its title with a link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from guanai.accounts.models import User
from guanai.activities.models.events import Event


@dataclass(frozen=True)
class EventFollowUp:
    """A follow-up of an event another app offers on its page.

    ``done`` is false for an action to take (shown as a button reading ``label``) and true
    for one already taken (``label`` then says what was done, ``title`` names it).
    """

    code: str
    label: str | Promise
    url: str
    done: bool = False
    title: str = ""


# A source answers for one user and event, with a few queries at most, or None.
FollowUpSource = Callable[[User, Event], EventFollowUp | None]

_sources: dict[str, FollowUpSource] = {}


def event_follow_up_register(code: str, source: FollowUpSource) -> None:
    """Offer follow-ups on the event page; registering the same code again replaces it."""
    _sources[code] = source


def event_follow_ups(user: User, event: Event) -> list[EventFollowUp]:
    """Return the follow-ups the registered apps offer this user on this event."""
    found = (source(user, event) for source in _sources.values())
    return [follow_up for follow_up in found if follow_up is not None]

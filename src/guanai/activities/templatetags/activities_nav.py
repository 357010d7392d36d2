"""``{% activities_nav %}``: links between the activities pages, for the roles that open them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import AnyUser
from guanai.activities.birthdays import can_open_birthdays
from guanai.activities.events import can_open_coverage, can_open_events, can_set_priorities
from guanai.activities.letters import can_open_letters
from guanai.activities.plans import can_open_plans

register = template.Library()

# (route, label, who may open the page): each package's access module answers the last.
LINKS: list[tuple[str, Promise, Callable[[AnyUser], bool]]] = [
    ("activities:plans", _("Activity plans"), can_open_plans),
    ("activities:events", _("Events"), can_open_events),
    ("activities:coverage", _("Participation coverage"), can_open_coverage),
    ("activities:birthdays", _("Birthdays"), can_open_birthdays),
    ("activities:letter_rounds", _("Letters home"), can_open_letters),
    ("activities:event_priorities", _("Priority order"), can_set_priorities),
]


@register.inclusion_tag("activities/includes/activities_nav.html", takes_context=True)
def activities_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    shown = [(reverse(name), label) for name, label, may_open in LINKS if may_open(request.user)]
    # The events' own pages sit under /activities/events/ beside coverage and the order of
    # categories: the longest address the page starts with is the current one.
    under = [url for url, _label in shown if request.path.startswith(url)]
    current = max(under, key=len, default=None)
    return {
        "activities_links": [
            {"url": url, "label": label, "current": url == current} for url, label in shown
        ]
    }

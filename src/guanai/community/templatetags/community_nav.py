"""``{% community_nav %}``: links between the community pages, for the roles that open them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import AnyUser
from guanai.community.giving import can_open_donations, can_open_funds, can_open_needs
from guanai.community.volunteers.access import can_open_volunteers

register = template.Library()

# (route, label, who may open the page): each package's access module answers the last.
LINKS: list[tuple[str, Promise, Callable[[AnyUser], bool]]] = [
    ("community:volunteers", _("Volunteers"), can_open_volunteers),
    ("community:visits", _("Volunteer visits"), can_open_volunteers),
    ("community:needs", _("Needs"), can_open_needs),
    ("community:donations", _("Donations"), can_open_donations),
    ("community:funds", _("Charity funds"), can_open_funds),
]


@register.inclusion_tag("community/includes/community_nav.html", takes_context=True)
def community_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    shown = [(reverse(name), label) for name, label, may_open in LINKS if may_open(request.user)]
    under = [url for url, _label in shown if request.path.startswith(url)]
    current = max(under, key=len, default=None)
    return {
        "community_links": [
            {"url": url, "label": label, "current": url == current} for url, label in shown
        ]
    }

"""``{% inkind_nav %}``: links between the assistance pages, for the roles that open them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import AnyUser
from guanai.inkind.access import can_open, can_read_coverage

register = template.Library()

# (route, label, who may open the page): inkind.access answers the last.
LINKS: list[tuple[str, Promise, Callable[[AnyUser], bool]]] = [
    ("inkind:application_list", _("Requests"), can_open),
    ("inkind:not_served", _("Eligible but not served"), can_read_coverage),
    ("inkind:target_list", _("Targets"), can_read_coverage),
    ("inkind:service_list", _("Service catalogue"), can_open),
]


@register.inclusion_tag("inkind/includes/inkind_nav.html", takes_context=True)
def inkind_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    shown = [(reverse(name), label) for name, label, may_open in LINKS if may_open(request.user)]
    under = [url for url, _label in shown if request.path.startswith(url)]
    current = max(under, key=len, default=None)
    return {
        "inkind_links": [
            {"url": url, "label": label, "current": url == current} for url, label in shown
        ]
    }

"""``{% crosscheck_nav %}``: links between the cross-check pages, for the roles that open them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import AnyUser
from guanai.crosscheck.access import can_open, upload_units

register = template.Library()


def _may_upload(user: AnyUser) -> bool:
    return bool(upload_units(user))


# (route, label, who may open the page): crosscheck.access answers the last.
LINKS: list[tuple[str, Promise, Callable[[AnyUser], bool]]] = [
    ("crosscheck:index", _("Findings"), can_open),
    ("crosscheck:list_index", _("Compared lists"), can_open),
    ("crosscheck:list_upload", _("Upload a list"), _may_upload),
]


@register.inclusion_tag("crosscheck/includes/crosscheck_nav.html", takes_context=True)
def crosscheck_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    shown = [(reverse(name), label) for name, label, may_open in LINKS if may_open(request.user)]
    # The longest link the page lies under is the current one (the findings' "/" is
    # under every page, the upload's lists/upload/ under lists/).
    under = [url for url, _label in shown if request.path.startswith(url)]
    current = max(under, key=len, default=None)
    return {
        "crosscheck_links": [
            {"url": url, "label": label, "current": url == current} for url, label in shown
        ]
    }

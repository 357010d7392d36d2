"""``{% institutions_nav %}``: links between the institutions pages, for those who open them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guanai.accounts.scoping import AnyUser
from guanai.institutions.register import can_open_institutions

register = template.Library()

# (route, label, who may open the page); an institution's residents and services are
# reached from its page.
LINKS: list[tuple[str, Promise, Callable[[AnyUser], bool]]] = [
    ("institutions:list", _("Institutions"), can_open_institutions),
    ("institutions:overview", _("Overview"), can_open_institutions),
    ("institutions:assessment_overview", _("Quality assessment"), can_open_institutions),
    ("institutions:standards", _("Service standards"), can_open_institutions),
]


@register.inclusion_tag("institutions/includes/institutions_nav.html", takes_context=True)
def institutions_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    shown = [(reverse(name), label) for name, label, may_open in LINKS if may_open(request.user)]
    under = [url for url, _label in shown if request.path.startswith(url)]
    current = max(under, key=len, default=None)
    return {
        "institutions_links": [
            {"url": url, "label": label, "current": url == current} for url, label in shown
        ]
    }

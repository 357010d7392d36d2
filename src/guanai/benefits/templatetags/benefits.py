"""Template tags of the benefits pages: money and the benefits navigation.

Load with ``{% load benefits %}``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanai.core import money

register = template.Library()

# (route, label)
LINKS = [
    ("benefits:roll_list", _("Payment rolls")),
    ("benefits:claim_list", _("Medical assistance")),
    ("benefits:calculator", _("Calculator")),
    ("benefits:policies", _("Policy standards")),
]


@register.filter(is_safe=True)
def yuan(value: Decimal | int | str | None) -> str:
    """Show an amount as ¥1,234.56 (``core.money.yuan``); a missing one as a dash."""
    return money.yuan(value)


@register.inclusion_tag("benefits/includes/nav.html", takes_context=True)
def benefits_nav(context: dict[str, Any]) -> dict[str, Any]:
    path = context["request"].path
    # The benefits home (/benefits/) is the rolls list.
    if path == reverse("benefits:index"):
        path = reverse("benefits:roll_list")
    links = []
    for name, label in LINKS:
        url = reverse(name)
        links.append({"url": url, "label": label, "current": path.startswith(url)})
    return {"benefits_links": links}

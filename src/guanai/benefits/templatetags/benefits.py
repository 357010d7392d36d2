"""Template tags of the benefits pages: the benefits navigation (and the money filter).

Load with ``{% load benefits %}``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanai.core.templatetags.money import yuan

register = template.Library()

# (route, label)
LINKS = [
    ("benefits:roll_list", _("Payment rolls")),
    ("benefits:claim_list", _("Medical assistance")),
    ("benefits:calculator", _("Calculator")),
    ("benefits:policies", _("Policy standards")),
]


# The one money filter (``core/templatetags/money.py``), here too for the benefits pages.
register.filter("yuan", yuan, is_safe=True)


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

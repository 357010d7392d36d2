"""``{% governance_nav %}``: links between the work organisation's pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.subnav import Link, subnav
from guanai.governance.access import can_open

register = template.Library()

LINKS: list[Link] = [
    ("governance:index", pgettext_lazy("governance", "Overview"), can_open),
    ("governance:groups_index", _("Leading groups"), can_open),
    ("governance:plans_index", _("Work plans"), can_open),
    ("governance:matters_index", _("Practical matters"), can_open),
    ("governance:supervision_index", _("Supervision"), can_open),
    ("governance:targets_index", _("Multi-year targets"), can_open),
]


@register.inclusion_tag("includes/subnav.html", takes_context=True)
def governance_nav(context: dict[str, Any]) -> dict[str, Any]:
    return subnav(context["request"], LINKS, label=pgettext_lazy("menu", "Work organisation"))

"""``{% crosscheck_nav %}``: links between the cross-check pages, for the roles that open them."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.accounts.scoping import AnyUser
from guanai.core.subnav import Link, subnav
from guanai.crosscheck.access import can_open, upload_units

register = template.Library()


def _may_upload(user: AnyUser) -> bool:
    return bool(upload_units(user))


# (route, label, who may open the page): crosscheck.access answers the last.
LINKS: list[Link] = [
    ("crosscheck:index", _("Findings"), can_open),
    ("crosscheck:list_index", _("Compared lists"), can_open),
    ("crosscheck:list_upload", _("Upload a list"), _may_upload),
]


@register.inclusion_tag("includes/subnav.html", takes_context=True)
def crosscheck_nav(context: dict[str, Any]) -> dict[str, Any]:
    return subnav(context["request"], LINKS, label=pgettext_lazy("menu", "Cross-checks"))

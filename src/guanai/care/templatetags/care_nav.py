"""``{% care_nav %}``: the links between the care pages, for the roles that use them."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanai.accounts import scoping

register = template.Library()

# (route, label, roles that see the link: None for every role with beneficiary data)
LINKS = [
    ("care:worklist", _("This week's work"), None),
    ("care:coverage", _("Pairing coverage"), scoping.ROSTER_ROLES),
    ("care:plan_list", _("Assistance plans"), None),
    ("care:evaluation_class", _("Term evaluations"), None),
    ("care:ledger_list", _("Pocket money"), None),
    ("care:warning_list", _("Early warnings"), None),
    ("care:rules", _("Care rules"), None),
]


@register.inclusion_tag("care/includes/care_nav.html", takes_context=True)
def care_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    held = scoping.roles(request.user)
    links = []
    for name, label, roles in LINKS:
        if roles is not None and not held & roles:
            continue
        url = reverse(name)
        current = request.path == url if name == "care:worklist" else request.path.startswith(url)
        links.append({"url": url, "label": label, "current": current})
    return {"care_links": links}

"""The leading group's card on a unit's page: the group in force, its leader, how many serve."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from guanai.accounts.models import User
from guanai.governance import access
from guanai.governance.groups.access import groups_visible
from guanai.governance.groups.selectors import current_q
from guanai.governance.models import GroupMember, Post
from guanai.orgs.models import OrgUnit


def unit_panel(user: User, unit: OrgUnit, today: date) -> dict[str, Any] | None:
    """Return the card's context for ``unit``, or None when the user reads no group of it and
    may set up none; three queries at most. Rendered by ``governance/groups/_unit_panel.html``.
    """
    if not access.can_open(user):
        return None
    group = (
        groups_visible(user)
        .filter(org_unit=unit, dissolved_on__isnull=True)
        .order_by("-established_on", "-pk")
        .first()
    )
    can_create = access.can_manage(user, unit)
    if group is None and not can_create:
        return None
    context: dict[str, Any] = {
        "unit": unit,
        "group": group,
        "can_create": can_create,
        "list_url": f"{reverse('governance:groups_index')}?unit={unit.pk}",
    }
    if group is not None:
        serving = GroupMember.objects.filter(current_q(today), group=group)
        context["leaders"] = list(
            serving.filter(post=Post.LEADER)
            .order_by("position", "pk")
            .values_list("name", flat=True)
        )
        context["member_count"] = serving.count()
        context["url"] = reverse("governance:group_detail", args=[group.pk])
    return context

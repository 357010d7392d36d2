"""The work plan's card on a unit's page: this year's plan of the unit and its status, and the
plans the units above published this year (read by the units below)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from guanai.accounts.models import User
from guanai.governance import access
from guanai.governance.plans.access import plans_visible
from guanai.governance.plans.selectors import plans_sent_down
from guanai.orgs.models import OrgUnit


def unit_panel(user: User, unit: OrgUnit, today: date) -> dict[str, Any] | None:
    """Return the card's context for ``unit``, or None when there is nothing to show; two
    queries. Rendered by ``governance/plans/_unit_panel.html``."""
    if not access.can_open(user):
        return None
    plan = plans_visible(user).filter(org_unit=unit, year=today.year).first()
    from_above = list(plans_sent_down(user, unit, today.year))
    can_create = plan is None and access.can_manage(user, unit)
    if plan is None and not from_above and not can_create:
        return None
    return {
        "unit": unit,
        "year": today.year,
        "plan": plan,
        "from_above": from_above,
        "can_create": can_create,
        "new_url": f"{reverse('governance:plan_new')}?unit={unit.pk}&year={today.year}",
    }

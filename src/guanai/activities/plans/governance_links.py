"""The activity plans a unit's annual work plan links to (``governance.extensions``).

A work plan is for a calendar year; an activity plan for a school year (2026 is 2026–2027),
so the plans of the school years that overlap the year are listed: those beginning the year
before and in the year. A township's or county's work plan lists its schools' plans. Only the
plans the user reads (``plans_visible``), a fixed number of queries.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.activities.plans.access import plans_visible
from guanai.activities.plans.printing import school_year_label
from guanai.governance.extensions import PlanLink
from guanai.orgs.models import OrgUnit

# More links than a plan's page should carry; the rest are on the activity plans' page.
SHOWN = 30


def activity_plan_links(user: AnyUser, unit: OrgUnit, year: int) -> list[PlanLink]:
    """Return links to the activity plans of ``unit`` and below for the school years that
    overlap ``year``."""
    found = (
        plans_visible(user)
        .filter(scoping.subtree_q([unit], field="org_unit__path"))
        .filter(school_year__in=(year - 1, year))
        .order_by("org_unit__path", "school_year", "term", "title")
    )
    rows = list(found[: SHOWN + 1])
    links = [
        PlanLink(
            title=plan.title,
            url=reverse("activities:plan", args=[plan.pk]),
            note=f"{plan.org_unit.name} · {school_year_label(plan)}",
        )
        for plan in rows[:SHOWN]
    ]
    if len(rows) > SHOWN:
        more = found.count() - SHOWN
        links.append(
            PlanLink(
                title=ngettext(
                    "%(count)s more activity plan", "%(count)s more activity plans", more
                )
                % {"count": more},
                url=reverse("activities:plans"),
            )
        )
    return links

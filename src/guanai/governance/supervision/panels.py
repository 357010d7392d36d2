"""The supervision panels other pages include: the unit's page and the reports dashboard.

``unit_panel`` shows a unit's open rectifications — those it must make, and those it
required of the units below it on its visits — overdue first, so that an overdue one shows
on the page of the unit that must act and of the office that is waiting (template
``governance/supervision/_unit_panel.html``). ``report_panel`` gives the dashboard the
year's visits of the unit's subtree, their findings open, overdue and rectified on time,
and the overdue ones (``governance/supervision/_report_panel.html``). Both read only what
the user reads, in a fixed number of queries, and return None when there is nothing to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q

from guanai.accounts.scoping import AnyUser
from guanai.governance.models import Rectification, RectificationStatus
from guanai.governance.supervision import access
from guanai.governance.supervision.selectors import days_overdue
from guanai.governance.supervision.timing import on_time_q, overdue_q
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q

# Rows listed in a panel; the rest are counted.
SHOWN = 10


@dataclass(frozen=True)
class Row:
    rectification: Rectification
    overdue_days: int | None


def _rows(found: list[Rectification], today: date) -> list[Row]:
    rows = [Row(r, days_overdue(r, today)) for r in found]
    # Overdue first (the longest overdue first), then by deadline.
    return sorted(rows, key=lambda row: (row.overdue_days is None, -(row.overdue_days or 0)))


def _listed(rows: Any, today: date) -> list[Row]:
    found = list(
        rows.select_related("org_unit", "visit__org_unit", "visit__inspected").order_by(
            "deadline", "pk"
        )[:SHOWN]
    )
    return _rows(found, today)


def unit_panel(user: AnyUser, unit: OrgUnit, today: date) -> dict[str, Any] | None:
    """Return what the unit page's supervision panel shows, or None (at most 3 queries)."""
    mine = Q(org_unit=unit)
    asked = Q(visit__org_unit=unit)
    open_ = (
        access.rectifications_visible(user)
        .filter(mine | asked)
        .exclude(status=RectificationStatus.ACCEPTED)
    )
    counts = open_.aggregate(
        to_rectify=Count("pk", filter=mine),
        to_rectify_overdue=Count("pk", filter=mine & overdue_q(today)),
        required=Count("pk", filter=asked),
        required_overdue=Count("pk", filter=asked & overdue_q(today)),
    )
    if not counts["to_rectify"] and not counts["required"]:
        return None
    return {
        "unit": unit,
        "today": today,
        "counts": counts,
        "to_rectify": _listed(open_.filter(mine), today) if counts["to_rectify"] else [],
        "required": _listed(open_.filter(asked), today) if counts["required"] else [],
    }


def report_panel(user: AnyUser, unit: OrgUnit, today: date) -> dict[str, Any] | None:
    """Return the dashboard's supervision figures for ``unit``'s subtree, or None (at most
    2 queries): this year's visits and findings, and every rectification overdue today."""
    rows = access.rectifications_visible(user).filter(subtree_q([unit], field="org_unit__path"))
    year = Q(visit__visited_on__year=today.year)
    counts = rows.aggregate(
        findings=Count("pk", filter=year),
        visits=Count("visit", distinct=True, filter=year),
        open=Count("pk", filter=year & ~Q(status=RectificationStatus.ACCEPTED)),
        accepted=Count("pk", filter=year & Q(status=RectificationStatus.ACCEPTED)),
        on_time=Count("pk", filter=year & on_time_q()),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    if not counts["findings"] and not counts["overdue"]:
        return None
    overdue = _listed(rows.filter(overdue_q(today)), today) if counts["overdue"] else []
    return {"unit": unit, "today": today, "year": today.year, "counts": counts, "overdue": overdue}

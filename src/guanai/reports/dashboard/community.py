"""The dashboard's "volunteers and giving" card (志愿与捐赠, issue 16 point 7).

Three parts, two queries whatever the size of the subtree:

* the volunteer hours of the year up to the month's end, per volunteer group, the ten
  groups with the most hours first — hours served in the unit's subtree (the host unit's,
  as the monthly figure counts them) or by a group of the subtree wherever it served; a
  shift counts in the month its host confirmed it, so the year's hours are the monthly
  figures added up (one query on the shifts: the fact table has no group);
* donations and grants in each of the last twelve months, and the needs open, partly met
  and met at the month's end, from the fact table (one query).

Only a user who reads the community data of the unit sees the card
(``community.giving.can_read_community``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from guanai.accounts.scoping import AnyUser
from guanai.community.giving import can_read_community
from guanai.community.models.volunteers import ServiceShift
from guanai.core.months import month_bounds
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.reports.dashboard.selectors import TREND_MONTHS, months_back
from guanai.reports.models import Fact

TOP_GROUPS = 10
HALF_HOUR_PLACES = Decimal("0.1")  # the shifts' hours keep one decimal, whatever the database
GIVING_FIGURES = ("donations_cash", "donations_in_kind", "donations_in_kind_value", "grants_paid")
NEEDS_FIGURES = ("needs_open_end", "needs_partly_met_end", "needs_met_end")


@dataclass(frozen=True)
class GroupHours:
    group_id: int
    name: str
    hours: Decimal


@dataclass(frozen=True)
class GivingMonth:
    month: dt.date
    cash: Decimal
    in_kind: int
    in_kind_value: Decimal
    grants: Decimal

    @property
    def any(self) -> bool:
        return bool(self.cash or self.in_kind or self.in_kind_value or self.grants)


@dataclass(frozen=True)
class CommunityCard:
    year: int
    groups: list[GroupHours]  # the first ``TOP_GROUPS``
    more_groups: int  # how many groups with hours are not shown
    months: list[GivingMonth]  # oldest first
    needs_open: int
    needs_partly_met: int
    needs_met: int

    @property
    def hours(self) -> Decimal:
        """Return the hours of the groups shown."""
        return sum((g.hours for g in self.groups), Decimal(0))

    @property
    def has_giving(self) -> bool:
        return any(m.any for m in self.months)

    @property
    def has_needs(self) -> bool:
        return bool(self.needs_open or self.needs_partly_met or self.needs_met)


def hours_by_group(unit: OrgUnit, month: dt.date) -> list[GroupHours]:
    """Return every group's confirmed hours from January to the end of ``month``, served
    in ``unit``'s subtree or by a group of it, the most hours first (one query)."""
    start, _end = month_bounds(month.replace(month=1))
    _start, end = month_bounds(month)
    rows = (
        ServiceShift.objects.filter(
            subtree_q([unit], field="visit__event__org_unit__path")
            | subtree_q([unit], field="visit__group__path"),
            Q(confirmed_at__gte=start, confirmed_at__lt=end),
        )
        .values("visit__group_id", "visit__group__name")
        .annotate(total=Sum("hours"))
        .order_by("-total", "visit__group__name", "visit__group_id")
    )
    return [
        GroupHours(
            group_id=r["visit__group_id"],
            name=r["visit__group__name"],
            hours=Decimal(r["total"]).quantize(HALF_HOUR_PLACES),
        )
        for r in rows
        if r["total"]
    ]


def community_card(user: AnyUser, unit: OrgUnit, month: dt.date) -> CommunityCard | None:
    """Return the card of ``unit`` for ``month``, or None if the user may not read the
    unit's community data (two queries; none when refused)."""
    if not can_read_community(user, unit):
        return None
    groups = hours_by_group(unit, month)
    months = months_back(month, TREND_MONTHS)
    values: dict[tuple[dt.date, str], Decimal] = {
        (m, name): v
        for m, name, v in Fact.objects.filter(
            Q(month__in=months, indicator__in=GIVING_FIGURES)
            | Q(month=month, indicator__in=NEEDS_FIGURES),
            org_unit=unit,
        ).values_list("month", "indicator", "value")
    }

    def value(m: dt.date, name: str) -> Decimal:
        return values.get((m, name), Decimal(0))

    return CommunityCard(
        year=month.year,
        groups=groups[:TOP_GROUPS],
        more_groups=max(len(groups) - TOP_GROUPS, 0),
        months=[
            GivingMonth(
                month=m,
                cash=value(m, "donations_cash"),
                in_kind=int(value(m, "donations_in_kind")),
                in_kind_value=value(m, "donations_in_kind_value"),
                grants=value(m, "grants_paid"),
            )
            for m in months
        ],
        needs_open=int(value(month, "needs_open_end")),
        needs_partly_met=int(value(month, "needs_partly_met_end")),
        needs_met=int(value(month, "needs_met_end")),
    )

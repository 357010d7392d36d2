"""The figures of a unit's monthly report (月报), computed from the data entered once.

Plan 八: "每月15日前将每月爱心帮扶活动情况报送至县". Each figure covers the unit's whole
subtree and is computed set-based: one aggregate query per source table, whatever the
number of persons. Stocks (persons, pairings, plans) are counted as of the month's last
day, or today for the current month; flows (new files, talks, visits, payments) over the
days of the month up to that day.

Every source is a ``Part``: a queryset, the field naming the org unit each row belongs
to, and the aggregates. ``month_figures`` filters a part to one subtree and aggregates;
the fact table (``facts.py``) groups the same part by org unit, so the live figures and
the pre-aggregated ones cannot drift apart.

A person counts in the unit that manages them now: the registry keeps no history of
managing units, so a person transferred in counts here for earlier months too.

Community figures (issue 16 point 7) come from ``community``: donations received, grants
of the charity funds, volunteer service hours and needs met (``_donations`` … ``_needs``
say which date and which unit each counts by). Cross-check figures (issue 20 point 5) come
from ``crosscheck.summary``: the lists compared in the month (by the uploading unit) and
the findings found, resolved, and open at the month's end (by the unit each is assigned
to). Figures of apps not built yet are left out, never faked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Aggregate, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.benefits.models import ClaimStatus, MedicalClaim, RollLine, RollStatus
from guanai.care.models import AssistancePlan, CareKind, CareRecord, Pairing, PlanStatus
from guanai.community.models.giving import (
    Donation,
    DonationKind,
    DonationMatch,
    Grant,
    GrantStatus,
    Need,
)
from guanai.community.models.volunteers import ServiceShift
from guanai.core.errors import ValidationFailed
from guanai.core.months import last_day, month_label, parse_month, this_month
from guanai.crosscheck.models import Finding
from guanai.crosscheck.summary import lists_in, month_aggregates
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Category, Person, PersonCategory

VISIT_KINDS = (CareKind.HOME_VISIT, CareKind.CONDOLENCE_VISIT)
# The figures that are amounts of money (the others are counts).
AMOUNTS = frozenset(
    {
        "benefits_paid",
        "medical_assistance_paid",
        "donations_cash",
        "donations_in_kind_value",
        "grants_paid",
    }
)
# The figures that are neither money nor whole: service hours, counted to the half hour
# (``community.volunteers.hours``). They keep one decimal wherever a figure is stored or
# shown; the others (counts) are whole numbers.
HALVES = frozenset({"volunteer_hours"})


@dataclass(frozen=True)
class Month:
    """A calendar month and the day its stocks are counted on."""

    first: dt.date
    last: dt.date
    as_of: dt.date

    @property
    def label(self) -> str:
        return month_label(self.first)


def month_of(text: str, *, today: dt.date | None = None) -> Month:
    """Read "2026-11" as a month (``core.months``); a month after the current one is refused."""
    return month_starting(parse_month(text), today=today)


def month_starting(first: dt.date, *, today: dt.date | None = None) -> Month:
    today = today or timezone.localdate()
    if first > this_month(today):
        raise ValidationFailed(_("This month has not begun yet."), field="month")
    last = last_day(first)
    return Month(first=first, last=last, as_of=min(last, today))


def _end_of(day: dt.date) -> dt.datetime:
    """Return the first instant after ``day`` in the local time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _active_persons_q(as_of: dt.date, prefix: str = "") -> Q:
    """Persons on file at the end of ``as_of``: registered by then and not yet archived."""
    end = _end_of(as_of)
    return Q(**{f"{prefix}created_at__lt": end}) & (
        Q(**{f"{prefix}archived_at__isnull": True}) | Q(**{f"{prefix}archived_at__gte": end})
    )


@dataclass(frozen=True)
class Part:
    """One source of figures: rows, the path to their org unit, and what to add up."""

    rows: QuerySet[Any]
    unit: str  # "org_unit" or "person__org_unit"
    aggregates: dict[str, Aggregate]

    def for_subtree(self, unit: OrgUnit) -> dict[str, Any]:
        return self.rows.filter(subtree_q([unit], field=f"{self.unit}__path")).aggregate(
            **self.aggregates
        )

    def by_unit(self, units: Collection[int] | None = None) -> QuerySet[Any]:
        """Return one row per org unit: {"unit": id, figure: value, …} (one query), of
        ``units`` only if given."""
        rows = self.rows if units is None else self.rows.filter(**{f"{self.unit}_id__in": units})
        return rows.values(unit=F(f"{self.unit}_id")).annotate(**self.aggregates).order_by()


def _persons(month: Month) -> Part:
    start, end = _start_of(month.first), _end_of(month.as_of)
    return Part(
        Person.objects.all(),
        "org_unit",
        {
            "persons_total": Count("pk", filter=_active_persons_q(month.as_of)),
            "files_new": Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
            "files_closed": Count("pk", filter=Q(archived_at__gte=start, archived_at__lt=end)),
        },
    )


def _pairings(month: Month) -> Part:
    current = Q(started_on__lte=month.as_of) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=month.as_of)
    )
    return Part(
        Pairing.objects.all(),
        "person__org_unit",
        {
            "pairings_active": Count("pk", filter=current),
            "persons_paired": Count("person", filter=current, distinct=True),
            "pairings_new": Count(
                "pk", filter=Q(started_on__gte=month.first, started_on__lte=month.as_of)
            ),
        },
    )


def _care(month: Month) -> Part:
    return Part(
        CareRecord.objects.filter(occurred_on__gte=month.first, occurred_on__lte=month.as_of),
        "org_unit",
        {
            "care_records": Count("pk"),
            "talks": Count("pk", filter=Q(kind=CareKind.TALK)),
            "visits": Count("pk", filter=Q(kind__in=VISIT_KINDS)),
        },
    )


def _plans(month: Month) -> Part:
    running = Q(status=PlanStatus.ACTIVE, starts_on__lte=month.as_of, ends_on__gte=month.as_of)
    return Part(
        AssistancePlan.objects.all(),
        "person__org_unit",
        {
            "plans_active": Count("pk", filter=running),
            # A plan counts as new in the month it starts (written earlier or later).
            "plans_new": Count(
                "pk", filter=Q(starts_on__gte=month.first, starts_on__lte=month.as_of)
            ),
        },
    )


def _payments(month: Month) -> Part:
    return Part(
        RollLine.objects.filter(roll__month=month.first, roll__status=RollStatus.APPROVED),
        "org_unit",
        {
            "benefits_paid": Sum("amount", default=Decimal("0")),
            "persons_paid": Count("person", distinct=True),
        },
    )


def _medical(month: Month) -> Part:
    return Part(
        MedicalClaim.objects.filter(
            status=ClaimStatus.RECORDED,
            discharged__gte=month.first,
            discharged__lte=month.as_of,
        ),
        "person__org_unit",
        {
            "medical_claims": Count("pk"),
            "medical_assistance_paid": Sum("total", default=Decimal("0")),
        },
    )


def _donations(month: Month) -> Part:
    """Donations received in the month, by the unit that received them (a need's, a
    person's or a fund's unit, or the unit named).

    A donation's date is a ``DateField``: the day the clerk wrote (today by default, in
    local time), so a gift recorded on the 31st at 23:30 is the 31st's, in that month. Cash
    is an amount; goods are counted as donations (件/批, one record however many items)
    with the value the clerk gave them, when one was given.
    """
    in_kind = Q(kind=DonationKind.IN_KIND)
    return Part(
        Donation.objects.filter(on__gte=month.first, on__lte=month.as_of),
        "org_unit",
        {
            "donations_cash": Sum("amount", filter=Q(kind=DonationKind.CASH), default=Decimal("0")),
            "donations_in_kind": Count("pk", filter=in_kind),
            "donations_in_kind_value": Sum("value", filter=in_kind, default=Decimal("0")),
        },
    )


def _grants(month: Month) -> Part:
    """Grants paid by the charity funds: approved grants decided in the month, by the
    fund's unit (the money leaves the fund's ledger on the day a leader decides)."""
    return Part(
        Grant.objects.filter(
            status=GrantStatus.APPROVED,
            decided_on__gte=month.first,
            decided_on__lte=month.as_of,
        ),
        "fund__org_unit",
        {"grants_paid": Sum("amount", default=Decimal("0"))},
    )


def _service_hours(month: Month) -> Part:
    """Volunteer service hours confirmed in the month, by the visit's host unit.

    The host unit, not the volunteer group's: a township sees the hours served in it, by
    whichever group came (a county's volunteer association serves in every township, and
    would otherwise count only at the county). A shift counts in the month its host
    confirmed it (local time), so that a month once over keeps its figure: a shift of the
    31st confirmed on the 2nd counts in the later month. A volunteer group's own yearly
    hours (``community.volunteers``) are summed by the day the shift began instead.
    """
    start, end = _start_of(month.first), _end_of(month.as_of)
    return Part(
        ServiceShift.objects.filter(confirmed_at__gte=start, confirmed_at__lt=end),
        "visit__event__org_unit",
        {"volunteer_hours": Sum("hours", default=Decimal("0"))},
    )


def _matched_before(moment: dt.datetime) -> Coalesce:
    """Return how many items were matched to the need (``OuterRef``) before ``moment``."""
    matched = (
        DonationMatch.objects.filter(need=OuterRef("pk"), created_at__lt=moment)
        .order_by()
        .values("need")
        .annotate(n=Sum("quantity"))
        .values("n")
    )
    return Coalesce(Subquery(matched), Value(0))


def _needs(month: Month) -> Part:
    """Needs met in the month, and the needs open, partly met and met at its end.

    A need's status is derived from the goods matched to it, never stored; each match
    keeps when it was made. A need is met in the month when the items matched by its end
    reach what it asks and those matched before its first day did not: the month of the
    match that completed it. The stocks count the needs posted by the counting day by the
    items matched by its end, by the need's unit.
    """
    start, end = _start_of(month.first), _end_of(month.as_of)
    met = Q(given_end__gte=F("quantity"))
    return Part(
        Need.objects.filter(posted_on__lte=month.as_of).alias(
            given_end=_matched_before(end), given_start=_matched_before(start)
        ),
        "org_unit",
        {
            "needs_met": Count("pk", filter=met & Q(given_start__lt=F("quantity"))),
            "needs_open_end": Count("pk", filter=Q(given_end=0)),
            "needs_partly_met_end": Count(
                "pk", filter=Q(given_end__gt=0, given_end__lt=F("quantity"))
            ),
            "needs_met_end": Count("pk", filter=met),
        },
    )


def _crosscheck_lists(month: Month) -> Part:
    """Lists compared (数据比对) in the month, by the unit that uploaded them."""
    return Part(lists_in(month.first, month.as_of), "org_unit", {"crosscheck_lists": Count("pk")})


def _crosscheck_findings(month: Month) -> Part:
    """Findings found and resolved in the month and open at its end, by their unit."""
    return Part(Finding.objects.all(), "org_unit", month_aggregates(month.first, month.as_of))


PARTS: tuple[Callable[[Month], Part], ...] = (
    _persons,
    _pairings,
    _care,
    _plans,
    _payments,
    _medical,
    _donations,
    _grants,
    _service_hours,
    _needs,
    _crosscheck_lists,
    _crosscheck_findings,
)


def categories_part(month: Month) -> QuerySet[PersonCategory]:
    """Return the persons' categories in effect on the month's counting day."""
    return PersonCategory.objects.filter(
        _active_persons_q(month.as_of, "person__"),
        Q(ended_on__isnull=True) | Q(ended_on__gte=month.as_of),
        started_on__lte=month.as_of,
    )


def persons_by_category(unit: OrgUnit, month: Month) -> dict[str, int]:
    """Return category code → active persons of the subtree in that category.

    Every code of DESIGN §4 is present (0 when nobody is in it). A person in two
    categories counts in both.
    """
    counts = dict.fromkeys(Category.values, 0)
    rows = (
        categories_part(month)
        .filter(subtree_q([unit], field="person__org_unit__path"))
        .values("category")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    for row in rows:
        counts[row["category"]] = row["n"]
    return counts


def month_figures(unit: OrgUnit, month: Month) -> dict[str, Any]:
    """Return the pre-filled figures of ``unit``'s report for ``month`` (13 queries)."""
    figures: dict[str, Any] = {
        "org_unit": unit.code or str(unit.pk),
        "org_name": unit.name,
        "month": month.label,
        "as_of": month.as_of.isoformat(),
        "persons_by_category": persons_by_category(unit, month),
    }
    for part in PARTS:
        figures.update(part(month).for_subtree(unit))
    return figures

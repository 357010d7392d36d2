"""The figures of a unit's monthly report (月报), computed from the data entered once.

Plan 八: "每月15日前将每月爱心帮扶活动情况报送至县". Each figure covers the unit's whole
subtree and is computed set-based: one aggregate query per source table, whatever the
number of persons. Stocks (persons, pairings, plans) are counted as of the month's last
day, or today for the current month; flows (new files, talks, visits, payments) over the
days of the month up to that day.

A person counts in the unit that manages them now: the registry keeps no history of
managing units, so a person transferred in counts here for earlier months too.

Figures of apps not built yet (activities, donations) are left out, never faked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.benefits.models import ClaimStatus, MedicalClaim, RollLine, RollStatus
from guanai.care.models import AssistancePlan, CareKind, CareRecord, Pairing, PlanStatus
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Category, Person, PersonCategory

VISIT_KINDS = (CareKind.HOME_VISIT, CareKind.CONDOLENCE_VISIT)


@dataclass(frozen=True)
class Month:
    """A calendar month and the day its stocks are counted on."""

    first: dt.date
    last: dt.date
    as_of: dt.date

    @property
    def label(self) -> str:
        return f"{self.first:%Y-%m}"


def month_of(text: str, *, today: dt.date | None = None) -> Month:
    """Read "2026-11" as a month; a month after the current one is refused."""
    today = today or timezone.localdate()
    year, _sep, number = text.strip().partition("-")
    try:
        first = dt.date(int(year), int(number), 1)
    except ValueError:
        raise ValidationFailed(_("Write the month as 2026-11."), field="month") from None
    if first > today.replace(day=1):
        raise ValidationFailed(_("This month has not begun yet."), field="month")
    following = (first + dt.timedelta(days=32)).replace(day=1)
    last = following - dt.timedelta(days=1)
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


def persons_by_category(unit: OrgUnit, as_of: dt.date) -> dict[str, int]:
    """Return category code → active persons of the subtree in that category on ``as_of``.

    Every code of DESIGN §4 is present (0 when nobody is in it). A person in two
    categories counts in both.
    """
    counts = dict.fromkeys(Category.values, 0)
    rows = (
        PersonCategory.objects.filter(
            subtree_q([unit], field="person__org_unit__path"),
            _active_persons_q(as_of, "person__"),
            Q(ended_on__isnull=True) | Q(ended_on__gte=as_of),
            started_on__lte=as_of,
        )
        .values("category")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    for row in rows:
        counts[row["category"]] = row["n"]
    return counts


def _persons(unit: OrgUnit, month: Month) -> dict[str, int]:
    start, end = _start_of(month.first), _end_of(month.as_of)
    return Person.objects.filter(subtree_q([unit], field="org_unit__path")).aggregate(
        persons_total=Count("pk", filter=_active_persons_q(month.as_of)),
        files_new=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        files_closed=Count("pk", filter=Q(archived_at__gte=start, archived_at__lt=end)),
    )


def _pairings(unit: OrgUnit, month: Month) -> dict[str, int]:
    current = Q(started_on__lte=month.as_of) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=month.as_of)
    )
    return Pairing.objects.filter(subtree_q([unit], field="person__org_unit__path")).aggregate(
        pairings_active=Count("pk", filter=current),
        persons_paired=Count("person", filter=current, distinct=True),
        pairings_new=Count(
            "pk", filter=Q(started_on__gte=month.first, started_on__lte=month.as_of)
        ),
    )


def _care(unit: OrgUnit, month: Month) -> dict[str, int]:
    return CareRecord.objects.filter(
        subtree_q([unit], field="org_unit__path"),
        occurred_on__gte=month.first,
        occurred_on__lte=month.as_of,
    ).aggregate(
        care_records=Count("pk"),
        talks=Count("pk", filter=Q(kind=CareKind.TALK)),
        visits=Count("pk", filter=Q(kind__in=VISIT_KINDS)),
    )


def _plans(unit: OrgUnit, month: Month) -> dict[str, int]:
    start, end = _start_of(month.first), _end_of(month.as_of)
    running = Q(status=PlanStatus.ACTIVE, starts_on__lte=month.as_of, ends_on__gte=month.as_of)
    return AssistancePlan.objects.filter(
        subtree_q([unit], field="person__org_unit__path")
    ).aggregate(
        plans_active=Count("pk", filter=running),
        plans_new=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
    )


def _funds(unit: OrgUnit, month: Month) -> dict[str, Any]:
    paid = RollLine.objects.filter(
        subtree_q([unit], field="org_unit__path"),
        roll__month=month.first,
        roll__status=RollStatus.APPROVED,
    ).aggregate(
        benefits_paid=Sum("amount", default=Decimal("0")),
        persons_paid=Count("person", distinct=True),
    )
    medical = MedicalClaim.objects.filter(
        subtree_q([unit], field="person__org_unit__path"),
        status=ClaimStatus.RECORDED,
        discharged__gte=month.first,
        discharged__lte=month.as_of,
    ).aggregate(
        medical_claims=Count("pk"),
        medical_assistance_paid=Sum("total", default=Decimal("0")),
    )
    return paid | medical


def month_figures(unit: OrgUnit, month: Month) -> dict[str, Any]:
    """Return the pre-filled figures of ``unit``'s report for ``month`` (7 queries)."""
    figures: dict[str, Any] = {
        "org_unit": unit.code or str(unit.pk),
        "org_name": unit.name,
        "month": month.label,
        "as_of": month.as_of.isoformat(),
        "persons_by_category": persons_by_category(unit, month.as_of),
    }
    for part in (_persons, _pairings, _care, _plans, _funds):
        figures.update(part(unit, month))
    return figures

"""Reads of giving, already scoped by ``access``: the needs board, a need's donations, the
donations list, a fund's ledger, campaigns and monthly figures. Each is a fixed number of
queries whatever the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth

from guanai.accounts.scoping import AnyUser
from guanai.community.giving.access import donations_visible, giving_units, needs_q
from guanai.community.giving.amounts import ZERO
from guanai.community.giving.status import NeedProgress, need_progress
from guanai.community.models.giving import (
    Campaign,
    CharityFund,
    Donation,
    DonationKind,
    DonationMatch,
    FundDirection,
    FundEntry,
    Grant,
    GrantStatus,
    Need,
    Urgency,
)
from guanai.core.money import round_fen
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person
from guanai.registry.selectors import PersonFilter, persons_search

MONEY_SUM = Coalesce(Sum("amount"), Value(ZERO))


def _urgency_rank() -> Case:
    return Case(
        *(When(urgency=u, then=Value(rank)) for rank, u in enumerate(Urgency)),
        output_field=IntegerField(),
    )


def needs_list(
    user: AnyUser, *, unit: OrgUnit | None = None, open_only: bool = True
) -> QuerySet[Need]:
    """Return the needs the user sees with what was given (``given``), the most urgent first.

    ``open_only`` leaves out the needs met; ``unit`` narrows to a subtree (a county's board).
    """
    found = (
        Need.objects.filter(needs_q(user))
        .select_related("org_unit")
        .annotate(given=Coalesce(Sum("matches__quantity"), Value(0)))
        .order_by(_urgency_rank(), "-posted_on", "-pk")
    )
    if unit is not None:
        found = found.filter(subtree_q([unit], field="org_unit__path"))
    if open_only:
        found = found.filter(given__lt=F("quantity"))
    return found


def progress_of(need: Need) -> NeedProgress:
    """Return the need's status; ``given`` comes from ``needs_list`` or is summed here."""
    given = getattr(need, "given", None)
    if given is None:
        given = need.matches.aggregate(total=Coalesce(Sum("quantity"), Value(0)))["total"]
    return need_progress(need.quantity, int(given))


def matches_of(need: Need) -> QuerySet[DonationMatch]:
    return need.matches.select_related("donation").order_by("donation__on", "pk")


def donations_list(user: AnyUser) -> QuerySet[Donation]:
    return donations_visible(user).order_by("-on", "-pk")


def matched_quantities(donations: list[Donation]) -> dict[int, int]:
    """Return how many of each donation's goods are matched to needs (one query)."""
    rows = (
        DonationMatch.objects.filter(donation__in=[d.pk for d in donations])
        .values("donation")
        .annotate(total=Sum("quantity"))
    )
    return {r["donation"]: r["total"] for r in rows}


def needs_to_match(user: AnyUser, donation: Donation) -> QuerySet[Need]:
    """Return the open needs of the donation's unit and below, for matching its goods."""
    return needs_list(user, unit=donation.org_unit)


def persons_for_grant(user: AnyUser, fund: CharityFund, text: str) -> QuerySet[Person]:
    """Return the persons of the fund's unit and below a grant may go to, found by name,
    pinyin or initials, in roster order."""
    return persons_search(user, PersonFilter(q=text)).filter(
        subtree_q([fund.org_unit], field="org_unit__path")
    )


def persons_for_donation(user: AnyUser, text: str) -> QuerySet[Person]:
    """Return the persons of the units whose donations the user records, found by name."""
    return persons_search(user, PersonFilter(q=text)).filter(
        subtree_q(giving_units(user), field="org_unit__path")
    )


def entries_of(fund: CharityFund, year: int) -> QuerySet[FundEntry]:
    return fund.entries.filter(on__year=year).order_by("on", "pk")


def grants_waiting(fund: CharityFund) -> QuerySet[Grant]:
    return (
        fund.grants.filter(status=GrantStatus.REQUESTED)
        .select_related("person", "org_unit", "requested_by")
        .order_by("requested_on", "pk")
    )


def campaigns_of(fund: CharityFund) -> QuerySet[Campaign]:
    """Return the fund's campaigns with their own totals: cash, goods' value, donations."""
    return fund.campaigns.annotate(
        cash=Coalesce(Sum("donations__amount"), Value(ZERO)),
        goods=Coalesce(Sum("donations__value"), Value(ZERO)),
        donations_count=Count("donations"),
    ).order_by("-on")


@dataclass(frozen=True)
class MonthFigures:
    """Donations received and grants made in one month of a unit's subtree."""

    month: date
    donations: int
    cash: Decimal
    goods_value: Decimal
    grants: int
    granted: Decimal


def month_figures(unit: OrgUnit, year: int) -> list[MonthFigures]:
    """Return the twelve months of ``year``: donations received in ``unit``'s subtree and
    grants paid from the funds there (two queries)."""
    donations = {
        r["month"]: r
        for r in Donation.objects.filter(subtree_q([unit], field="org_unit__path"), on__year=year)
        .annotate(month=ExtractMonth("on"))
        .values("month")
        .annotate(
            count=Count("pk"),
            cash=Coalesce(Sum("amount", filter=Q(kind=DonationKind.CASH)), Value(ZERO)),
            goods=Coalesce(Sum("value", filter=Q(kind=DonationKind.IN_KIND)), Value(ZERO)),
        )
    }
    grants = {
        r["month"]: r
        for r in FundEntry.objects.filter(
            subtree_q([unit], field="fund__org_unit__path"),
            direction=FundDirection.SPENDING,
            on__year=year,
        )
        .annotate(month=ExtractMonth("on"))
        .values("month")
        .annotate(count=Count("pk"), total=MONEY_SUM)
    }
    months = []
    for m in range(1, 13):
        d, g = donations.get(m, {}), grants.get(m, {})
        months.append(
            MonthFigures(
                month=date(year, m, 1),
                donations=d.get("count", 0),
                cash=round_fen(Decimal(d.get("cash", ZERO))),
                goods_value=round_fen(Decimal(d.get("goods", ZERO))),
                grants=g.get("count", 0),
                granted=round_fen(Decimal(g.get("total", ZERO))),
            )
        )
    return months

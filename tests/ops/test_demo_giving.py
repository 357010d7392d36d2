"""The giving demo: the special school's needs (washing machines partly met, tables and
stools met), donations from a company, persons and anonymous givers, the county fund with
its charity day and grants, 冷碛镇's fund with a request waiting; run twice, it changes
nothing the second time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from guanai.community import giving
from guanai.community.models.giving import (
    CharityFund,
    Donation,
    FundEntry,
    Grant,
    GrantStatus,
    Need,
)
from guanai.ops.demo import demo_build
from guanai.ops.demo.community_giving import SPECIAL_SCHOOL, demo_giving


@pytest.mark.django_db
def test_the_demo_shows_a_need_partly_met_one_met_and_a_fund_with_its_charity_day() -> None:
    units = demo_build(roster=False, care=False)
    today = timezone.localdate()

    demo_giving(units, today)

    statuses = {
        n.item: giving.progress_of(n).status
        for n in Need.objects.filter(org_unit__name=SPECIAL_SCHOOL)
    }
    assert statuses == {"大容量洗衣机": "partly_met", "新餐桌和凳子": "met"}
    assert set(Donation.objects.values_list("donor_kind", flat=True)) == {
        "company",
        "person",
        "anonymous",
    }
    fund = CharityFund.objects.get(org_unit=units["luding"])
    (day,) = giving.campaigns_of(fund)
    assert (day.on.month, day.on.day, day.cash) == (11, 19, Decimal("15200.00"))
    assert fund.balance == Decimal("15700.00") - Decimal("8500.00")
    assert Grant.objects.filter(fund=fund, status=GrantStatus.APPROVED).count() == 3
    township = CharityFund.objects.get(org_unit=units["lengqi"])
    assert [g.status for g in giving.grants_waiting(township)] == [GrantStatus.REQUESTED]
    balances = list(FundEntry.objects.filter(fund=fund).order_by("on", "pk"))
    assert all(e.on <= today and e.on >= date(day.on.year, 1, 2) for e in balances)

    assert demo_giving(units, today) == 0
    assert Donation.objects.count() == 8

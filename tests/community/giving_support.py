"""Shared set-up of the giving tests: the special school's need, donations, a fund."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from guanai.accounts.models import Role, User
from guanai.community import giving
from guanai.community.models.giving import CharityFund, Donation, Need
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories
from tests.conftest import Region

OPENED = date(2026, 1, 5)
_receipts = itertools.count(1)


def special_school(region: Region) -> OrgUnit:
    return factories.org_unit(parent=region.county, kind=OrgKind.SCHOOL, name="泸定县特殊教育学校")


def volunteer(region: Region) -> User:
    group = factories.org_unit(
        parent=region.county, kind=OrgKind.VOLUNTEER_GROUP, name="泸定县志愿者协会"
    )
    return factories.user(unit=group, role=Role.VOLUNTEER, username="volunteer")


def washing_machines(user: User, unit: OrgUnit, quantity: int = 4) -> Need:
    return giving.need_post(
        acting_user=user,
        org_unit=unit,
        item="大容量洗衣机",
        quantity=quantity,
        measure="台",
        estimated_value="12000",
        urgency="urgent",
        why="学生住校，衣物多，现有洗衣机已坏",
        posted_on=OPENED,
    )


def goods(
    user: User,
    *,
    need: Need | None = None,
    unit: OrgUnit | None = None,
    quantity: int = 2,
    item: str = "大容量洗衣机",
    donor: str = "泸定县某电器公司",
    on: date = OPENED,
) -> Donation:
    data = giving.DonationData(
        donor_kind="company",
        donor_name=donor,
        kind="in_kind",
        destination="need" if need is not None else "unit",
        item=item,
        quantity=quantity,
        measure="台",
        value="6000",
        on=on,
    )
    return giving.donation_record(
        acting_user=user, data=data, to=giving.Destined(need=need, org_unit=unit)
    )


def cash_to_fund(
    user: User,
    fund: CharityFund,
    amount: str,
    *,
    on: date = OPENED,
    donor_kind: str = "person",
    donor: str = "李明",
    campaign: object = None,
) -> Donation:
    data = giving.DonationData(
        donor_kind=donor_kind,
        donor_name=donor,
        kind="cash",
        destination="fund",
        amount=amount,
        on=on,
        receipt_number=f"R{next(_receipts):05d}",
    )
    return giving.donation_record(
        acting_user=user,
        data=data,
        to=giving.Destined(fund=fund, campaign=campaign),  # type: ignore[arg-type]
    )


def county_fund(leader: User, region: Region, balance: str = "0") -> CharityFund:
    fund = giving.fund_open(
        acting_user=leader, org_unit=region.county, name="泸定县慈善救助基金", opened_on=OPENED
    )
    if Decimal(balance):
        cash_to_fund(leader, fund, balance)
        fund.refresh_from_db()
    return fund

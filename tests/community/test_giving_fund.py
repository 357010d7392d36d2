"""The charity fund: grants asked by a worker and decided by a leader, never below zero;
the charity day's campaign with its own total; the yearly statement; monthly figures."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from guanai.accounts.models import Role, User
from guanai.community import giving
from guanai.community.models.giving import CharityFund, FundEntry, Grant, GrantStatus
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.community.giving_support import OPENED, cash_to_fund, county_fund, goods
from tests.conftest import Region


@pytest.fixture
def county_worker(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.WORKER, username="county_worker")


def test_a_leaders_grant_is_made_directly_and_leaves_the_fund(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region, balance="1000")
    child = factories.person(region.lengqi_school, "张小花")

    grant = giving.grant_request(
        acting_user=county_leader,
        fund=fund,
        amount="300",
        reason="住院救助",
        person=child,
        on=OPENED,
    )

    assert (grant.status, grant.decided_by) == (GrantStatus.APPROVED, county_leader)
    fund.refresh_from_db()
    assert fund.balance == Decimal("700.00")
    entry = FundEntry.objects.get(grant=grant)
    assert (entry.direction, entry.balance_after) == ("spending", Decimal("700.00"))
    assert "张小花" in entry.what


def test_a_workers_request_waits_for_a_leader_who_approves_or_refuses_it(
    region: Region, county_leader: User, county_worker: User
) -> None:
    fund = county_fund(county_leader, region, balance="1000")
    asked = giving.grant_request(
        acting_user=county_worker,
        fund=fund,
        amount="200",
        reason="购置课桌",
        org_unit=region.lengqi_school,
        on=OPENED,
    )
    other = giving.grant_request(
        acting_user=county_worker,
        fund=fund,
        amount="100",
        reason="慰问",
        org_unit=region.lengqi,
        on=OPENED,
    )
    assert asked.status == GrantStatus.REQUESTED
    assert list(giving.grants_waiting(fund)) == [asked, other]
    fund.refresh_from_db()
    assert fund.balance == Decimal("1000.00")

    # A worker may not decide; a leader approves one and refuses the other with a reason
    with pytest.raises(PermissionRefused):
        giving.grant_decide(
            acting_user=county_worker, grant=asked, version=asked.version, approve=True, on=OPENED
        )
    giving.grant_decide(
        acting_user=county_leader, grant=asked, version=asked.version, approve=True, on=OPENED
    )
    with pytest.raises(ValidationFailed) as no_reason:
        giving.grant_decide(
            acting_user=county_leader, grant=other, version=other.version, approve=False, on=OPENED
        )
    assert no_reason.value.field == "note"
    giving.grant_decide(
        acting_user=county_leader,
        grant=other,
        version=other.version,
        approve=False,
        note="已由民政局救助",
        on=OPENED,
    )

    fund.refresh_from_db()
    assert fund.balance == Decimal("800.00")
    assert list(Grant.objects.order_by("pk").values_list("status", flat=True)) == [
        GrantStatus.APPROVED,
        GrantStatus.REFUSED,
    ]
    # Deciding again, or from a stale page, is refused
    with pytest.raises((ValidationFailed, StaleEdit)):
        giving.grant_decide(
            acting_user=county_leader, grant=asked, version=asked.version, approve=True, on=OPENED
        )
    assert FundEntry.objects.filter(direction="spending").count() == 1


def test_a_grant_above_the_balance_is_refused_and_nothing_moves(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region, balance="100")

    with pytest.raises(ValidationFailed) as refused:
        giving.grant_request(
            acting_user=county_leader,
            fund=fund,
            amount="100.01",
            reason="救助",
            org_unit=region.lengqi,
            on=OPENED,
        )

    assert refused.value.field == "amount"
    fund.refresh_from_db()
    assert fund.balance == Decimal("100.00")
    assert not Grant.objects.exists()


@pytest.mark.parametrize(
    ("amount", "field"),
    [("0", "amount"), ("-10", "amount"), ("20000000", "amount"), ("1e3", "amount")],
)
def test_a_bad_grant_amount_is_refused(
    region: Region, county_leader: User, amount: str, field: str
) -> None:
    fund = county_fund(county_leader, region, balance="100")

    with pytest.raises(ValidationFailed) as refused:
        giving.grant_request(
            acting_user=county_leader,
            fund=fund,
            amount=amount,
            reason="救助",
            org_unit=region.lengqi,
        )

    assert refused.value.field == field
    assert not Grant.objects.exists()


def test_a_grant_goes_to_one_person_or_unit_inside_the_funds_unit(
    region: Region, county_leader: User
) -> None:
    fund = giving.fund_open(
        acting_user=county_leader, org_unit=region.lengqi, name="冷碛镇慈善基金", opened_on=OPENED
    )

    with pytest.raises(ValidationFailed):
        giving.grant_request(acting_user=county_leader, fund=fund, amount="1", reason="救助")
    with pytest.raises(ValidationFailed) as outside:
        giving.grant_request(
            acting_user=county_leader,
            fund=fund,
            amount="1",
            reason="救助",
            org_unit=region.xinglong_school,
        )

    assert outside.value.field == "unit"
    assert not Grant.objects.exists()


def test_a_fund_is_a_county_or_townships_one_of_a_kind_opened_by_its_leader(
    region: Region, county_leader: User, township_worker: User
) -> None:
    with pytest.raises(ValidationFailed):
        giving.fund_open(acting_user=county_leader, org_unit=region.lengqi_school, name="学校基金")
    with pytest.raises(PermissionRefused):
        giving.fund_open(acting_user=township_worker, org_unit=region.lengqi, name="冷碛镇基金")
    county_fund(county_leader, region)
    with pytest.raises(ValidationFailed):
        county_fund(county_leader, region)

    assert CharityFund.objects.count() == 1


def test_the_database_itself_refuses_a_negative_balance(
    region: Region, county_leader: User
) -> None:
    from django.db import IntegrityError, transaction

    fund = county_fund(county_leader, region, balance="5")

    with pytest.raises(IntegrityError), transaction.atomic():
        CharityFund.objects.filter(pk=fund.pk).update(balance=Decimal("-0.01"))


def test_the_charity_day_is_11_19_unless_set_and_its_campaign_has_its_own_total(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region)
    day = giving.campaign_charity_day(acting_user=county_leader, fund=fund, year=2026)
    assert day.on == date(2026, 11, 19)
    with pytest.raises(ValidationFailed):
        giving.campaign_charity_day(acting_user=county_leader, fund=fund, year=2026)

    cash_to_fund(county_leader, fund, "500", on=date(2026, 11, 19), campaign=day)
    cash_to_fund(
        county_leader, fund, "250.50", on=date(2026, 11, 19), campaign=day, donor_kind="anonymous"
    )
    cash_to_fund(county_leader, fund, "99", on=date(2026, 11, 20))

    totals = {c.pk: (c.cash, c.donations_count) for c in giving.campaigns_of(fund)}
    assert totals == {day.pk: (Decimal("750.50"), 2)}

    moved = giving.fund_set_charity_day(
        acting_user=county_leader, fund=fund, version=fund.version, month=9, day=5
    )
    assert giving.campaign_charity_day(acting_user=county_leader, fund=moved, year=2027).on == date(
        2027, 9, 5
    )
    with pytest.raises(ValidationFailed):
        giving.fund_set_charity_day(
            acting_user=county_leader, fund=moved, version=moved.version, month=2, day=30
        )


def test_the_yearly_statement_opens_and_closes_on_recorded_balances_and_its_export_is_logged(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region, balance="1000")  # dated 2026-01-05
    cash_to_fund(county_leader, fund, "200", on=date(2026, 3, 1), donor="=cmd|' /C calc'!A0")
    giving.grant_request(
        acting_user=county_leader,
        fund=fund,
        amount="450",
        reason="大病救助",
        org_unit=region.lengqi,
        on=date(2026, 4, 2),
    )

    statement = giving.statement_of(fund, 2026)
    assert (statement.opening, statement.income, statement.spending, statement.closing) == (
        Decimal("0.00"),
        Decimal("1200.00"),
        Decimal("450.00"),
        Decimal("750.00"),
    )
    assert giving.statement_of(fund, 2027).opening == Decimal("750.00")

    export = giving.statement_export(acting_user=county_leader, fund=fund, year=2026)
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    )
    cells = [str(c) for row in rows for c in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert 750.0 in [c for row in rows for c in row]
    logged = AccessLog.objects.get(action=AuditAction.EXPORT)
    assert (logged.object_type, logged.detail["rows"]) == ("community.fund_statement", 3)


def test_month_figures_give_donations_and_grants_of_the_units_subtree(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region, balance="1000")
    goods(county_leader, unit=region.lengqi_school, on=date(2026, 3, 8))
    giving.grant_request(
        acting_user=county_leader,
        fund=fund,
        amount="300",
        reason="救助",
        org_unit=region.lengqi,
        on=date(2026, 3, 9),
    )

    county = {m.month.month: m for m in giving.month_figures(region.county, 2026)}
    assert (county[1].donations, county[1].cash) == (1, Decimal("1000.00"))
    assert (county[3].donations, county[3].goods_value, county[3].grants, county[3].granted) == (
        1,
        Decimal("6000.00"),
        1,
        Decimal("300.00"),
    )
    lengqi = {m.month.month: m for m in giving.month_figures(region.lengqi, 2026)}
    assert (lengqi[1].donations, lengqi[3].donations, lengqi[3].grants) == (0, 1, 0)

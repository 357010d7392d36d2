"""Giving's pages: the board without personal data, recording a donation against a need,
matching, the fund's page with a leader's decision and the statement; scoping and query
counts at 1 and 50 rows."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from guanai.accounts.models import Role, User
from guanai.community import giving
from guanai.community.models.giving import Donation, DonationMatch, Grant, GrantStatus
from guanai.core.models import AccessLog, AuditAction
from guanai.orgs.models import OrgUnit
from tests import factories
from tests.community.giving_support import (
    OPENED,
    county_fund,
    goods,
    special_school,
    volunteer,
    washing_machines,
)
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


def test_a_volunteer_reads_the_countys_board_without_the_persons_name(
    region: Region, township_worker: User
) -> None:
    child = factories.person(region.lengqi_school, "赵小六")
    need = giving.need_post(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        person=child,
        item="助听器",
        quantity=1,
        measure="副",
    )
    client = logged_in(volunteer(region))

    board = client.get(reverse("community:needs"))
    detail = client.get(reverse("community:need_detail", args=[need.pk]))

    assert board.status_code == detail.status_code == 200
    assert f'data-need="{need.pk}"' in board.content.decode()
    for page in (board, detail):
        assert "赵小六" not in page.content.decode()
    staff_page = logged_in(township_worker).get(reverse("community:need_detail", args=[need.pk]))
    assert "赵小六" in staff_page.content.decode()


def test_another_townships_staff_get_404_for_the_need_the_donation_and_the_fund(
    region: Region, county_leader: User, township_worker: User, other_township_worker: User
) -> None:
    need = washing_machines(township_worker, region.lengqi_school)
    gift = goods(township_worker, unit=region.lengqi_school)
    fund = giving.fund_open(
        acting_user=county_leader, org_unit=region.lengqi, name="冷碛镇慈善基金", opened_on=OPENED
    )
    client = logged_in(other_township_worker)

    for url in (
        reverse("community:need_detail", args=[need.pk]),
        reverse("community:donation_detail", args=[gift.pk]),
        reverse("community:fund_detail", args=[fund.pk]),
        reverse("community:grant_new", args=[fund.pk]),
        reverse("community:fund_statement", args=[fund.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("community:needs")).content.decode().count('data-testid="need"') == 0


def test_a_helper_and_a_sysadmin_have_no_giving_pages(
    region: Region, school_helper: User, county_sysadmin: User
) -> None:
    for account in (school_helper, county_sysadmin):
        client = logged_in(account)
        for name in ("community:needs", "community:donations", "community:funds"):
            assert client.get(reverse(name)).status_code == 403


def test_two_washing_machines_recorded_on_the_page_leave_the_need_partly_met(
    region: Region, county_leader: User
) -> None:
    need = washing_machines(county_leader, special_school(region))
    client = logged_in(county_leader)
    form = client.get(reverse("community:donation_new") + f"?need={need.pk}")
    assert form.status_code == 200

    saved = client.post(
        reverse("community:donation_new"),
        {
            "destination": "need",
            "need": need.pk,
            "donor_kind": "company",
            "donor_name": "泸定县某电器公司",
            "donor_phone": "0836-2812345",
            "kind": "in_kind",
            "item": "大容量洗衣机",
            "quantity": "2",
            "measure": "台",
            "value": "6000",
            "on": "2026-01-06",
            "receipt_number": "TJ-001",
        },
    )

    assert saved.status_code == 302
    page = client.get(saved["Location"])
    html = page.content.decode()
    assert 'data-status="partly_met"' in html
    assert 'data-remaining="2"' in html
    assert "泸定县某电器公司" in html
    assert "2812345" not in html


def test_a_donation_with_bad_input_comes_back_with_its_message_and_nothing_is_saved(
    region: Region, county_leader: User
) -> None:
    need = washing_machines(county_leader, special_school(region))
    client = logged_in(county_leader)

    page = client.post(
        reverse("community:donation_new"),
        {
            "destination": "need",
            "need": need.pk,
            "donor_kind": "person",
            "donor_name": "李明",
            "kind": "in_kind",
            "item": "大容量洗衣机",
            "quantity": "-2",
            "measure": "台",
        },
    )

    assert page.status_code == 200
    assert page.context["form"].errors["quantity"]
    assert not Donation.objects.exists()


def test_goods_given_to_the_school_are_matched_to_its_need_on_the_donations_page(
    region: Region, county_leader: User
) -> None:
    school = special_school(region)
    need = washing_machines(county_leader, school)
    gift = goods(county_leader, unit=school, quantity=3)
    client = logged_in(county_leader)
    url = reverse("community:donation_detail", args=[gift.pk])

    too_many = client.post(url, {"need": need.pk, "quantity": "4"})
    matched = client.post(url, {"need": need.pk, "quantity": "3"})

    assert too_many.status_code == 200 and too_many.context["form"].errors["quantity"]
    assert matched.status_code == 302
    assert list(DonationMatch.objects.values_list("quantity", flat=True)) == [3]


def test_a_leader_approves_a_workers_grant_on_the_funds_page_and_exports_the_statement(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region, balance="1000")
    worker = factories.user(unit=region.county, role=Role.WORKER, username="cw")
    asked = logged_in(worker).post(
        reverse("community:grant_new", args=[fund.pk]),
        {
            "unit": region.lengqi_school.pk,
            "amount": "300",
            "reason": "购置餐桌",
            "on": "2026-01-06",
        },
    )
    assert asked.status_code == 302
    grant = Grant.objects.get()
    assert grant.status == GrantStatus.REQUESTED

    client = logged_in(county_leader)
    page = client.get(reverse("community:fund_detail", args=[fund.pk]) + "?year=2026")
    assert "购置餐桌" in page.content.decode()
    client.post(
        reverse("community:grant_decide", args=[grant.pk]),
        {"decision": "approve", "version": grant.version},
    )

    grant.refresh_from_db()
    assert grant.status == GrantStatus.APPROVED
    fund.refresh_from_db()
    assert fund.balance == Decimal("700.00")
    export = client.get(reverse("community:fund_statement", args=[fund.pk]) + "?year=2026")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    assert 700.0 in [c for row in rows.to_python() for c in row]
    assert AccessLog.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_a_worker_may_not_decide_a_grant(region: Region, county_leader: User) -> None:
    fund = county_fund(county_leader, region, balance="1000")
    worker = factories.user(unit=region.county, role=Role.WORKER, username="cw")
    grant = giving.grant_request(
        acting_user=worker, fund=fund, amount="10", reason="救助", org_unit=region.lengqi
    )

    answer = logged_in(worker).post(
        reverse("community:grant_decide", args=[grant.pk]),
        {"decision": "approve", "version": grant.version},
    )

    assert answer.status_code == 403
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REQUESTED


def _rows(leader: User, worker: User, region: Region, school: OrgUnit, rows: int) -> None:
    """Add ``rows`` needs each partly met, cash gifts to the fund and grants waiting."""
    fund = giving.funds_visible(leader).get()
    for n in range(rows):
        need = washing_machines(leader, school, quantity=3)
        goods(leader, need=need, quantity=1, donor=f"捐赠人{n}")
        giving.donation_record(
            acting_user=leader,
            data=giving.DonationData(
                donor_kind="anonymous", kind="cash", destination="fund", amount="10", on=OPENED
            ),
            to=giving.Destined(fund=fund),
        )
        giving.grant_request(
            acting_user=worker, fund=fund, amount="1", reason=f"救助{n}", org_unit=school
        )


@pytest.mark.parametrize(
    "name", ["community:needs", "community:donations", "community:funds", "fund"]
)
def test_the_pages_run_as_many_queries_for_50_rows_as_for_1(
    region: Region, county_leader: User, name: str
) -> None:
    worker = factories.user(unit=region.county, role=Role.WORKER, username="cw")
    school = special_school(region)
    fund = county_fund(county_leader, region)
    url = (
        reverse("community:fund_detail", args=[fund.pk]) + f"?year={OPENED.year}"
        if name == "fund"
        else reverse(name)
    )
    client = logged_in(county_leader)
    _rows(county_leader, worker, region, school, 1)
    client.get(url)
    with count_queries() as small:
        client.get(url)
    _rows(county_leader, worker, region, school, 49)
    with count_queries() as large:
        page = client.get(url)
    assert page.status_code == 200
    assert_same_query_count(small, large)


def test_the_thanks_are_recorded_on_the_donations_page_and_not_before_the_gift(
    region: Region, county_leader: User
) -> None:
    gift = goods(county_leader, unit=region.lengqi_school)
    client = logged_in(county_leader)
    url = reverse("community:donation_acknowledge", args=[gift.pk])

    client.post(url, {"on": "2025-12-31"})
    gift.refresh_from_db()
    assert gift.acknowledged_on is None
    client.post(url, {"on": "2026-01-09"})
    gift.refresh_from_db()
    assert gift.acknowledged_on == date(2026, 1, 9)
    assert (
        logged_in(factories.user(unit=region.xinglong, role=Role.WORKER))
        .post(url, {"on": "2026-01-10"})
        .status_code
        == 404
    )

"""Giving through the API: needs and the board, donations matched to needs, the fund's
grants and decisions, the statement; bad input refused with its field and nothing saved;
another township gets 404; a volunteer reads the board only, without the person; the lists
take a fixed number of queries at 1 and 50 rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.community import giving
from guanai.community.models.giving import Donation, Grant, GrantStatus, Need
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.api.conftest import bearer
from tests.community.giving_support import (
    OPENED,
    county_fund,
    goods,
    special_school,
    volunteer,
    washing_machines,
)
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

API = "/api/community"


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(Client(), method)(path, body, content_type="application/json", headers=headers)


def test_a_need_is_posted_and_two_machines_given_for_it_leave_it_partly_met(
    region: Region, county_leader: User
) -> None:
    auth = bearer(county_leader)
    school = special_school(region)

    posted = send(
        "post",
        f"{API}/needs",
        {
            "unit_id": school.pk,
            "item": "大容量洗衣机",
            "quantity": 4,
            "measure": "台",
            "estimated_value": "12000",
            "urgency": "urgent",
            "why": "学生住校",
        },
        auth,
    )
    assert posted.status_code == 201, posted.content
    need_id = posted.json()["id"]
    given = send(
        "post",
        f"{API}/donations",
        {
            "destination": "need",
            "need_id": need_id,
            "donor_kind": "company",
            "donor_name": "泸定县某电器公司",
            "donor_phone": "13957318462",
            "kind": "in_kind",
            "item": "大容量洗衣机",
            "quantity": 2,
            "measure": "台",
            "value": "6000",
            "on": "2026-01-06",
            "receipt_number": "TJ-001",
        },
        auth,
    )
    assert given.status_code == 201, given.content
    assert "donor_phone" not in given.json()
    assert "13957318462" not in given.content.decode()

    need = Client().get(f"{API}/needs/{need_id}", headers=auth).json()
    assert (need["status"], need["given"], need["remaining"]) == ("partly_met", 2, 2)
    assert [(m["donor"], m["quantity"]) for m in need["matches"]] == [("泸定县某电器公司", 2)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -2}, "quantity"),
        ({"quantity": 100_001}, "quantity"),
        ({"kind": "cash", "item": "", "quantity": None, "measure": ""}, "amount"),
        ({"kind": "cash"}, "item"),
        ({"donor_name": ""}, "donor_name"),
        ({"receipt_number": "R" * 41}, "receipt_number"),
    ],
)
def test_a_bad_donation_is_400_with_its_field_and_nothing_is_saved(
    region: Region, county_leader: User, changes: dict[str, Any], field: str
) -> None:
    school = special_school(region)
    body = {
        "destination": "unit",
        "unit_id": school.pk,
        "donor_kind": "person",
        "donor_name": "李明",
        "kind": "in_kind",
        "item": "被子",
        "quantity": 2,
        "measure": "床",
        **changes,
    }

    answer = send("post", f"{API}/donations", body, bearer(county_leader))

    assert answer.status_code == 400, answer.content
    assert answer.json()["field"] == field
    assert not Donation.objects.exists()


def test_a_match_beyond_the_donation_is_400_and_within_it_201(
    region: Region, county_leader: User
) -> None:
    school = special_school(region)
    need = washing_machines(county_leader, school)
    gift = goods(county_leader, unit=school, quantity=2)
    auth = bearer(county_leader)

    too_many = send(
        "post", f"{API}/donations/{gift.pk}/matches", {"need_id": need.pk, "quantity": 3}, auth
    )
    matched = send(
        "post", f"{API}/donations/{gift.pk}/matches", {"need_id": need.pk, "quantity": 2}, auth
    )

    assert (too_many.status_code, too_many.json()["field"]) == (400, "quantity")
    assert matched.status_code == 201
    assert giving.progress_of(need).given == 2


def test_a_workers_grant_waits_a_leader_approves_it_and_the_statement_shows_it(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region, balance="1000")
    worker = factories.user(unit=region.county, role=Role.WORKER, username="cw")
    asked = send(
        "post",
        f"{API}/funds/{fund.pk}/grants",
        {"amount": "300", "reason": "大病救助", "unit_id": region.lengqi.pk, "on": "2026-01-06"},
        bearer(worker),
    )
    assert asked.status_code == 201, asked.content
    assert asked.json()["status"] == "requested"
    grant_id, version = asked.json()["id"], asked.json()["version"]
    refused = send(
        "post",
        f"{API}/grants/{grant_id}/decision",
        {"version": version, "approve": True},
        bearer(worker),
    )
    assert refused.status_code == 403

    leader = bearer(county_leader)
    stale = send(
        "post",
        f"{API}/grants/{grant_id}/decision",
        {"version": version + 5, "approve": True},
        leader,
    )
    approved = send(
        "post",
        f"{API}/grants/{grant_id}/decision",
        {"version": version, "approve": True, "on": "2026-01-06"},
        leader,
    )

    assert stale.status_code == 409
    assert approved.json()["status"] == "approved"
    statement = (
        Client().get(f"{API}/funds/{fund.pk}/statement", {"year": 2026}, headers=leader).json()
    )
    assert (statement["income"], statement["spending"], statement["closing"]) == (
        "1000.00",
        "300.00",
        "700.00",
    )
    assert Client().get(f"{API}/funds/{fund.pk}", headers=leader).json()["balance"] == "700.00"
    xlsx = Client().get(f"{API}/funds/{fund.pk}/statement.xlsx", {"year": 2026}, headers=leader)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert AccessLog.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_a_grant_above_the_balance_is_400_and_nothing_moves(
    region: Region, county_leader: User
) -> None:
    fund = county_fund(county_leader, region, balance="100")

    answer = send(
        "post",
        f"{API}/funds/{fund.pk}/grants",
        {"amount": "150", "reason": "救助", "unit_id": region.lengqi.pk},
        bearer(county_leader),
    )

    assert (answer.status_code, answer.json()["field"]) == (400, "amount")
    fund.refresh_from_db()
    assert fund.balance == Decimal("100.00")
    assert not Grant.objects.exists()


def test_the_charity_day_campaign_and_month_figures(region: Region, county_leader: User) -> None:
    fund = county_fund(county_leader, region, balance="100")
    auth = bearer(county_leader)

    opened = send("post", f"{API}/funds/{fund.pk}/campaigns", {"year": 2026}, auth)
    again = send("post", f"{API}/funds/{fund.pk}/campaigns", {"year": 2026}, auth)
    months = Client().get(f"{API}/funds/{fund.pk}/months", {"year": 2026}, headers=auth).json()

    assert opened.status_code == 201 and opened.json()["on"] == "2026-11-19"
    assert again.status_code == 400
    assert months[0] == {
        "month": "2026-01",
        "donations": 1,
        "cash": "100.00",
        "goods_value": "0.00",
        "grants": 0,
        "granted": "0.00",
    }


def test_another_township_gets_404_and_a_helper_403(
    region: Region,
    county_leader: User,
    township_worker: User,
    other_township_worker: User,
    school_helper: User,
) -> None:
    need = washing_machines(township_worker, region.lengqi_school)
    gift = goods(township_worker, unit=region.lengqi_school)
    fund = giving.fund_open(
        acting_user=county_leader, org_unit=region.lengqi, name="冷碛镇慈善基金", opened_on=OPENED
    )
    outsider = bearer(other_township_worker)

    for path in (
        f"{API}/needs/{need.pk}",
        f"{API}/funds/{fund.pk}",
        f"{API}/funds/{fund.pk}/statement",
    ):
        assert Client().get(path, headers=outsider).status_code == 404, path
    matched = send(
        "post", f"{API}/donations/{gift.pk}/matches", {"need_id": need.pk, "quantity": 1}, outsider
    )
    assert matched.status_code == 404
    assert Client().get(f"{API}/needs", headers=outsider).json()["items"] == []
    assert Client().get(f"{API}/donations", headers=bearer(school_helper)).status_code == 403


def test_a_volunteer_reads_the_board_without_the_person_and_no_donation(
    region: Region, township_worker: User
) -> None:
    child = factories.person(region.lengqi_school, "赵小六")
    giving.need_post(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        person=child,
        item="助听器",
        quantity=1,
        measure="副",
    )
    auth = bearer(volunteer(region))

    board = Client().get(f"{API}/needs", headers=auth)

    assert [n["item"] for n in board.json()["items"]] == ["助听器"]
    assert "赵小六" not in board.content.decode()
    assert Client().get(f"{API}/donations", headers=auth).status_code == 403


def _counted(auth: dict[str, str], fund_id: int) -> list[Any]:
    found = []
    for path in (
        f"{API}/needs",
        f"{API}/donations",
        f"{API}/funds",
        f"{API}/funds/{fund_id}/grants",
        f"{API}/funds/{fund_id}/entries?year={OPENED.year}",
        f"{API}/funds/{fund_id}/campaigns",
        f"{API}/funds/{fund_id}/statement?year={OPENED.year}",
    ):
        with count_queries() as counted:
            answer = Client().get(path, headers=auth)
        assert answer.status_code == 200, answer.content
        found.append(counted)
    return found


def test_the_lists_take_a_fixed_number_of_queries(region: Region, county_leader: User) -> None:
    auth = bearer(county_leader)
    school = special_school(region)
    fund = county_fund(county_leader, region)

    def rows(count: int, start: int) -> None:
        for n in range(start, start + count):
            need = washing_machines(county_leader, school, quantity=3)
            goods(county_leader, need=need, quantity=1, donor=f"捐赠人{n}")
            giving.donation_record(
                acting_user=county_leader,
                data=giving.DonationData(
                    donor_kind="anonymous", kind="cash", destination="fund", amount="10", on=OPENED
                ),
                to=giving.Destined(fund=fund),
            )
            giving.grant_request(
                acting_user=county_leader,
                fund=fund,
                amount="1",
                reason=f"救助{n}",
                org_unit=school,
                on=OPENED,
            )
            giving.campaign_charity_day(acting_user=county_leader, fund=fund, year=2000 + n)

    rows(1, 0)
    Client().get(f"{API}/needs", headers=auth)  # the token's first use is written down once
    small = _counted(auth, fund.pk)
    rows(49, 1)
    large = _counted(auth, fund.pk)

    assert len(Client().get(f"{API}/needs", headers=auth).json()["items"]) == 50
    for one, many in zip(small, large, strict=True):
        assert_same_query_count(one, many)
    assert Need.objects.count() == 50
    assert Grant.objects.filter(status=GrantStatus.APPROVED).count() == 50

"""The pocket-money ledger through the API: the pages' scoping, checks and refusals."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole, LedgerEntry, PocketMoneyAccount
from guanai.registry.models import Person
from tests import factories
from tests.api.conftest import bearer
from tests.care.ledger_support import OPENED, balance_of, deposit, open_account, pair, pupil, spend
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries


@pytest.fixture
def child(region: Region, township_worker: User) -> Person:
    return pupil(township_worker, region.lengqi_school)


@pytest.fixture
def account(township_worker: User, child: Person, school_helper: User) -> PocketMoneyAccount:
    return open_account(township_worker, child, school_helper, quota="100")


def _post(user: User, path: str, body: dict[str, Any]) -> Any:
    return Client().post(f"/api{path}", body, content_type="application/json", headers=bearer(user))


def _get(user: User, path: str) -> Any:
    return Client().get(f"/api{path}", headers=bearer(user))


def test_a_roster_keeper_opens_an_account_and_the_keeper_writes_in_it(
    township_worker: User, child: Person, school_helper: User
) -> None:
    pair(township_worker, child, school_helper)

    opened = _post(
        township_worker,
        "/care/ledgers",
        {"person_id": child.pk, "keeper_id": school_helper.pk, "monthly_quota": "80.5"},
    )
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert body["person"] == {"id": child.pk, "name": "张小花"}
    assert body["keeper"]["id"] == school_helper.pk
    assert (Decimal(body["balance"]), Decimal(body["monthly_quota"])) == (0, Decimal("80.50"))
    assert body["opened_on"] == timezone.localdate().isoformat()
    path = f"/care/ledgers/{body['id']}"

    received = _post(school_helper, f"{path}/deposits", {"amount": 200, "source": "父亲汇款"})
    spent = _post(school_helper, f"{path}/spendings", {"amount": "12.50", "purpose": "文具"})

    assert received.status_code == spent.status_code == 201, spent.content
    assert Decimal(spent.json()["balance_after"]) == Decimal("187.50")
    assert spent.json()["over_quota"] is False and spent.json()["warning"] == ""
    entries = _get(school_helper, f"{path}/entries").json()
    assert entries["count"] == 2
    assert [e["what"] for e in entries["items"]] == ["文具", "父亲汇款"]
    assert Decimal(_get(school_helper, path).json()["month_spent"]) == Decimal("12.50")


def test_a_spending_the_balance_does_not_cover_is_refused_with_400_and_changes_nothing(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    deposit(school_helper, account, "12.50")

    response = _post(
        school_helper,
        f"/care/ledgers/{account.pk}/spendings",
        {"amount": 20, "purpose": "文具", "on": "2025-01-01"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Not enough money: the balance is ¥12.50, this spending ¥20.00.",
        "field": "amount",
    }
    assert balance_of(account) == Decimal("12.50")
    assert LedgerEntry.objects.filter(account=account).count() == 1


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"amount": -5}, 400, "amount"),
        ({"amount": 0}, 400, "amount"),
        ({"amount": "1.005"}, 400, "amount"),
        ({"amount": 100000.01}, 400, "amount"),
        ({"on": "2099-01-01"}, 400, "on"),
        ({"on": "2024-12-31"}, 400, "on"),
        ({"purpose": " "}, 400, "purpose"),
        ({"amount": "abc"}, 400, "amount"),
        ({"amount": "NaN"}, 400, "amount"),
        ({"amount": "1e3"}, 400, "amount"),
        ({"amount": "1_000"}, 400, "amount"),
        ({"on": "2025-02-30"}, 422, None),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    account: PocketMoneyAccount,
    school_helper: User,
    body: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    deposit(school_helper, account, "50")

    response = _post(
        school_helper,
        f"/care/ledgers/{account.pk}/spendings",
        {"amount": "5", "purpose": "文具", "on": "2025-01-01", **body},
    )

    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["field"] == field
        assert response.json()["detail"]
    assert balance_of(account) == Decimal("50.00")
    assert LedgerEntry.objects.filter(account=account).count() == 1


def test_opening_needs_a_surrogate_parent_as_keeper(
    township_worker: User, child: Person, school_helper: User
) -> None:
    pair(township_worker, child, school_helper, role=HelperRole.SUBJECT_TEACHER)

    response = _post(
        township_worker,
        "/care/ledgers",
        {"person_id": child.pk, "keeper_id": school_helper.pk},
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Choose a surrogate parent paired with this child as keeper.",
        "field": "keeper_id",
    }
    assert not PocketMoneyAccount.objects.exists()


def test_a_helper_may_not_open_and_nobody_opens_twice(
    account: PocketMoneyAccount, township_worker: User, child: Person, school_helper: User
) -> None:
    body = {"person_id": child.pk, "keeper_id": school_helper.pk}

    assert _post(school_helper, "/care/ledgers", body).status_code == 403
    twice = _post(township_worker, "/care/ledgers", body)
    assert twice.status_code == 400
    assert twice.json()["detail"] == "张小花 has a pocket-money account already."
    assert PocketMoneyAccount.objects.count() == 1


def test_the_scope_is_the_pages_scope(
    region: Region,
    account: PocketMoneyAccount,
    township_worker: User,
    other_township_worker: User,
    child: Person,
    school_helper: User,
) -> None:
    teacher = factories.user(unit=region.lengqi_school, role=Role.HELPER, username="teacher")
    pair(township_worker, child, teacher, role=HelperRole.SUBJECT_TEACHER)
    path = f"/care/ledgers/{account.pk}"

    for outsider in (other_township_worker, teacher):
        assert _get(outsider, "/care/ledgers").json()["count"] == 0
        for sub in ("", "/entries", "/months"):
            assert _get(outsider, path + sub).status_code == 404
        assert _post(outsider, f"{path}/deposits", {"amount": 1, "source": "x"}).status_code == 404
    assert _get(school_helper, "/care/ledgers").json()["count"] == 1
    assert _get(township_worker, "/care/ledgers").json()["count"] == 1


def test_a_spending_over_the_quota_comes_back_with_a_warning_and_the_months(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    deposit(school_helper, account, "300", on=date(2025, 1, 5))
    spend(school_helper, account, "80", on=date(2025, 1, 20))

    over = _post(
        school_helper,
        f"/care/ledgers/{account.pk}/spendings",
        {"amount": "30", "purpose": "校服", "on": "2025-01-31"},
    )
    february = _post(
        school_helper,
        f"/care/ledgers/{account.pk}/spendings",
        {"amount": "30", "purpose": "车费", "on": "2025-02-01"},
    )

    assert over.json()["over_quota"] is True
    assert over.json()["warning"] == "Spent ¥110.00 in 2025-01, over the monthly quota of ¥100.00."
    assert february.json()["over_quota"] is False
    months = _get(school_helper, f"/care/ledgers/{account.pk}/months").json()
    assert [(m["month"], Decimal(m["spending"]), m["over_quota"]) for m in months] == [
        ("2025-02", Decimal("30.00"), False),
        ("2025-01", Decimal("110.00"), True),
    ]
    assert Decimal(months[0]["closing_balance"]) == Decimal("160.00")
    assert Decimal(months[1]["over_by"]) == Decimal("10.00")
    entries = _get(school_helper, f"/care/ledgers/{account.pk}/entries").json()["items"]
    assert [e["over_quota"] for e in entries] == [False, True, False, False]


def test_a_roster_keeper_changes_the_quota_with_the_version_read(
    account: PocketMoneyAccount, township_worker: User
) -> None:
    path = f"/api/care/ledgers/{account.pk}"
    headers = bearer(township_worker)

    changed = Client().patch(
        path,
        {"version": 1, "monthly_quota": None},
        content_type="application/json",
        headers=headers,
    )
    stale = Client().patch(
        path, {"version": 1, "monthly_quota": "5"}, content_type="application/json", headers=headers
    )

    assert changed.status_code == 200, changed.content
    assert changed.json()["monthly_quota"] is None and changed.json()["version"] == 2
    assert stale.status_code == 409


def _accounts(region: Region, worker: User, keeper: User, count: int) -> None:
    for n in range(count):
        account = open_account(worker, pupil(worker, region.lengqi_school, name=f"李{n}"), keeper)
        deposit(worker, account, "10")


def test_lists_run_as_many_queries_for_50_rows_as_for_1(
    region: Region, township_worker: User, school_helper: User
) -> None:
    headers = bearer(township_worker)
    client = Client()
    _accounts(region, township_worker, school_helper, 1)
    first = PocketMoneyAccount.objects.get()
    client.get("/api/me", headers=headers)  # the token's last-used stamp, written once
    with count_queries() as small:
        client.get("/api/care/ledgers", headers=headers)
        client.get(f"/api/care/ledgers/{first.pk}/entries", headers=headers)
    _accounts(region, township_worker, school_helper, 49)
    for n in range(49):
        spend(township_worker, first, "0.10", on=OPENED + timedelta(days=n))
    with count_queries() as large:
        accounts = client.get("/api/care/ledgers", headers=headers).json()
        entries = client.get(f"/api/care/ledgers/{first.pk}/entries", headers=headers).json()

    assert (accounts["count"], entries["count"]) == (50, 50)
    assert_same_query_count(small, large)

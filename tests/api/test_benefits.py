"""Policy standards, a person's benefits, entitlements and accounts through the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client

from guanai.accounts.models import User
from guanai.benefits.models import Entitlement, PaymentAccount, PolicyRate
from guanai.core.models import AccessLog, AuditAction
from tests.api.benefits_support import call, person, scattered_orphan
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_num_queries, assert_same_query_count, count_queries

ACCOUNT = "6217995610001234567"
# Token, memberships, the unit, the standards in effect (one query) and every version with
# its unit and author (one query), whatever the number of versions.
POLICY_QUERIES = 5


def _policies(client: Client, headers: dict[str, str], unit_id: int, on: str = "") -> dict:
    query = f"?org_unit={unit_id}" + (f"&on={on}" if on else "")
    response = client.get(f"/api/benefits/policies{query}", headers=headers)
    assert response.status_code == 200, response.content
    return {item["item"]: item for item in response.json()}


# --- Policies ------------------------------------------------------------------------------


def test_policies_show_the_national_standards_by_default(
    region: Region, township_worker: User
) -> None:
    items = _policies(Client(), bearer(township_worker), region.lengqi.pk)

    assert len(items) == 14  # with the child rehabilitation relief (issue 12)
    scattered = items["orphan_scattered"]
    assert scattered["amount"] == "600.00"
    assert scattered["display"] == "¥600.00"
    assert scattered["version_id"] is None and scattered["versions"] == []
    assert scattered["kind"] == "monthly"
    assert "600" in scattered["source"]
    # A ratio is read as a percentage, as it is entered.
    assert items["medical_ratio"]["amount"] == "70"
    assert items["medical_ratio"]["display"] == "70%"
    assert items["hospital_day_high"]["amount"] == "17.00"


def test_a_leader_raises_a_standard_from_a_date(region: Region, county_leader: User) -> None:
    headers = bearer(county_leader)
    body = {
        "item": "orphan_scattered",
        "org_unit_id": region.county.pk,
        "effective_from": "2026-07-01",
        "amount": "650.00",
        "note": "县政府2026年第12号文",
    }

    response = call(Client(), "post", "/api/benefits/policies", body, headers)

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["amount"] == "650.00"
    assert created["org_unit"] == {"id": region.county.pk, "name": "泸定县"}
    assert created["note"] == "县政府2026年第12号文"
    # The township below the county gets it from that day on, not the day before.
    after = _policies(Client(), headers, region.lengqi.pk, "2026-07-01")["orphan_scattered"]
    assert after["amount"] == "650.00"
    assert after["version_id"] == created["id"]
    assert "泸定县" in after["source"]
    assert [v["id"] for v in after["versions"]] == [created["id"]]
    before = _policies(Client(), headers, region.lengqi.pk, "2026-06-30")["orphan_scattered"]
    assert before["amount"] == "600.00" and before["version_id"] is None


def test_a_ratio_is_sent_as_a_percentage(region: Region, county_leader: User) -> None:
    body = {
        "item": "medical_ratio",
        "org_unit_id": region.county.pk,
        "effective_from": "2026-01-01",
        "amount": "75",
    }
    response = call(Client(), "post", "/api/benefits/policies", body, bearer(county_leader))
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "75"
    assert PolicyRate.objects.get().amount == Decimal("0.7500")


def test_bad_standards_are_refused_with_the_field(region: Region, county_leader: User) -> None:
    headers = bearer(county_leader)
    base = {
        "item": "orphan_scattered",
        "org_unit_id": region.county.pk,
        "effective_from": "2026-07-01",
        "amount": "650.00",
    }
    cases: list[tuple[dict[str, Any], int, str | None]] = [
        ({"amount": "500.00"}, 400, "amount"),  # below the national standard
        ({"amount": "650.555"}, 400, "amount"),  # past the fen
        ({"amount": "abc"}, 400, "amount"),
        ({"amount": ""}, 400, "amount"),
        ({"item": "medical_ratio", "amount": "120"}, 400, "amount"),
        ({"amount": 650.5}, 422, None),  # a JSON number: the fen may be lost already
        ({"item": "bonus"}, 422, None),
        ({"effective_from": "2026-02-30"}, 422, None),
    ]
    for change, status, field in cases:
        response = call(Client(), "post", "/api/benefits/policies", base | change, headers)
        assert response.status_code == status, (change, response.content)
        if field:
            assert response.json()["field"] == field, change
    assert not PolicyRate.objects.exists()
    # The same standard twice from the same day.
    assert call(Client(), "post", "/api/benefits/policies", base, headers).status_code == 201
    again = call(Client(), "post", "/api/benefits/policies", base, headers)
    assert again.status_code == 400 and again.json()["field"] == "effective_from"


def test_only_leaders_set_standards_and_only_in_their_scope(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    prefecture_viewer: User,
    school_helper: User,
) -> None:
    body = {
        "item": "sunshine_home",
        "org_unit_id": region.lengqi.pk,
        "effective_from": "2026-01-01",
        "amount": "80.00",
    }
    for account, status in [
        (township_worker, 403),
        (prefecture_viewer, 403),
        (school_helper, 403),  # no benefits at all for helpers
        (other_township_worker, 404),
    ]:
        response = call(Client(), "post", "/api/benefits/policies", body, bearer(account))
        assert response.status_code == status, account.username
    assert not PolicyRate.objects.exists()
    other = Client().get(
        f"/api/benefits/policies?org_unit={region.lengqi.pk}",
        headers=bearer(other_township_worker),
    )
    assert other.status_code == 404
    helper = Client().get(
        f"/api/benefits/policies?org_unit={region.lengqi.pk}", headers=bearer(school_helper)
    )
    assert helper.status_code == 403


def test_policy_list_queries_do_not_grow_with_versions(region: Region, county_leader: User) -> None:
    headers = bearer(county_leader)
    url = f"/api/benefits/policies?org_unit={region.lengqi.pk}"

    def add_versions(count: int, start: int) -> None:
        PolicyRate.objects.bulk_create(
            PolicyRate(
                item="orphan_scattered",
                org_unit=region.county,
                effective_from=date(2020, 1, 1) + timedelta(days=start + n),
                amount=Decimal(600 + start + n),
                created_by=county_leader,
            )
            for n in range(count)
        )

    add_versions(1, 0)
    Client().get(url, headers=headers)  # the token's first use stamps it
    with count_queries() as small, assert_num_queries(POLICY_QUERIES):
        response = Client().get(url, headers=headers)
    assert len(response.json()[1]["versions"]) == 1
    add_versions(49, 1)
    with count_queries() as large:
        response = Client().get(url, headers=headers)
    assert len(response.json()[1]["versions"]) == 50
    assert_same_query_count(small, large)


# --- A person's benefits ------------------------------------------------------------------


def test_a_persons_benefits_say_what_why_and_where(region: Region, township_worker: User) -> None:
    orphan = scattered_orphan(region.ganlusi)
    PaymentAccount.objects.create(
        person=orphan, bank="泸定县农村信用合作联社", account_number=ACCOUNT, holder="王奶奶"
    )

    response = Client().get(f"/api/persons/{orphan.pk}/benefits", headers=bearer(township_worker))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["person"] == {"id": orphan.pk, "name": "王小芳"}
    assert body["org_unit"] == {"id": region.ganlusi.pk, "name": "甘露寺村"}
    assert [(b["item"], b["amount"], b["rate"]) for b in body["benefits"]] == [
        ("orphan_scattered", "600.00", "600.00")
    ]
    assert body["benefits"][0]["reason"]
    assert body["monthly_total"] == "600.00"
    assert body["gaps"] == []
    assert body["payment_account"]["account_masked"] == "****4567"
    assert body["payment_account"]["holder"] == "王奶奶"
    assert ACCOUNT not in response.content.decode()
    # What a person is paid and where is sensitive: the read is logged.
    assert AccessLog.objects.filter(
        action=AuditAction.READ, object_id=str(orphan.pk), user=township_worker
    ).exists()


def test_an_orphan_without_support_mode_is_a_gap_not_silence(
    region: Region, township_worker: User
) -> None:
    orphan = person(region.ganlusi, "李小明", ("orphan", {}))
    response = Client().get(f"/api/persons/{orphan.pk}/benefits", headers=bearer(township_worker))
    body = response.json()
    assert body["benefits"] == [] and body["monthly_total"] == "0.00"
    assert len(body["gaps"]) == 1
    assert body["payment_account"] is None


def test_benefits_on_a_day_before_the_category(region: Region, township_worker: User) -> None:
    orphan = scattered_orphan(region.ganlusi)
    url = f"/api/persons/{orphan.pk}/benefits?on=2024-08-31"
    body = Client().get(url, headers=bearer(township_worker)).json()
    assert body["on"] == "2024-08-31" and body["benefits"] == []
    bad = Client().get(
        f"/api/persons/{orphan.pk}/benefits?on=2024-13-01", headers=bearer(township_worker)
    )
    assert bad.status_code == 422


def test_benefits_are_for_the_roster_roles_of_the_unit(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    prefecture_viewer: User,
    school_helper: User,
) -> None:
    orphan = scattered_orphan(region.ganlusi)
    url = f"/api/persons/{orphan.pk}/benefits"
    assert Client().get(url, headers=bearer(prefecture_viewer)).status_code == 200
    assert Client().get(url, headers=bearer(other_township_worker)).status_code == 404
    assert Client().get(url, headers=bearer(school_helper)).status_code == 403
    assert (
        Client().get("/api/persons/999999/benefits", headers=bearer(township_worker)).status_code
        == 404
    )


# --- Entitlements -------------------------------------------------------------------------


def test_a_worker_grants_and_ends_the_one_child_aid(region: Region, township_worker: User) -> None:
    parent = person(region.ganlusi, "赵德明")
    headers = bearer(township_worker)
    body = {
        "item": "one_child_aid",
        "quantity": 2,
        "started_on": "2025-01-01",
        "reason": "独生子女伤残，无其他子女",
    }

    granted = call(Client(), "post", f"/api/persons/{parent.pk}/entitlements", body, headers)

    assert granted.status_code == 201, granted.content
    entry = granted.json()
    assert (entry["item"], entry["quantity"], entry["ended_on"]) == ("one_child_aid", 2, None)
    assert entry["granted_by"] == township_worker.get_full_name()
    benefits = Client().get(f"/api/persons/{parent.pk}/benefits", headers=headers).json()
    assert [(b["item"], b["quantity"], b["amount"]) for b in benefits["benefits"]] == [
        ("one_child_aid", 2, "220.00")
    ]
    assert benefits["benefits"][0]["entitlement_id"] == entry["id"]
    assert [e["id"] for e in benefits["entitlements"]] == [entry["id"]]

    ended = call(
        Client(),
        "post",
        f"/api/entitlements/{entry['id']}/end",
        {"ended_on": "2025-06-30"},
        headers,
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["ended_on"] == "2025-06-30"
    again = call(
        Client(),
        "post",
        f"/api/entitlements/{entry['id']}/end",
        {"ended_on": "2025-07-31"},
        headers,
    )
    assert again.status_code == 400
    assert Entitlement.objects.get().ended_on == date(2025, 6, 30)


def test_bad_entitlements_are_refused(region: Region, township_worker: User) -> None:
    parent = person(region.ganlusi, "赵德明")
    headers = bearer(township_worker)
    url = f"/api/persons/{parent.pk}/entitlements"
    base = {"item": "one_child_aid", "quantity": 1, "started_on": "2025-01-01", "reason": "伤残"}
    cases: list[tuple[dict[str, Any], int, str | None]] = [
        ({"item": "orphan_scattered"}, 400, "item"),  # derived from categories, not granted
        ({"reason": "  "}, 400, "reason"),
        ({"quantity": 0}, 422, None),
        ({"item": "medical_ratio"}, 422, None),
        ({"started_on": "soon"}, 422, None),
    ]
    for change, status, field in cases:
        response = call(Client(), "post", url, base | change, headers)
        assert response.status_code == status, (change, response.content)
        if field:
            assert response.json()["field"] == field
    assert not Entitlement.objects.exists()
    assert call(Client(), "post", url, base, headers).status_code == 201
    overlapping = call(Client(), "post", url, base | {"started_on": "2025-03-01"}, headers)
    assert overlapping.status_code == 400 and overlapping.json()["field"] == "started_on"


def test_viewers_and_other_townships_cannot_touch_entitlements(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    prefecture_viewer: User,
) -> None:
    parent = person(region.ganlusi, "赵德明")
    body = {"item": "one_child_aid", "quantity": 1, "started_on": "2025-01-01", "reason": "伤残"}
    url = f"/api/persons/{parent.pk}/entitlements"
    assert call(Client(), "post", url, body, bearer(prefecture_viewer)).status_code == 403
    assert call(Client(), "post", url, body, bearer(other_township_worker)).status_code == 404
    entry = call(Client(), "post", url, body, bearer(township_worker)).json()
    end = f"/api/entitlements/{entry['id']}/end"
    stop = {"ended_on": "2025-02-28"}
    assert call(Client(), "post", end, stop, bearer(prefecture_viewer)).status_code == 403
    assert call(Client(), "post", end, stop, bearer(other_township_worker)).status_code == 404
    assert Entitlement.objects.get().ended_on is None


# --- Payment accounts ---------------------------------------------------------------------


def test_a_worker_records_and_replaces_the_account(region: Region, township_worker: User) -> None:
    orphan = scattered_orphan(region.ganlusi)
    headers = bearer(township_worker)
    url = f"/api/persons/{orphan.pk}/payment-account"
    body = {"bank": "泸定县农村信用合作联社", "account_number": ACCOUNT, "holder": "王奶奶"}

    response = call(Client(), "put", url, body, headers)

    assert response.status_code == 200, response.content
    assert response.json()["account_masked"] == "****4567"
    assert ACCOUNT not in response.content.decode()
    changed = call(Client(), "put", url, body | {"account_number": "6228480012345678"}, headers)
    assert changed.json()["account_masked"] == "****5678"
    account = PaymentAccount.objects.get()
    assert account.account_number == "6228480012345678"


def test_bad_accounts_and_forbidden_callers_are_refused(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    prefecture_viewer: User,
) -> None:
    orphan = scattered_orphan(region.ganlusi)
    url = f"/api/persons/{orphan.pk}/payment-account"
    body = {"bank": "泸定县农村信用合作联社", "account_number": ACCOUNT, "holder": "王奶奶"}
    headers = bearer(township_worker)
    for change, status, field in [
        ({"account_number": "6217-99AB"}, 400, "account_number"),
        ({"account_number": "1234"}, 400, "account_number"),
        ({"bank": " "}, 400, "bank"),
        ({"holder": ""}, 400, "holder"),
        ({"account_number": "1" * 31}, 422, None),
    ]:
        response = call(Client(), "put", url, body | change, headers)
        assert response.status_code == status, (change, response.content)
        if field:
            assert response.json()["field"] == field
    assert call(Client(), "put", url, body, bearer(prefecture_viewer)).status_code == 403
    assert call(Client(), "put", url, body, bearer(other_township_worker)).status_code == 404
    assert not PaymentAccount.objects.exists()

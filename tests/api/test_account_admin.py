"""Administration through the API (issue 12, point 18): the audit log for the auditor,
accounts for the system administrator within its limits, the two-person rule for roles,
lockouts for the security administrator."""

from __future__ import annotations

import io
from pathlib import Path

from django.test import Client
from python_calamine import CalamineWorkbook

from guanai.accounts import services
from guanai.accounts.models import ApiToken, Membership, MembershipStatus, Role, User
from guanai.core.audit import access_log, export_logged
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.importing import roster_import
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

ROSTER = Path(__file__).resolve().parents[1] / "data" / "roster_messy.xlsx"


def _zh(account: User) -> dict[str, str]:
    headers = bearer(account)
    del headers["Accept-Language"]
    return headers


# --- audit log -------------------------------------------------------------------------


def test_auditor_reads_the_audit_log_with_the_page_filters(
    county_auditor: User, township_worker: User, other_township_worker: User
) -> None:
    export_logged(user=township_worker, what="contact_cards", rows=3)
    access_log(user=other_township_worker, action=AuditAction.READ, object_repr="兴隆档案")
    client, headers = Client(), _zh(county_auditor)

    body = client.get("/api/audit/entries?action=export", headers=headers).json()

    assert body["count"] == 1
    [entry] = body["items"]
    assert (entry["user"], entry["action"], entry["object"]) == (
        "township_worker",
        "导出",
        "联系卡",
    )
    body = client.get("/api/audit/entries?user=xinglong", headers=headers).json()
    assert [e["object"] for e in body["items"]] == ["兴隆档案"]


def test_change_log_through_the_api_after_a_roster_import(
    region: Region, township_worker: User, county_auditor: User
) -> None:
    roster_import(ROSTER, acting_user=township_worker, org_unit=region.lengqi)

    response = Client().get("/api/audit/entries?source=changes", headers=_zh(county_auditor))

    assert response.status_code == 200
    details = [e["detail"] for e in response.json()["items"]]
    assert any("：— → 张三" in d for d in details)


def test_audit_api_is_for_the_auditor_only(
    county_sysadmin: User, township_worker: User, county_leader: User
) -> None:
    for account in (county_sysadmin, township_worker, county_leader):
        for url in ("/api/audit/entries", "/api/audit/export", "/api/audit/accounts"):
            response = Client().get(url, headers=_zh(account))
            assert response.status_code == 403, (account.username, url)
            assert response.json()["detail"] == "您的角色无权使用此功能。"


def test_bad_audit_filters_are_refused_with_a_message(county_auditor: User) -> None:
    client, headers = Client(), _zh(county_auditor)
    response = client.get(
        "/api/audit/entries?date_from=2026-11-20&date_to=2026-11-01", headers=headers
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "截止日期早于起始日期。"
    response = client.get("/api/audit/entries?action=drop_table", headers=headers)
    assert response.status_code == 400
    assert response.json()["field"] == "action"
    assert client.get("/api/audit/entries?date_from=0", headers=headers).status_code == 422


def test_audit_export_is_an_xlsx_and_is_audited(
    county_auditor: User, township_worker: User
) -> None:
    access_log(user=township_worker, action=AuditAction.EXPORT, object_repr="=HYPERLINK(1)")

    response = Client().get("/api/audit/export?action=export", headers=_zh(county_auditor))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    cells = [str(c) for row in sheet.to_python() for c in row]
    assert "'=HYPERLINK(1)" in cells
    export = AccessLog.objects.get(action=AuditAction.EXPORT, user=county_auditor)
    assert export.detail["filters"] == {"source": "access", "action": "export"}


def test_audit_entries_run_a_fixed_number_of_queries(
    county_auditor: User, township_worker: User
) -> None:
    headers = bearer(county_auditor)
    access_log(user=township_worker, action=AuditAction.READ, object_repr="档案0")
    Client().get("/api/audit/entries", headers=headers)  # the token's first use is noted
    with count_queries() as small:
        Client().get("/api/audit/entries", headers=headers)
    for n in range(1, 50):
        access_log(user=township_worker, action=AuditAction.READ, object_repr=f"档案{n}")
    with count_queries() as large:
        body = Client().get("/api/audit/entries", headers=headers).json()
    assert body["count"] >= 50
    assert_same_query_count(small, large)


# --- accounts and the two-person rule ------------------------------------------------------


def test_sysadmin_creates_an_account_whose_data_role_waits(
    region: Region, county_sysadmin: User, county_leader: User, county_auditor: User
) -> None:
    client = Client()
    # Given the system administrator creates a worker through the API
    response = client.post(
        "/api/users",
        {
            "username": "api_clerk",
            "full_name": "王芳",
            "org_unit_id": region.lengqi.pk,
            "role": "worker",
        },
        content_type="application/json",
        headers=_zh(county_sysadmin),
    )
    assert response.status_code == 201
    body = response.json()
    account = User.objects.get(username="api_clerk")
    assert account.check_password(body["one_time_password"])
    assert account.must_change_password
    [membership] = body["memberships"]
    assert (membership["status"], membership["status_label"]) == ("pending", "待审批")
    # When the system administrator tries to approve it, it is refused
    decide = f"/api/memberships/{membership['id']}/decision"
    response = client.post(
        decide,
        {"decision": "approve"},
        content_type="application/json",
        headers=_zh(county_sysadmin),
    )
    assert response.status_code == 403
    # Then the leader sees it waiting and approves it
    waiting = client.get("/api/memberships/awaiting", headers=_zh(county_leader)).json()
    assert [m["username"] for m in waiting["items"]] == ["api_clerk"]
    assert waiting["items"][0]["requested_by"] == "county_sysadmin"
    response = client.post(
        decide,
        {"decision": "approve"},
        content_type="application/json",
        headers=_zh(county_leader),
    )
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    # And the auditor's report names both steps
    report = client.get("/api/audit/accounts", headers=_zh(county_auditor)).json()
    actions = [(e["user"], e["action"], e["object"]) for e in report["items"]]
    assert ("county_leader", "批准角色", "api_clerk") in actions
    assert ("county_sysadmin", "申请角色", "api_clerk") in actions
    assert ("county_sysadmin", "创建账户", "王芳（api_clerk）") in actions


def test_sysadmin_reset_through_the_api_suspends_data_roles_and_tokens(
    county_sysadmin: User, township_worker: User
) -> None:
    _token, key = services.api_token_create(user=township_worker, name="脚本")

    response = Client().post(
        f"/api/users/{township_worker.pk}/password-reset", headers=_zh(county_sysadmin)
    )

    assert response.status_code == 200
    township_worker.refresh_from_db()
    assert township_worker.check_password(response.json()["one_time_password"])
    assert township_worker.must_change_password
    assert not ApiToken.objects.filter(user=township_worker, revoked_at__isnull=True).exists()
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert Membership.objects.get(user=township_worker).status == MembershipStatus.PENDING


def test_account_administration_stays_within_the_sysadmins_limits(
    region: Region, county_auditor: User, other_township_worker: User, township_worker: User
) -> None:
    township_admin = factories.user(unit=region.lengqi, role=Role.SYSADMIN)
    client, headers = Client(), _zh(township_admin)
    # Accounts of another township, and the auditor, are not found
    for account in (other_township_worker, county_auditor):
        assert client.get(f"/api/users/{account.pk}", headers=headers).status_code == 404
        response = client.post(f"/api/users/{account.pk}/password-reset", headers=headers)
        assert response.status_code == 404
    # No account in another township, nor an auditor
    response = client.post(
        "/api/users",
        {"username": "x1", "full_name": "外", "org_unit_id": region.xinglong.pk, "role": "worker"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 404
    response = client.post(
        "/api/users",
        {"username": "x2", "full_name": "审", "org_unit_id": region.lengqi.pk, "role": "auditor"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    assert not User.objects.filter(username__in=["x1", "x2"]).exists()
    # Deactivating (locking out) an account it manages works, and is shown
    response = client.put(
        f"/api/users/{township_worker.pk}",
        {"full_name": "离职", "is_active": False},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    # A worker may not administer accounts at all
    assert client.get("/api/users", headers=_zh(other_township_worker)).status_code == 403


def test_leader_gives_a_role_directly_and_sysadmin_asks_for_it(
    region: Region, county_sysadmin: User, county_leader: User, township_worker: User
) -> None:
    client = Client()
    url = f"/api/users/{township_worker.pk}/memberships"
    by_leader = client.post(
        url,
        {"org_unit_id": region.lengqi_school.pk, "role": "helper"},
        content_type="application/json",
        headers=_zh(county_leader),
    )
    by_admin = client.post(
        url,
        {"org_unit_id": region.lengqi_school.pk, "role": "viewer"},
        content_type="application/json",
        headers=_zh(county_sysadmin),
    )
    assert (by_leader.status_code, by_leader.json()["status"]) == (201, "active")
    assert (by_admin.status_code, by_admin.json()["status"]) == (201, "pending")


def test_account_list_runs_a_fixed_number_of_queries(region: Region, county_sysadmin: User) -> None:
    headers = bearer(county_sysadmin)
    factories.user(unit=region.lengqi, role=Role.WORKER)
    Client().get("/api/users", headers=headers)  # the token's first use is noted
    with count_queries() as small:
        Client().get("/api/users", headers=headers)
    for _n in range(49):
        factories.user(unit=region.lengqi_school, role=Role.HELPER)
    with count_queries() as large:
        body = Client().get("/api/users?page_size=100", headers=headers).json()
    assert body["count"] >= 50
    assert_same_query_count(small, large)


def test_security_admin_lifts_a_lockout_through_the_api(
    county_secadmin: User, township_worker: User
) -> None:
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "township_worker", "password": "wrong"})
    client, headers = Client(), _zh(county_secadmin)

    locked = client.get("/api/lockouts", headers=headers).json()
    assert [a["username"] for a in locked] == ["township_worker"]
    assert client.delete("/api/lockouts/township_worker", headers=headers).status_code == 204
    assert client.get("/api/lockouts", headers=headers).json() == []
    assert client.delete("/api/lockouts/nobody", headers=headers).status_code == 404
    assert AccessLog.objects.filter(action=AuditAction.UNLOCK, user=county_secadmin).exists()

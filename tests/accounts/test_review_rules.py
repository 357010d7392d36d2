"""Rules that keep administrators in their lane: who manages whom, forced password change
through the API, token revocation, unit deactivation, unattributed audit rows."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from guanai.accounts import scoping, services
from guanai.accounts.models import ApiToken, Membership, Role, User
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.ops.demo import demo_build
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


def test_sysadmin_cannot_manage_the_auditor_or_security_admin(
    county_sysadmin: User, county_auditor: User, county_secadmin: User
) -> None:
    client = logged_in(county_sysadmin)
    for watcher in (county_auditor, county_secadmin):
        url = reverse("accounts:user_detail", args=[watcher.pk])
        assert client.get(url).status_code == 404
        with pytest.raises(PermissionRefused):
            services.password_reset(acting_user=county_sysadmin, user=watcher)
        assert watcher.check_password(factories.PASSWORD)


def test_sysadmin_cannot_create_an_auditor(region: Region, county_sysadmin: User) -> None:
    with pytest.raises(PermissionRefused):
        services.account_create(
            acting_user=county_sysadmin,
            username="fake_auditor",
            full_name="假审计",
            org_unit=region.county,
            role=Role.AUDITOR,
        )
    assert not User.objects.filter(username="fake_auditor").exists()


def test_account_with_a_role_above_is_not_managed_from_below(
    region: Region, county_leader: User
) -> None:
    factories.grant(county_leader, region.lengqi, Role.WORKER)
    township_admin = factories.user(unit=region.lengqi, role=Role.SYSADMIN)
    assert county_leader not in scoping.users_managed(township_admin)
    with pytest.raises(PermissionRefused):
        services.user_update(
            acting_user=township_admin, user=county_leader, full_name="x", is_active=False
        )
    county_leader.refresh_from_db()
    assert county_leader.is_active


def test_worker_opening_a_user_of_another_township_gets_404(
    township_worker: User, other_township_worker: User
) -> None:
    url = reverse("accounts:user_detail", args=[other_township_worker.pk])
    assert logged_in(township_worker).get(url).status_code == 404


def test_initial_password_cannot_be_skipped_through_the_api(region: Region) -> None:
    account = factories.user(unit=region.lengqi, role=Role.WORKER, must_change_password=True)
    client = logged_in(account)
    response = client.get("/api/me")
    assert response.status_code == 403
    _token, key = services.api_token_create(user=account, name="旧脚本")
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 403
    assert "修改密码" in response.json()["detail"]


def test_admin_password_reset_revokes_tokens_and_is_audited(
    county_sysadmin: User, township_worker: User
) -> None:
    _token, key = services.api_token_create(user=township_worker, name="脚本")
    services.password_reset(acting_user=county_sysadmin, user=township_worker)
    assert services.api_token_authenticate(key) is None
    assert not ApiToken.objects.filter(user=township_worker, revoked_at__isnull=True).exists()
    entry = AccessLog.objects.get(action=AuditAction.PASSWORD_RESET)
    assert entry.user == county_sysadmin
    assert entry.object_id == str(township_worker.pk)


def _deactivate(admin: User, unit: OrgUnit) -> None:
    services.org_unit_edit(
        acting_user=admin,
        unit=unit,
        version=unit.version,
        name=unit.name,
        code=unit.code,
        is_active=False,
    )


def test_sysadmin_cannot_deactivate_own_unit(region: Region, county_sysadmin: User) -> None:
    with pytest.raises(PermissionRefused):
        _deactivate(county_sysadmin, region.county)
    region.county.refresh_from_db()
    assert region.county.is_active


def test_units_are_deactivated_bottom_up(region: Region, county_sysadmin: User) -> None:
    with pytest.raises(ValidationFailed):
        _deactivate(county_sysadmin, region.lengqi)
    _deactivate(county_sysadmin, region.ganlusi)
    _deactivate(county_sysadmin, region.lengqi_school)
    region.lengqi.refresh_from_db()
    _deactivate(county_sysadmin, region.lengqi)
    region.lengqi.refresh_from_db()
    assert not region.lengqi.is_active


def test_unit_holding_an_administrator_is_not_deactivated(
    region: Region, county_sysadmin: User
) -> None:
    factories.user(unit=region.ganlusi, role=Role.AUDITOR)
    with pytest.raises(ValidationFailed):
        _deactivate(county_sysadmin, region.ganlusi)


def test_county_auditor_sees_failed_logins_for_unknown_names(
    region: Region, county_auditor: User
) -> None:
    Client().post("/accounts/login/", {"username": "guess_admin", "password": "x"})
    township_auditor = factories.user(unit=region.lengqi, role=Role.AUDITOR)
    url = reverse("accounts:audit_log")
    assert "guess_admin" in logged_in(county_auditor).get(url).content.decode()
    assert "guess_admin" not in logged_in(township_auditor).get(url).content.decode()


def test_township_auditor_sees_own_township_only(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    auditor = factories.user(unit=region.lengqi, role=Role.AUDITOR)
    access_log(user=township_worker, action=AuditAction.EXPORT, object_repr="冷碛花名册")
    access_log(user=other_township_worker, action=AuditAction.EXPORT, object_repr="兴隆花名册")
    page = logged_in(auditor).get(reverse("accounts:audit_log")).content.decode()
    assert "冷碛花名册" in page
    assert "兴隆花名册" not in page


def test_audit_pages_accept_no_writes(county_auditor: User) -> None:
    client = logged_in(county_auditor)
    assert client.post(reverse("accounts:audit_log"), {"delete": "1"}).status_code == 405
    assert client.post(reverse("accounts:audit_export")).status_code == 405


def test_oversized_audit_export_asks_for_a_narrower_filter(
    county_auditor: User, township_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("guanai.accounts.audit_log.EXPORT_LIMIT", 2)
    for n in range(3):
        access_log(user=township_worker, action=AuditAction.READ, object_repr=f"档案{n}")
    response = logged_in(county_auditor).get(reverse("accounts:audit_export"), follow=True)
    assert "请缩小" in response.content.decode()
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_data_subtree_q_limits_records_to_data_roles(
    region: Region, township_worker: User, county_sysadmin: User
) -> None:
    # Memberships stand in for "records with an org unit" until persons exist.
    factories.user(unit=region.xinglong, role=Role.WORKER)
    mine = Membership.objects.filter(scoping.data_subtree_q(township_worker))
    assert {m.org_unit for m in mine} == {region.lengqi}
    assert not Membership.objects.filter(scoping.data_subtree_q(county_sysadmin)).exists()


def test_home_runs_a_fixed_number_of_queries_whatever_the_memberships(
    region: Region,
) -> None:
    account = factories.user(unit=region.lengqi_school, role=Role.WORKER)
    client = logged_in(account)
    with count_queries() as one:
        client.get("/")
    for n in range(4):
        village = factories.org_unit(parent=region.xinglong, kind=OrgKind.VILLAGE, name=f"村{n}")
        factories.grant(account, village, Role.WORKER)
    with count_queries() as five:
        page = client.get("/").content.decode()
    assert "村3" in page
    assert_same_query_count(one, five)


def test_create_admin_makes_the_watchers(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    demo_build(roster=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Watcher-pass-1")
    call_command(
        "create_admin", org_code="513322", username="sec2", full_name="安全", role="secadmin"
    )
    assert scoping.roles(User.objects.get(username="sec2")) == {Role.SECADMIN}

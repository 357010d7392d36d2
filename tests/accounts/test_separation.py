"""Separation of duties (issue 12, point 2): the system administrator reaches no personal
data, not even through an account it created or whose password it reset."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from guanai.accounts import scoping, services
from guanai.accounts.models import Membership, MembershipStatus, Role, User
from guanai.core.errors import PermissionRefused
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.models import Person
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

NEW_PASSWORD = "Chosen-by-me-2027"


@pytest.fixture
def pupil(region: Region, township_worker: User) -> Person:
    return factories.pupil(township_worker, region.lengqi_school, "张小明", 1)


def _one_time_password(response: object) -> str:
    page = response.content.decode()  # type: ignore[attr-defined]
    found = re.search(r'data-testid="one-time-password">([^<]+)<', page)
    assert found, page
    return found.group(1)


def _log_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()
    return client


def _change_password(client: Client, old: str) -> None:
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )
    assert response.status_code == 302


def _reveal(client: Client, person: Person) -> tuple[int, str]:
    response = client.post(
        f"/api/persons/{person.pk}/reveal",
        {"purpose": "核对身份"},
        content_type="application/json",
    )
    return response.status_code, response.content.decode()


def test_account_made_by_the_sysadmin_reaches_no_person_until_a_leader_approves(
    region: Region, county_sysadmin: User, county_leader: User, pupil: Person
) -> None:
    # Given the system administrator creates a worker account: it is shown a one-time
    # password and chooses none
    response = logged_in(county_sysadmin).post(
        reverse("accounts:user_create"),
        {
            "username": "lengqi_clerk",
            "full_name": "王芳",
            "org_unit": region.lengqi.pk,
            "role": "worker",
            "password": "Chosen-by-admin-1",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    otp = _one_time_password(response)
    account = User.objects.get(username="lengqi_clerk")
    assert not account.check_password("Chosen-by-admin-1")
    assert account.check_password(otp)
    assert account.must_change_password
    assert "审批后才生效" in response.content.decode()

    # When it logs in with the one-time password, nothing but the password change opens
    client = _log_in("lengqi_clerk", otp)
    person_page = reverse("registry:person_detail", args=[pupil.pk])
    assert client.get(person_page)["Location"] == reverse("accounts:password_change")
    assert client.get(reverse("accounts:tokens"))["Location"] == reverse("accounts:password_change")
    assert client.get("/api/persons").status_code == 403
    assert _reveal(client, pupil)[0] == 403
    assert (
        client.post("/api/tokens", {"name": "x"}, content_type="application/json").status_code
        == 403
    )

    # And after changing the password itself, the role still waits: no person is reachable
    _change_password(client, otp)
    assert client.get(person_page).status_code == 404
    status, body = _reveal(client, pupil)
    assert status == 404
    assert pupil.id_number not in body
    assert pupil.name not in client.get(reverse("registry:person_list")).content.decode()
    home = client.get("/").content.decode()
    assert "待本单位负责人或安全管理员审批" in home
    assert "您还没有角色" not in home

    # Then only a leader's approval opens the unit's persons
    membership = Membership.objects.get(user=account)
    approve = reverse("accounts:role_decide", args=[membership.pk])
    assert logged_in(county_sysadmin).post(approve, {"decision": "approve"}).status_code == 403
    assert logged_in(county_leader).post(approve, {"decision": "approve"}).status_code == 302
    status, body = _reveal(client, pupil)
    assert status == 200
    assert pupil.id_number in body


def test_a_reset_password_reopens_no_person_without_a_second_person(
    region: Region,
    county_sysadmin: User,
    county_secadmin: User,
    township_worker: User,
    pupil: Person,
) -> None:
    # Given the system administrator resets a worker's password
    response = logged_in(county_sysadmin).post(
        reverse("accounts:user_detail", args=[township_worker.pk]), {"form": "password"}
    )
    otp = _one_time_password(response)
    assert not township_worker.__class__.objects.get(pk=township_worker.pk).check_password(
        factories.PASSWORD
    )
    # When it logs in as the worker and chooses a password of its own
    client = _log_in("township_worker", otp)
    assert _reveal(client, pupil)[0] == 403
    _change_password(client, otp)
    # Then the worker's role waits for approval and no number is revealed
    status, body = _reveal(client, pupil)
    assert status == 404
    assert pupil.id_number not in body
    membership = Membership.objects.get(user=township_worker)
    assert membership.status == MembershipStatus.PENDING
    # Until the security administrator approves it
    page = logged_in(county_secadmin).get(reverse("accounts:role_approvals")).content.decode()
    assert "township_worker" in page
    logged_in(county_secadmin).post(
        reverse("accounts:role_decide", args=[membership.pk]), {"decision": "approve"}
    )
    assert _reveal(client, pupil)[0] == 200


def test_sysadmin_cannot_approve_nor_grant_directly(region: Region, county_sysadmin: User) -> None:
    account, _otp = services.account_create(
        acting_user=county_sysadmin,
        username="clerk",
        full_name="李",
        org_unit=region.lengqi,
        role=Role.WORKER,
    )
    membership = Membership.objects.get(user=account)
    assert membership.status == MembershipStatus.PENDING
    assert not scoping.memberships_awaiting(county_sysadmin).exists()
    with pytest.raises(PermissionRefused):
        services.membership_approve(acting_user=county_sysadmin, membership=membership)
    # A second sysadmin role does not help: approval is for leaders and security admins.
    other_admin = factories.user(unit=region.county, role=Role.SYSADMIN)
    with pytest.raises(PermissionRefused):
        services.membership_approve(acting_user=other_admin, membership=membership)
    assert not scoping.can_see_beneficiary_data(account)


def test_a_leader_cannot_approve_a_role_they_asked_for_or_their_own(
    region: Region, county_leader: User, county_secadmin: User, county_sysadmin: User
) -> None:
    services.password_reset(acting_user=county_sysadmin, user=county_leader)
    own = Membership.objects.get(user=county_leader)
    assert own.status == MembershipStatus.PENDING
    with pytest.raises(PermissionRefused):
        services.membership_approve(acting_user=county_leader, membership=own)
    services.membership_approve(acting_user=county_secadmin, membership=own)
    own.refresh_from_db()
    assert own.status == MembershipStatus.ACTIVE


def test_a_leader_gives_a_data_role_directly_in_their_units_only(
    region: Region, county_sysadmin: User, other_township_worker: User
) -> None:
    township_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    account, _otp = services.account_create(
        acting_user=county_sysadmin,
        username="helper1",
        full_name="赵老师",
        org_unit=region.lengqi_school,
        role=Role.HELPER,
    )
    client = logged_in(township_leader)
    url = reverse("accounts:role_approvals")
    response = client.post(
        url, {"username": "helper1", "org_unit": region.lengqi_school.pk, "role": "worker"}
    )
    assert response.status_code == 302
    granted = Membership.objects.get(user=account, role=Role.WORKER)
    assert (granted.status, granted.decided_by) == (MembershipStatus.ACTIVE, township_leader)
    # Not in another township, nor to an account of another township
    response = client.post(
        url, {"username": "helper1", "org_unit": region.xinglong.pk, "role": "worker"}
    )
    assert response.status_code == 200
    response = client.post(
        url, {"username": "xinglong_worker", "org_unit": region.lengqi.pk, "role": "worker"}
    )
    assert "没有这个用户名的账户" in response.content.decode()
    assert not Membership.objects.filter(user=other_township_worker, org_unit=region.lengqi)


def test_refused_role_gives_nothing(
    region: Region, county_sysadmin: User, county_leader: User
) -> None:
    account, _otp = services.account_create(
        acting_user=county_sysadmin,
        username="clerk",
        full_name="李",
        org_unit=region.lengqi,
        role=Role.WORKER,
    )
    membership = Membership.objects.get(user=account)
    logged_in(county_leader).post(
        reverse("accounts:role_decide", args=[membership.pk]), {"decision": "reject"}
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert not scoping.can_see_beneficiary_data(account)
    # The sysadmin may ask again; it waits again
    services.membership_grant(
        acting_user=county_sysadmin, user=account, org_unit=region.lengqi, role=Role.WORKER
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_auditor_sees_every_creation_grant_approval_and_reset_in_one_report(
    region: Region,
    county_sysadmin: User,
    county_leader: User,
    county_auditor: User,
    township_worker: User,
) -> None:
    account, _otp = services.account_create(
        acting_user=county_sysadmin,
        username="clerk",
        full_name="李",
        org_unit=region.lengqi,
        role=Role.WORKER,
    )
    membership = Membership.objects.get(user=account)
    services.membership_approve(acting_user=county_leader, membership=membership)
    services.password_reset(acting_user=county_sysadmin, user=township_worker)
    other, _otp = services.account_create(
        acting_user=county_sysadmin,
        username="clerk2",
        full_name="周",
        org_unit=region.xinglong,
        role=Role.HELPER,
    )

    page = logged_in(county_auditor).get(reverse("accounts:audit_accounts")).content.decode()

    for label in ("创建账户", "申请角色", "批准角色", "管理员重设密码"):
        assert label in page, label
    assert "冷碛镇 · 工作人员" in page
    assert "clerk2" in page  # waiting for approval
    assert "county_sysadmin" in page and "county_leader" in page
    actions = set(AccessLog.objects.values_list("action", flat=True))
    assert {
        AuditAction.ACCOUNT_CREATE,
        AuditAction.ROLE_REQUEST,
        AuditAction.ROLE_APPROVE,
        AuditAction.PASSWORD_RESET,
    } <= actions
    # Only the auditor reads it
    assert logged_in(county_sysadmin).get(reverse("accounts:audit_accounts")).status_code == 403
    assert other.must_change_password


def test_home_tells_the_leader_what_waits_and_names_codes_for_the_auditor(
    region: Region, county_sysadmin: User, county_leader: User, county_auditor: User
) -> None:
    services.account_create(
        acting_user=county_sysadmin,
        username="clerk",
        full_name="李",
        org_unit=region.lengqi,
        role=Role.WORKER,
    )
    # The leader's today lists the role as a task that opens the approvals.
    page = logged_in(county_leader).get(reverse("home")).content.decode()
    assert 'data-kind="role"' in page
    assert f'href="{reverse("accounts:role_approvals")}"' in page
    assert "李" in page
    page = logged_in(county_auditor).get(reverse("home")).content.decode()
    assert "创建账户" in page
    assert "account_create" not in page


def test_approval_and_report_pages_run_a_fixed_number_of_queries(
    region: Region, county_sysadmin: User, county_leader: User, county_auditor: User
) -> None:
    def ask(n: int) -> None:
        services.account_create(
            acting_user=county_sysadmin,
            username=f"clerk{n}",
            full_name="李",
            org_unit=region.lengqi,
            role=Role.WORKER,
        )

    leader, auditor = logged_in(county_leader), logged_in(county_auditor)
    ask(0)
    with count_queries() as small_roles:
        leader.get(reverse("accounts:role_approvals"))
    with count_queries() as small_report:
        auditor.get(reverse("accounts:audit_accounts"))
    for n in range(1, 50):
        ask(n)
    with count_queries() as large_roles:
        page = leader.get(reverse("accounts:role_approvals")).content.decode()
    with count_queries() as large_report:
        report = auditor.get(reverse("accounts:audit_accounts")).content.decode()
    assert "clerk49" in page
    assert "clerk49" in report
    assert_same_query_count(small_roles, large_roles)
    assert_same_query_count(small_report, large_report)


def test_user_list_marks_roles_still_waiting(region: Region, county_sysadmin: User) -> None:
    services.account_create(
        acting_user=county_sysadmin,
        username="clerk",
        full_name="李",
        org_unit=region.lengqi,
        role=Role.WORKER,
    )
    page = logged_in(county_sysadmin).get(reverse("accounts:user_list")).content.decode()
    assert "待审批" in page


def test_an_approved_role_waits_for_the_users_own_password(
    region: Region, county_sysadmin: User, county_leader: User, pupil: Person
) -> None:
    # Given an account whose role a leader approved at once
    account, otp = services.account_create(
        acting_user=county_sysadmin,
        username="clerk",
        full_name="李",
        org_unit=region.lengqi,
        role=Role.WORKER,
    )
    services.membership_approve(
        acting_user=county_leader, membership=Membership.objects.get(user=account)
    )
    # When someone logs in with the one-time password
    client = _log_in("clerk", otp)
    # Then no person is reachable until the password is changed
    assert client.get(reverse("registry:person_list"))["Location"] == reverse(
        "accounts:password_change"
    )
    status, body = _reveal(client, pupil)
    assert status == 403
    assert pupil.id_number not in body
    _change_password(client, otp)
    assert _reveal(client, pupil)[0] == 200

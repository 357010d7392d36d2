"""Security baseline of DESIGN §5: lockout, idle logout, password age, audit of logins."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.conftest import Region, logged_in

LOGIN = "/accounts/login/"


def _login(client: Client, username: str, password: str) -> int:
    return client.post(LOGIN, {"username": username, "password": password}).status_code


def test_five_wrong_passwords_lock_the_account(township_worker: User) -> None:
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            _login(client, "township_worker", "wrong-password")
        # Given the account is locked, when the right password is tried, then it is refused.
        response = client.post(
            LOGIN, {"username": "township_worker", "password": factories.PASSWORD}
        )
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        assert "账号已锁定" in response.content.decode()
        clock.shift(timedelta(minutes=29))
        assert _login(Client(), "township_worker", factories.PASSWORD) == 429
    failed = AccessLog.objects.filter(action=AuditAction.LOGIN_FAILED, username="township_worker")
    assert failed.count() >= 5
    assert AccessLog.objects.filter(
        action=AuditAction.LOCKED_OUT, username="township_worker"
    ).exists()


def test_lock_ends_after_30_minutes(township_worker: User) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            _login(Client(), "township_worker", "wrong-password")
        assert _login(Client(), "township_worker", factories.PASSWORD) == 429
        # Every try during the lock starts the 30 minutes again (django-axes counts from
        # the last attempt), so the wait is 30 minutes after the last try.
        clock.shift(timedelta(minutes=31))
        assert _login(Client(), "township_worker", factories.PASSWORD) == 302
    assert AccessLog.objects.filter(action=AuditAction.LOGIN, user=township_worker).exists()


def test_lockout_of_one_account_leaves_others_alone(
    township_worker: User, other_township_worker: User
) -> None:
    for _ in range(5):
        _login(Client(), "township_worker", "wrong-password")
    assert _login(Client(), "xinglong_worker", factories.PASSWORD) == 302


def test_successful_login_is_audited(township_worker: User) -> None:
    assert _login(Client(), "township_worker", factories.PASSWORD) == 302
    entry = AccessLog.objects.get(action=AuditAction.LOGIN)
    assert entry.user == township_worker
    assert entry.ip == "127.0.0.1"


def test_idle_session_expires_after_30_minutes(township_worker: User) -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = Client()
        assert _login(client, "township_worker", factories.PASSWORD) == 302
        # Activity keeps the session alive: two requests 29 minutes apart.
        clock.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_initial_password_must_be_changed_before_anything_else(region: Region) -> None:
    account = factories.user(unit=region.lengqi, role=Role.WORKER, must_change_password=True)
    client = logged_in(account)
    response = client.get("/orgs/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password": "Chosen-pass-7",
            "new_password_again": "Chosen-pass-7",
        },
    )
    assert response.status_code == 302
    assert client.get("/orgs/").status_code == 200


def test_password_older_than_90_days_must_be_changed(township_worker: User) -> None:
    User.objects.filter(pk=township_worker.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    response = logged_in(township_worker).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")


def test_password_change_form_shows_errors_and_changes_nothing(township_worker: User) -> None:
    client = logged_in(township_worker)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": factories.PASSWORD, "new_password": "abc", "new_password_again": "abd"},
    )
    assert response.status_code == 200
    assert "两次输入的新密码不一致" in response.content.decode()
    township_worker.refresh_from_db()
    assert township_worker.check_password(factories.PASSWORD)


def test_secadmin_resets_a_lock_and_it_is_audited(
    township_worker: User, county_secadmin: User
) -> None:
    for _ in range(5):
        _login(Client(), "township_worker", "wrong-password")
    client = logged_in(county_secadmin)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "township_worker" in page
    client.post(reverse("accounts:lockout_reset"), {"username": "township_worker"})
    assert _login(Client(), "township_worker", factories.PASSWORD) == 302
    assert AccessLog.objects.filter(
        action=AuditAction.UNLOCK, user=county_secadmin, object_repr="township_worker"
    ).exists()


def test_secadmin_cannot_reset_lock_outside_scope(
    region: Region, other_township_worker: User
) -> None:
    township_secadmin = factories.user(unit=region.lengqi, role=Role.SECADMIN)
    for _ in range(5):
        _login(Client(), "xinglong_worker", "wrong-password")
    logged_in(township_secadmin).post(
        reverse("accounts:lockout_reset"), {"username": "xinglong_worker"}
    )
    assert _login(Client(), "xinglong_worker", factories.PASSWORD) == 429


def test_wrong_current_passwords_on_the_change_form_lock_the_account(
    township_worker: User,
) -> None:
    client = logged_in(township_worker)
    url = reverse("accounts:password_change")
    new = {"new_password": "Another-pass-2027", "new_password_again": "Another-pass-2027"}
    with time_machine.travel(timezone.now(), tick=False) as clock:
        # Given four wrong guesses of the current password, each refused on the form
        for n in range(4):
            response = client.post(url, {**new, "old_password": f"guess-{n}"})
            assert response.status_code == 200
            assert "当前密码不正确" in response.content.decode()
        # When the fifth is wrong too, the account is locked and the session ends
        response = client.post(url, {**new, "old_password": "guess-4"})
        assert response.status_code == 429
        assert "锁定" in response.content.decode()
        assert "_auth_user_id" not in client.session
        # Then the right password changes nothing: the form needs a login, which is refused
        response = client.post(url, {**new, "old_password": factories.PASSWORD})
        assert response["Location"].startswith(reverse("accounts:login"))
        township_worker.refresh_from_db()
        assert township_worker.check_password(factories.PASSWORD)
        assert _login(Client(), "township_worker", factories.PASSWORD) == 429
        assert AccessLog.objects.filter(
            action=AuditAction.LOCKED_OUT, username="township_worker"
        ).exists()
        # And after 30 minutes the account opens again
        clock.shift(timedelta(minutes=31))
        assert _login(Client(), "township_worker", factories.PASSWORD) == 302


def test_a_locked_account_cannot_change_its_password_from_an_open_session(
    township_worker: User,
) -> None:
    # Given a session opened before the account was locked by wrong logins elsewhere
    client = logged_in(township_worker)
    for _ in range(5):
        _login(Client(), "township_worker", "wrong-password")
    # When the right current password is given on the change form
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password": "Another-pass-2027",
            "new_password_again": "Another-pass-2027",
        },
    )
    # Then it is refused as locked and nothing changes
    assert response.status_code == 429
    township_worker.refresh_from_db()
    assert township_worker.check_password(factories.PASSWORD)


def test_the_security_page_says_how_many_failed_logins_it_does_not_list(
    township_worker: User, county_secadmin: User
) -> None:
    from guanai.accounts.views_security import FAILURES_SHOWN
    from guanai.core.audit import access_log

    for _ in range(FAILURES_SHOWN + 3):
        access_log(user=township_worker, action=AuditAction.LOGIN_FAILED)
    page = logged_in(county_secadmin).get(reverse("accounts:security")).content.decode()
    assert page.count("township_worker") >= FAILURES_SHOWN
    assert "另有 3 次登录失败" in page


@pytest.mark.django_db
def test_a_pasted_username_longer_than_any_account_is_refused_by_the_form() -> None:
    # Django's form set only the input's maxlength; a script's 400 characters reached
    # django-axes, whose 255-character column failed the request on PostgreSQL.
    page = Client().post(LOGIN, {"username": "管" * 400, "password": "wrong-password"})
    assert page.status_code == 200
    # The login page gives one message for every refusal (it does not say which part).
    assert "用户名或密码错误" in page.content.decode()
    assert not AccessLog.objects.filter(action=AuditAction.LOGIN_FAILED).exists()

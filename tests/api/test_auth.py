"""Authentication of the API: bearer tokens and the browser session (DESIGN §3, §5)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from guanai.accounts.models import ApiToken, User
from guanai.accounts.services import api_token_create, api_token_revoke, user_update
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import logged_in

ENGLISH = {"Accept-Language": "en"}


def deactivate(account: User, *, by: User) -> None:
    user_update(user=account, full_name=account.full_name, is_active=False, acting_user=by)


def test_request_without_credentials_is_401(township_worker: User) -> None:
    response = Client().get("/api/me", headers=ENGLISH)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]


def test_valid_token_identifies_its_owner(township_worker: User) -> None:
    response = Client().get("/api/me", headers=bearer(township_worker))

    assert response.status_code == 200
    assert response.json()["username"] == "township_worker"


def test_unknown_or_malformed_token_is_401(township_worker: User) -> None:
    bearer(township_worker)
    for value in ("Bearer ga_not-a-real-key", "Bearer ", "Token ga_x", "Basic dXNlcjpwdw=="):
        response = Client().get("/api/me", headers={"Authorization": value})
        assert response.status_code == 401, value


def test_revoked_token_is_401(township_worker: User) -> None:
    # Given a token that worked
    token, key = api_token_create(user=township_worker, name="nightly export")
    headers = {"Authorization": f"Bearer {key}"}
    assert Client().get("/api/me", headers=headers).status_code == 200
    # When it is revoked
    api_token_revoke(token=token)
    # Then reads and writes with it are refused as unauthenticated, not as a CSRF failure
    assert Client().get("/api/me", headers=headers).status_code == 401
    response = Client(enforce_csrf_checks=True).post(
        "/api/tokens", {"name": "sneaky"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 401
    assert not ApiToken.objects.filter(name="sneaky").exists()


def test_token_of_deactivated_user_is_401(township_worker: User, county_sysadmin: User) -> None:
    headers = bearer(township_worker)
    user_update(
        user=township_worker, full_name="离职", is_active=False, acting_user=county_sysadmin
    )

    assert Client().get("/api/me", headers=headers).status_code == 401


def test_token_records_when_it_was_last_used(township_worker: User) -> None:
    token, key = api_token_create(user=township_worker, name="monthly report")
    assert token.last_used_at is None

    Client().get("/api/me", headers={"Authorization": f"Bearer {key}"})

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_bearer_token_needs_no_csrf_token_to_write(township_worker: User) -> None:
    client = Client(enforce_csrf_checks=True)

    token, _key = api_token_create(user=township_worker, name="second")

    response = client.delete(f"/api/tokens/{token.pk}", headers=bearer(township_worker))

    assert response.status_code == 204


def test_browser_session_reads_the_api(township_worker: User) -> None:
    response = logged_in(township_worker).get("/api/me")

    assert response.status_code == 200
    assert response.json()["username"] == "township_worker"


def test_browser_session_write_without_csrf_token_is_refused(township_worker: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)

    response = client.post("/api/tokens", {"name": "from page"}, content_type="application/json")

    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=township_worker).exists()


def test_browser_session_write_with_csrf_token_is_accepted(township_worker: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)
    secret = "a" * 32
    client.cookies["csrftoken"] = secret

    response = client.post(
        "/api/tokens",
        {"name": "from page"},
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )

    assert response.status_code == 201
    assert ApiToken.objects.filter(user=township_worker, name="from page").exists()


def test_session_of_deactivated_user_is_401(township_worker: User, county_sysadmin: User) -> None:
    client = logged_in(township_worker)
    user_update(
        user=township_worker, full_name="离职", is_active=False, acting_user=county_sysadmin
    )

    assert client.get("/api/me").status_code == 401


def test_refusal_is_in_chinese_by_default(township_worker: User) -> None:
    detail = Client().get("/api/me").json()["detail"]

    assert any("\u4e00" <= char <= "\u9fff" for char in detail), detail


# --- Token lifetime and provenance (issue 12, point 5) ----------------------------------


def test_a_token_cannot_create_tokens(township_worker: User) -> None:
    headers = bearer(township_worker)
    del headers["Accept-Language"]

    response = Client().post(
        "/api/tokens", {"name": "offspring"}, content_type="application/json", headers=headers
    )

    assert response.status_code == 403
    assert "网页" in response.json()["detail"]
    assert not ApiToken.objects.filter(name="offspring").exists()


def test_a_token_expires_after_the_configured_days(township_worker: User, settings: Any) -> None:
    # Given a lifetime of 30 days and a token made now
    settings.GUANAI_API_TOKEN_DAYS = 30
    created = logged_in(township_worker).post(
        "/api/tokens", {"name": "月度同步"}, content_type="application/json"
    )
    assert created.status_code == 201
    body = created.json()
    expires = datetime.fromisoformat(body["expires_at"])
    assert abs(expires - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    headers = {"Authorization": f"Bearer {body['key']}"}
    # Then it works on day 29, and is refused on day 31
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert Client().get("/api/me", headers=headers).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert Client().get("/api/me", headers=headers).status_code == 401
    # And the token page shows the expiry date
    page = logged_in(township_worker).get(reverse("accounts:tokens")).content.decode()
    assert date_format(timezone.localtime(expires), "DATETIME_FORMAT") in page
    assert "30 天" in page


def test_a_password_change_revokes_the_users_tokens(township_worker: User) -> None:
    # Given a working token
    _token, key = api_token_create(user=township_worker, name="脚本")
    headers = {"Authorization": f"Bearer {key}"}
    assert Client().get("/api/me", headers=headers).status_code == 200
    # When the user changes the password
    response = logged_in(township_worker).post(
        reverse("accounts:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password": "Another-pass-2027",
            "new_password_again": "Another-pass-2027",
        },
    )
    assert response.status_code == 302
    # Then the token no longer works
    assert Client().get("/api/me", headers=headers).status_code == 401
    assert not ApiToken.objects.filter(user=township_worker, revoked_at__isnull=True).exists()


def test_a_tokens_last_use_is_recorded_and_shown(township_worker: User) -> None:
    token, key = api_token_create(user=township_worker, name="夜间同步")
    used_at = timezone.now() - timedelta(hours=3)
    with time_machine.travel(used_at, tick=False):
        Client().get("/api/me", headers={"Authorization": f"Bearer {key}"})

    token.refresh_from_db()
    assert token.last_used_at == used_at
    listed = logged_in(township_worker).get("/api/tokens").json()
    # (JSON carries milliseconds)
    assert abs(datetime.fromisoformat(listed[0]["last_used_at"]) - used_at) < timedelta(
        milliseconds=1
    )
    page = logged_in(township_worker).get(reverse("accounts:tokens")).content.decode()
    assert date_format(timezone.localtime(used_at), "DATETIME_FORMAT") in page

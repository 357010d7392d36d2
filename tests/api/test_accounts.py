"""The caller's own account and personal tokens through the API."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.test import Client

from guanai.accounts.models import ApiToken, Role, User
from guanai.accounts.services import api_token_authenticate, api_token_create
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region, logged_in

ENGLISH = {"Accept-Language": "en"}


def test_me_shows_account_roles_and_language(region: Region, township_worker: User) -> None:
    factories.grant(township_worker, region.lengqi_school, Role.HELPER)

    body = Client().get("/api/me", headers=bearer(township_worker)).json()

    assert body["username"] == "township_worker"
    assert body["full_name"] == "测试用户"
    assert body["language"] == "en"
    assert sorted(
        (r["org_unit_id"], r["org_unit_name"], r["role"]) for r in body["roles"]
    ) == sorted(
        [
            (region.lengqi.pk, "冷碛镇", "worker"),
            (region.lengqi_school.pk, "冷碛镇中心小学", "helper"),
        ]
    )
    assert {r["role_label"] for r in body["roles"]} == {"Worker", "Helper"}


def test_me_answers_in_chinese_by_default(township_worker: User) -> None:
    headers = bearer(township_worker)
    del headers["Accept-Language"]

    body = Client().get("/api/me", headers=headers).json()

    assert body["language"] == "zh-hans"


def test_token_create_returns_the_key_once(township_worker: User) -> None:
    client = Client()
    headers = bearer(township_worker, name="first")

    created = logged_in(township_worker).post(
        "/api/tokens",
        {"name": "  roster sync  "},
        content_type="application/json",
        headers=ENGLISH,
    )

    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "roster sync"
    assert body["key"].startswith("ga_")
    assert body["key"].startswith(body["prefix"])
    assert api_token_authenticate(body["key"]) == township_worker
    assert AccessLog.objects.filter(
        user=township_worker, action=AuditAction.TOKEN, object_id=str(body["id"])
    ).exists()
    listed = client.get("/api/tokens", headers=headers).json()
    assert {t["name"] for t in listed} == {"first", "roster sync"}
    assert all("key" not in t for t in listed)
    assert body["key"] not in client.get("/api/tokens", headers=headers).content.decode()


def test_token_list_shows_only_own_tokens(
    township_worker: User, other_township_worker: User
) -> None:
    bearer(other_township_worker, name="theirs")

    listed = Client().get("/api/tokens", headers=bearer(township_worker, name="mine")).json()

    assert [t["name"] for t in listed] == ["mine"]


def test_token_revoke_stops_the_token(township_worker: User) -> None:
    # Given a second token beside the one the script uses
    client = Client()
    headers = bearer(township_worker, name="admin script")
    token, key = api_token_create(user=township_worker, name="old laptop")
    # When it is revoked
    response = client.delete(f"/api/tokens/{token.pk}", headers=headers)
    # Then it no longer authenticates and the list shows when it was revoked
    assert response.status_code == 204
    assert client.get("/api/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    listed = {t["name"]: t for t in client.get("/api/tokens", headers=headers).json()}
    assert listed["old laptop"]["revoked_at"] is not None
    assert listed["admin script"]["revoked_at"] is None


def test_revoking_another_users_token_is_404(
    township_worker: User, other_township_worker: User
) -> None:
    theirs, their_key = api_token_create(user=other_township_worker, name="theirs")

    response = Client().delete(f"/api/tokens/{theirs.pk}", headers=bearer(township_worker))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "field": None}
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert api_token_authenticate(their_key) == other_township_worker


def test_empty_token_name_is_refused_and_nothing_created(township_worker: User) -> None:
    session = logged_in(township_worker)
    before = ApiToken.objects.count()

    for name in ("", "   "):
        response = session.post(
            "/api/tokens", {"name": name}, content_type="application/json", headers=ENGLISH
        )
        assert response.status_code == 400, name
        assert response.json()["detail"] == ("Give the token a name, e.g. the script that uses it.")
        assert response.json()["field"] == "name"

    assert ApiToken.objects.count() == before


def test_malformed_token_body_is_422_and_nothing_created(township_worker: User) -> None:
    headers = bearer(township_worker)
    before = ApiToken.objects.count()

    for body in ({}, {"name": 5}, {"name": "nul\x00byte"}, {"name": "x" * 61}):
        response = Client().post(
            "/api/tokens", body, content_type="application/json", headers=headers
        )
        assert response.status_code == 422, body
        # Ninja names the parameter ("payload"); a NUL is refused before it (core.middleware).
        loc = response.json()["detail"][0]["loc"]
        assert loc[0] == "body" and loc[-1] == "name", body

    assert ApiToken.objects.count() == before


def test_changes_made_with_a_token_are_recorded_with_the_actor(township_worker: User) -> None:
    token, _key = api_token_create(user=township_worker, name="夜间同步")
    response = Client().delete(f"/api/tokens/{token.pk}", headers=bearer(township_worker))
    assert response.status_code == 204
    entry = LogEntry.objects.get_for_object(token).latest("timestamp")
    assert entry.actor == township_worker
    assert "revoked_at" in entry.changes_dict

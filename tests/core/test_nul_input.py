"""A NUL character in any input is refused with a message before it reaches the database.

PostgreSQL cannot store it: before ``core.middleware``, a search with ``%00`` or an API body
with ``\\u0000`` answered 500 there (found by the API fuzzing in CI).
"""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts.models import User
from guanai.core.middleware import JSON_NUL
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region, logged_in

MESSAGE_ZH = "输入中含有空字符（\\0），无法保存。请删除它。"
MESSAGE_EN = "The input contains a NUL character (\\0), which cannot be stored. Remove it."


def _child(region: Region, worker: User) -> object:
    return factories.person(
        region.lengqi, "张三", by=worker, categories=(), since=timezone.localdate()
    )


def test_a_search_with_nul_gets_a_message_page(region: Region, township_worker: User) -> None:
    _child(region, township_worker)
    client = logged_in(township_worker)

    response = client.get(reverse("registry:person_list"), {"q": "张\x00"})

    assert response.status_code == 400
    assert MESSAGE_ZH in response.content.decode()
    # Without the character the same search finds the child.
    found = client.get(reverse("registry:person_list"), {"q": "张"})
    assert "张三" in found.content.decode()


def test_a_form_with_nul_changes_nothing(region: Region, township_worker: User) -> None:
    child = _child(region, township_worker)

    response = logged_in(township_worker).post(
        reverse("registry:person_reveal", args=[child.pk]), {"purpose": "家访\x00"}
    )

    assert response.status_code == 400
    assert MESSAGE_ZH in response.content.decode()
    assert not AccessLog.objects.filter(object_id=str(child.pk), action=AuditAction.REVEAL).exists()


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in_first(region: Region) -> None:
    response = Client().get(reverse("registry:person_list"), {"q": "\x00"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_api_names_the_refused_query_parameter(region: Region, township_worker: User) -> None:
    response = Client().get("/api/care/worklist?q=%00&page=1", headers=bearer(township_worker))

    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"type": "string_nul", "loc": ["query", "q"], "msg": MESSAGE_EN}]
    }


def test_the_api_refuses_an_escaped_nul_in_a_json_body(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)
    headers = {**bearer(township_worker), "Accept-Language": "zh-hans"}

    response = Client().post(
        f"/api/persons/{child.pk}/reveal",
        '{"purpose": "家访\\u0000前核对"}',
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == MESSAGE_ZH
    assert not AccessLog.objects.filter(object_id=str(child.pk), action=AuditAction.REVEAL).exists()


def test_an_escaped_backslash_before_u0000_is_plain_text(
    region: Region, township_worker: User
) -> None:
    child = _child(region, township_worker)

    response = Client().post(
        f"/api/persons/{child.pk}/reveal",
        json.dumps({"purpose": "路径 C:\\u0000"}),
        content_type="application/json",
        headers=bearer(township_worker),
    )

    assert response.status_code == 200
    reveal = AccessLog.objects.get(object_id=str(child.pk), action=AuditAction.REVEAL)
    assert reveal.detail["purpose"] == "路径 C:\\u0000"


@given(st.text())
def test_the_json_check_finds_a_nul_exactly_when_the_text_holds_one(text: str) -> None:
    for body in (json.dumps(text), json.dumps({"a": [text]}, ensure_ascii=False)):
        assert bool(JSON_NUL.search(body.encode())) == ("\x00" in text)

"""A NUL character in any input is refused with a message before it reaches the database.

PostgreSQL cannot store it: before ``core.middleware``, a search with ``%00`` or an API body
with ``\\u0000`` answered 500 there (found by the API fuzzing in CI).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts.models import User
from guanai.core.middleware import nul_paths
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


def test_the_api_names_the_json_field_that_holds_it(region: Region, township_worker: User) -> None:
    response = Client().post(
        "/api/tokens",
        {"name": "脚本\x00"},
        content_type="application/json",
        headers=bearer(township_worker),
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"type": "string_nul", "loc": ["body", "name"], "msg": MESSAGE_EN}
    ]


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


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _texts(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, list):
        for item in data:
            yield from _texts(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _texts(value)


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@given(JSON)
def test_the_json_check_finds_a_nul_exactly_where_there_is_one(data: Any) -> None:
    paths = list(nul_paths(json.loads(json.dumps(data))))

    assert bool(paths) == any("\x00" in text for text in _texts(data))
    for path in paths:
        holder = _at(data, path[:-1]) if path else None
        if isinstance(holder, dict) and "\x00" in str(path[-1]):
            continue  # the key itself holds it
        assert "\x00" in _at(data, path)

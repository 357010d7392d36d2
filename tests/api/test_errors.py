"""Domain errors become JSON answers with a status that says what went wrong."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.testing import TestClient

from guanai.api import errors
from guanai.core.errors import DomainError, PermissionRefused, StaleEdit, ValidationFailed

_namespaces = itertools.count()


def client_raising(exc: Exception) -> TestClient:
    """Return a client for a one-route API, wired like ours, whose route raises ``exc``."""
    api = NinjaAPI(urls_namespace=f"errors-test-{next(_namespaces)}")
    errors.install(api)

    @api.get("/boom")
    def boom(request: HttpRequest) -> None:
        raise exc

    return TestClient(api)


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (DomainError("Refused."), 400),
        (ValidationFailed("Enter a name.", field="name"), 400),
        (PermissionRefused("Only the leader may approve."), 403),
        (StaleEdit("Somebody saved it first."), 409),
    ],
)
def test_domain_error_status_and_body(exc: DomainError, status: int) -> None:
    response = client_raising(exc).get("/boom")

    assert response.status_code == status
    assert response.json() == {"detail": str(exc.message), "field": exc.field}


def test_lazy_message_is_rendered_as_text() -> None:
    client = client_raising(ValidationFailed(gettext_lazy("Enter a name."), field="name"))

    with translation.override("en"):
        response = client.get("/boom")

    assert response.json() == {"detail": "Enter a name.", "field": "name"}


# --- Refusals in the caller's language (issue 12, point 11) -------------------------------


def _post(path: str, body: object, headers: dict[str, str]) -> Any:
    from django.test import Client

    raw = body if isinstance(body, str) else json.dumps(body)
    return Client().post(path, raw, content_type="application/json", headers=headers)


def test_refused_input_is_explained_in_chinese_by_default(county_leader: Any) -> None:
    from tests.api.conftest import bearer

    headers = {"Authorization": bearer(county_leader)["Authorization"]}  # no language asked
    response = _post("/api/reports/assessments", {"unit_id": "x", "year": 1999}, headers)

    assert response.status_code == 422
    messages = {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}
    assert messages == {"unit_id": "请输入整数。", "year": "请输入不小于 2000 的数。"}


def test_refused_input_follows_the_accept_language(county_leader: Any) -> None:
    from tests.api.conftest import bearer

    english = bearer(county_leader)  # asks for English
    response = _post("/api/reports/assessments", {"year": 2026}, english)
    assert response.json()["detail"][0]["msg"] == "This field is required."
    chinese = {**english, "Accept-Language": "zh-hans"}
    response = _post("/api/reports/assessments", {"year": 2026}, chinese)
    assert response.json()["detail"][0]["msg"] == "此项为必填项。"
    response = _post("/api/persons", {"name": "张三", "birth_date": 0}, chinese)
    messages = {error["loc"][-1]: error["msg"] for error in response.json()["detail"]}
    assert messages["birth_date"] == "请按“年-月-日”（如 2026-01-31）填写日期。"


def test_a_body_that_is_no_json_is_422_in_chinese(county_leader: Any) -> None:
    from tests.api.conftest import bearer

    headers = {"Authorization": bearer(county_leader)["Authorization"]}
    response = _post("/api/reports/assessments", "{not json", headers)

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "请求内容不是有效的 JSON。"


def test_a_refusal_of_the_domain_is_in_chinese_by_default(region: Any, county_leader: Any) -> None:
    from tests.api.conftest import bearer

    headers = {"Authorization": bearer(county_leader)["Authorization"]}
    response = _post(
        "/api/reports/assessments", {"unit_id": region.lengqi.pk, "year": 2026}, headers
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "考核评分表由县、州（市）或省为其下级单位制定。"

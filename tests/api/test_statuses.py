"""Every status the API documents is one it answers, and it answers none it does not
document (issue 12, point 18).

The test walks the OpenAPI schema and, for every operation, makes the requests that must
bring each documented error: no caller (401), an account that must first change its
password (403), input of the wrong kind (422), an object that does not exist (404). Each
answer's status must be documented. 409 is documented exactly where the input carries
a ``version`` (only a stale version is answered with it); schemathesis, in
``test_schema.py``, checks the statuses of generated requests too.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.accounts.services import api_token_create
from guanai.api.urls import api
from tests import factories
from tests.api.conftest import bearer

SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA["components"]["schemas"]
OPERATIONS = sorted(
    (method, template, operation)
    for template, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
)
IDS = [f"{m.upper()} {t}" for m, t, _o in OPERATIONS]
MISSING_ID = 987654321
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _body(operation: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    content = operation.get("requestBody", {}).get("content", {})
    for media, body in content.items():
        return media, _resolve(body.get("schema", {}))
    return None


def _inputs(operation: dict[str, Any]) -> set[str]:
    names = {p["name"] for p in operation.get("parameters", []) if p["in"] != "path"}
    body = _body(operation)
    if body:
        names |= set(body[1].get("properties", {}))
    return names


def _example(schema: dict[str, Any]) -> Any:
    """Return a plain valid value of a JSON schema (the first enum value, a short text)."""
    schema = _resolve(schema)
    if "examples" in schema:  # a value the schema names as its example (a UUID)
        return schema["examples"][0]
    if schema.get("allOf"):
        return _example(schema["allOf"][0])
    options = [o for o in schema.get("anyOf", []) if _resolve(o).get("type") != "null"]
    if options:
        return _example(options[0])
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return "2026-01-05"
        if schema.get("format") == "date-time":
            return "2026-01-05T10:00"
        if schema.get("format") == "binary":
            return None
        if "pattern" in schema and "\\d{4}-\\d{2}" in schema["pattern"]:
            return "2026-01"
        return "1"
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        if _resolve(schema.get("items", {})).get("format") == "binary":
            # A list of files the operation requires (an event's photos): one small PNG.
            return [SimpleUploadedFile("photo.png", PNG, content_type="image/png")]
        return [_example(schema.get("items", {})) for _ in range(schema.get("minItems", 0))]
    if kind == "object":
        return {name: _example(field) for name, field in schema.get("properties", {}).items()}
    return "1"


def _path(template: str, value: str) -> str:
    return "/".join(value if part.startswith("{") else part for part in template.split("/"))


def _path_params(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        p["name"]: _resolve(p.get("schema", {}))
        for p in operation.get("parameters", [])
        if p["in"] == "path"
    }


def _missing_path(template: str, operation: dict[str, Any]) -> str:
    """Fill the path: ids that exist nowhere, a valid value for any other parameter."""
    params = _path_params(operation)
    parts = []
    for part in template.split("/"):
        if part.startswith("{"):
            schema = params[part.strip("{}")]
            is_id = schema.get("type") == "integer"
            # A bounded number (a year) takes its highest value: still nothing there.
            missing = min(MISSING_ID, schema.get("maximum", MISSING_ID))
            parts.append(str(missing) if is_id else str(_example(schema)))
        else:
            parts.append(part)
    return "/".join(parts)


def _has_id(operation: dict[str, Any]) -> bool:
    return any(s.get("type") == "integer" for s in _path_params(operation).values())


def call(
    client: Client,
    method: str,
    template: str,
    operation: dict[str, Any],
    headers: dict[str, str],
    *,
    path: str | None = None,
    body: Any = "valid",
) -> Any:
    """Make a request with valid input (or ``body`` as given) and ``path_value`` ids."""
    query = {
        p["name"]: _example(p.get("schema", {}))
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    path = path or _missing_path(template, operation)
    found = _body(operation)
    if found is None:
        return client.generic(method.upper(), path + _query_string(query), headers=headers)
    media, schema = found
    data = _example(schema) if body == "valid" else body
    if media == "application/json" and isinstance(data, str):  # raw text, not JSON
        return getattr(client, method)(
            path + _query_string(query), data, content_type="application/json", headers=headers
        )
    if media == "application/json":
        return getattr(client, method)(
            path + _query_string(query),
            data,
            content_type="application/json",
            headers=headers,
        )
    form = {k: v for k, v in (data or {}).items() if v is not None}
    return client.post(path + _query_string(query), form, headers=headers)


def _query_string(query: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(query) if query else ""


def _documented(operation: dict[str, Any]) -> set[int]:
    return {int(code) for code in operation["responses"]}


@pytest.mark.parametrize(("method", "template", "operation"), OPERATIONS, ids=IDS)
def test_no_caller_is_401(method: str, template: str, operation: dict[str, Any], db: None) -> None:
    response = call(Client(), method, template, operation, {})
    assert response.status_code == 401
    assert 401 in _documented(operation)


@pytest.mark.parametrize(("method", "template", "operation"), OPERATIONS, ids=IDS)
def test_an_account_that_must_change_its_password_is_403(
    method: str, template: str, operation: dict[str, Any], region: Any
) -> None:
    account = factories.user(unit=region.county, role=Role.LEADER)
    _token, key = api_token_create(user=account, name="script")
    User.objects.filter(pk=account.pk).update(must_change_password=True)
    headers = {"Authorization": f"Bearer {key}"}
    response = call(Client(), method, template, operation, headers)
    assert response.status_code == 403, response.content[:200]
    assert 403 in _documented(operation)


@pytest.mark.parametrize(("method", "template", "operation"), OPERATIONS, ids=IDS)
def test_input_of_the_wrong_kind_is_422_where_documented(
    method: str, template: str, operation: dict[str, Any], county_leader: User
) -> None:
    documented = 422 in _documented(operation)
    found = _body(operation)
    typed_path = {
        name: schema
        for name, schema in _path_params(operation).items()
        if schema.get("type") != "string" or {"enum", "pattern", "format"} & set(schema)
    }
    assert documented == bool(typed_path or _inputs(operation)), "422 documented iff input"
    if not documented:
        return
    client, headers = Client(), bearer(county_leader)
    if found is not None and found[0] == "application/json":
        response = call(client, method, template, operation, headers, body="{not json")
    elif found is not None:
        response = call(client, method, template, operation, headers, body={})
    elif typed_path:
        path = "/".join(
            "zz" if part.strip("{}") in typed_path else part for part in template.split("/")
        )
        path = _missing_path(path, operation) if "{" in path else path
        response = call(client, method, template, operation, headers, path=path)
    else:
        parameter = next(p for p in operation["parameters"] if p["in"] == "query")
        path = _missing_path(template, operation)
        response = client.generic(
            method.upper(), f"{path}?{parameter['name']}=%00x", headers=headers
        )
    assert response.status_code == 422, response.content[:300]


CALLERS = ("county_leader", "county_sysadmin", "county_secadmin", "county_auditor")


@pytest.mark.parametrize(("method", "template", "operation"), OPERATIONS, ids=IDS)
def test_an_object_that_does_not_exist_is_404_where_documented(
    method: str, template: str, operation: dict[str, Any], request: Any
) -> None:
    # Each kind of account in turn: the user administration answers only the admins.
    statuses = set()
    for name in CALLERS:
        account = request.getfixturevalue(name)
        response = call(Client(), method, template, operation, bearer(account))
        assert response.status_code in _documented(operation), (name, response.content[:300])
        statuses.add(response.status_code)
    if _has_id(operation):
        assert 404 in statuses, statuses


@pytest.mark.parametrize(("method", "template", "operation"), OPERATIONS, ids=IDS)
def test_409_is_documented_exactly_where_a_version_is_sent(
    method: str, template: str, operation: dict[str, Any]
) -> None:
    assert (409 in _documented(operation)) == ("version" in _inputs(operation))


def _models(model: Any, seen: set[type]) -> None:
    """Collect ``model`` and every pydantic model its fields name, recursively."""
    import typing

    from pydantic import BaseModel

    if isinstance(model, type) and issubclass(model, BaseModel):
        if model in seen:
            return
        seen.add(model)
        for field in model.model_fields.values():
            _models(field.annotation, seen)
        return
    for argument in typing.get_args(model):
        _models(argument, seen)


def test_no_two_schemas_of_a_different_shape_share_a_name() -> None:
    # The OpenAPI components are keyed by class name: two routers' ``ReturnIn`` of
    # different fields would be documented as one, and one of them wrongly.
    seen: set[type] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.response_models.values(), *operation.models]:
                    _models(model, seen)
    by_name: dict[str, dict[str, Any]] = {}
    clashes = []
    for model in seen:
        if model.__name__.startswith(("Ninja", "Body", "Query", "Path", "Form", "File")):
            continue  # ninja's own wrappers, named per operation
        shape = model.model_json_schema()
        if model.__name__ in by_name and by_name[model.__name__] != shape:
            clashes.append(f"{model.__module__}.{model.__name__}")
        by_name.setdefault(model.__name__, shape)
    assert clashes == []

"""No integer is a date or a yes/no anywhere in the API (issue 12, points 10 and 18).

Pydantic's lax mode reads ``0`` as 1970-01-01 and as ``false``. The test walks the OpenAPI
schema: every query parameter, JSON body field and form field that is a date or a boolean
is sent the integer 0 (and a string of digits), and must be refused with a 422 naming it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from guanai.api.urls import api
from tests.api.conftest import bearer

SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA.get("components", {}).get("schemas", {})


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _kind(schema: dict[str, Any]) -> str | None:
    """Return "date" or "boolean" for a field of that type (nullable or not)."""
    schema = _resolve(schema)
    for option in [schema, *schema.get("anyOf", []), *schema.get("allOf", [])]:
        option = _resolve(option)
        if option.get("type") == "boolean":
            return "boolean"
        if option.get("type") == "string" and option.get("format") == "date":
            return "date"
    return None


def _path(template: str) -> str:
    """Fill every path parameter with 1 (the value never matters: validation comes first)."""
    parts = []
    for part in template.split("/"):
        parts.append("1" if part.startswith("{") else part)
    return "/".join(parts)


def typed_fields() -> Iterator[tuple[str, str, str, str, str]]:
    """Yield (method, path, where, field, kind) for every date or boolean input."""
    for template, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                kind = _kind(parameter.get("schema", {}))
                if kind and parameter["in"] == "query":
                    yield method, template, "query", parameter["name"], kind
            content = operation.get("requestBody", {}).get("content", {})
            for media, body in content.items():
                schema = _resolve(body.get("schema", {}))
                where = "json" if media == "application/json" else "form"
                for name, field in schema.get("properties", {}).items():
                    kind = _kind(field)
                    if kind:
                        yield method, template, where, name, kind


FIELDS = sorted(set(typed_fields()))


def test_the_walk_finds_the_dates_and_booleans() -> None:
    # A sanity check of the walk itself: these inputs exist and are found.
    found = {(path, field) for _m, path, _w, field, _k in FIELDS}
    assert ("/api/persons", "birth_date") in found
    assert ("/api/care/records", "occurred_on") in found
    assert ("/api/care/plans", "overdue") in found
    assert len(FIELDS) >= 30


def _refused_at(response: Any, field: str) -> bool:
    if response.status_code != 422:
        return False
    return any(str(error["loc"][-1]) == field for error in response.json()["detail"])


# A string of digits in a JSON body is not an integer, so it is only tried on dates there;
# in a query string or a form every value is text, and digits are tried on both kinds.
CASES = [
    (*field, value)
    for field in FIELDS
    for value in (0, 1, "0", "20260101")
    if not (field[2] == "json" and field[4] == "boolean" and isinstance(value, str))
]


@pytest.mark.parametrize(("method", "template", "where", "field", "kind", "value"), CASES)
def test_an_integer_is_never_a_date_or_a_boolean(
    county_leader: Any, method: str, template: str, where: str, field: str, kind: str, value: Any
) -> None:
    headers = bearer(county_leader)
    client = Client()
    path = _path(template)
    if where == "query":
        response = getattr(client, method)(
            path, {field: value}, headers=headers, QUERY_STRING=f"{field}={value}"
        )
    elif where == "form":
        response = client.post(path, {field: str(value)}, headers=headers)
    else:
        response = getattr(client, method)(
            path, {field: value}, content_type="application/json", headers=headers
        )

    assert _refused_at(response, field), (method, template, field, response.content[:300])

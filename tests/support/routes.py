"""Walk every route of the project: the URL resolver's patterns and the API's operations.

Shared by the tests that visit everything a user can reach (``test_volunteer_sees_no_digits``,
``test_route_scoping``), so that a route added later is visited without editing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver

# A parameter of a Django route (``<int:pk>``, ``<month>``) or of an OpenAPI path
# (``{person_id}``): its converter (empty for the API and for Django's default) and name.
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\{(\w+)\}")


@dataclass(frozen=True)
class Param:
    converter: str
    name: str


def routes(patterns: list[Any], prefix: str = "") -> list[str]:
    """Return every route of ``patterns`` (a resolver's ``url_patterns``), resolvers opened."""
    found: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append(prefix + str(pattern.pattern))
    return found


def params(route: str) -> list[Param]:
    """Return the parameters of a Django route or an OpenAPI path, in order."""
    return [
        Param(converter, name or api_name) for converter, name, api_name in PARAM.findall(route)
    ]


def substitute(route: str, values: tuple[str, ...] | list[str]) -> str:
    """Return ``route`` as a path, its parameters replaced by ``values`` in order."""
    it = iter(values)
    return "/" + PARAM.sub(lambda _m: next(it), route).lstrip("/")


def literals_before(route: str) -> list[list[str]]:
    """Return, for each parameter of ``route``, the literal path segments before it.

    ``care/plans/<int:pk>/reviews/new/`` gives ``[["care", "plans"]]``; the segments that
    are themselves parameters are left out.
    """
    found: list[list[str]] = []
    segments: list[str] = []
    for part in re.split(r"/+", route.lstrip("^")):
        if PARAM.search(part):
            found.append(list(segments))
        elif part:
            segments.append(part)
    return found


def api_operations(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """Return ``(method, path)`` for every operation of an OpenAPI schema."""
    return [
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    ]


# Examples for the string patterns of the API's bodies (see ``api_sample``).
PATTERN_EXAMPLES = {
    r"^[^\x00]*$": "x",
    r"^\d{4}-\d{2}$": "2026-01",
    r"^20\d\d-(0[1-9]|1[0-2])$": "2026-01",
    r"^\d{4}-\d{4}-[12]$": "2025-2026-1",
    r"^[-a-zA-Z0-9_]{1,40}$": "x",
}


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def rewound(body: Any) -> Any:
    """Return a multipart ``body`` with its files back at their start: the test client
    reads a file to send it, and a route's sample body is sent many times."""
    for value in body.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, SimpleUploadedFile):
                item.seek(0)
    return body


def api_sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """Return the smallest value that the JSON schema accepts: required fields only.

    So that an operation's body passes the API's validation and the operation itself is
    asked: its answer then shows whether it looked the object up in the user's scope.
    """
    if "$ref" in schema:
        return api_sample(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "const" in schema:
        return schema["const"]
    if "examples" in schema:
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            return api_sample(options[0], components)
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {
            name: api_sample(properties[name], components) for name in schema.get("required", [])
        }
    if kind == "array":
        if schema["items"].get("format") == "binary":
            # A list of files the operation requires (an event's photos): one small PNG,
            # rewound before each request (``rewound``).
            return [SimpleUploadedFile("photo.png", PNG, content_type="image/png")]
        return [api_sample(schema["items"], components) for _ in range(schema.get("minItems", 0))]
    if kind == "integer" or kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    if schema.get("format") == "date":
        return "2026-01-05"
    if schema.get("format") == "date-time":
        return "2026-01-05T09:00:00+08:00"
    text = PATTERN_EXAMPLES.get(schema.get("pattern", r"^[^\x00]*$"), "x")
    return text * max(schema.get("minLength", 1), 1)

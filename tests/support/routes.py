"""Walk every route of the project: the URL resolver's patterns and the API's operations.

Shared by the tests that visit everything a user can reach (``test_volunteer_sees_no_digits``,
``test_route_scoping``), so that a route added later is visited without editing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

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

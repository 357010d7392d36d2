"""The API's own description: only for a logged-in caller, and with every status it lists
one the API really answers (issue 12).

``GuanaiAPI`` completes each operation's responses from how the API works, once, rather
than by hand in every router:

* **401** for every operation: every one needs a token or a session.
* **403** for every operation: an account that must first change its password is refused
  by the authentication itself (``api.auth.refuse_expired_password``), whatever it asks.
* **422** (the list of fields refused) for every operation that reads input: a query, a
  body, or a path parameter of a kind (a number, a choice, a date) that can be wrong.
* **404** for every operation with an object in its path.
* **409** only where the input carries the ``version`` of an optimistic lock, since only
  a stale version is answered with it (``core.errors.StaleEdit``); and always there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
VALIDATION_ERROR = {
    "title": "ValidationErrorOut",
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "loc": {
                        "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                    "msg": {"type": "string", "description": "In the caller's language."},
                },
                "required": ["type", "loc", "msg"],
            },
        }
    },
    "required": ["detail"],
}
ERROR_OUT = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "title": "Detail"},
        "field": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Field"},
    },
    "required": ["detail"],
}
DESCRIPTIONS = {
    "401": "Not logged in, or no valid token.",
    "403": "Not allowed: the caller's role or unit, or a password to change first.",
    "404": "Not found, or outside the caller's units.",
    "409": "Somebody else saved the object first: reload it and try again.",
    "422": "Input refused: each field with the reason, in the caller's language.",
}


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _input_names(operation: dict[str, Any], components: dict[str, Any]) -> set[str]:
    names = {p["name"] for p in operation.get("parameters", []) if p["in"] != "path"}
    for body in operation.get("requestBody", {}).get("content", {}).values():
        names |= set(_resolve(body.get("schema", {}), components).get("properties", {}))
    return names


def _typed_path(operation: dict[str, Any], components: dict[str, Any]) -> bool:
    """Return whether a path parameter can be refused for its kind (a number, a choice)."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path":
            continue
        schema = _resolve(parameter.get("schema", {}), components)
        if schema.get("type") != "string" or {"enum", "pattern", "format"} & set(schema):
            return True
    return False


def _error(code: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": schema}}}


def complete_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Complete every operation's responses in place, by the rules of the module doc."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ERROR_OUT)
    components["ValidationErrorOut"] = VALIDATION_ERROR
    for operations in schema["paths"].values():
        for operation in operations.values():
            # Ninja keys the responses by int; the JSON schema (and the rules here) by text.
            responses = {str(code): value for code, value in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for code in ("401", "403"):
                responses.setdefault(code, _error(code, ERROR_REF))
            has_path_object = any(p["in"] == "path" for p in operation.get("parameters", []))
            if has_path_object:
                responses.setdefault("404", _error("404", ERROR_REF))
            inputs = _input_names(operation, components)
            if inputs or _typed_path(operation, components):
                responses["422"] = _error(
                    "422", {"$ref": "#/components/schemas/ValidationErrorOut"}
                )
            if "version" in inputs:
                responses.setdefault("409", _error("409", ERROR_REF))
            else:
                responses.pop("409", None)
    return schema


class GuanaiAPI(NinjaAPI):
    """The API, describing the statuses it answers (see the module doc)."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        """The API's routes, exempt from ``LoginRequiredMiddleware``: every operation checks
        its own token or session and answers 401 in JSON (the docs: ``docs_need_login``),
        where the middleware would send a script to the login page."""
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                login_not_required(pattern.callback)
        return patterns, app_name, namespace

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        complete_responses(schema)
        return schema


def docs_need_login(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the schema and the docs page only to a logged-in caller (a session, or a
    token checked by ``ApiTokenMiddleware``): the schema tells an attacker every
    operation. A browser is sent to the login page, a script gets 401."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            response = JsonResponse(
                {
                    "detail": _(
                        "Log in, or send a personal API token as “Authorization: Bearer …”."
                    ),
                    "field": None,
                },
                status=401,
            )
            response["WWW-Authenticate"] = 'Bearer realm="guanai"'
            return response
        return redirect_to_login(request.get_full_path())

    return wrapped

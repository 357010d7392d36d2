"""Turn refusals into JSON responses: ``{"detail": message, "field": field}``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from guanai.core.errors import DomainError, PermissionRefused, StaleEdit


class ErrorOut(Schema):
    detail: str
    field: str | None = None


# Every operation needs a caller; listed in each operation's responses for the docs.
AUTH_ERRORS: dict[int, type[Schema]] = {401: ErrorOut}

# Schema validation by ninja answers 422 with a list of errors; a rule of the domain
# answers with one message a clerk can read, so it gets a status of its own.
STATUS_OF = {PermissionRefused: 403, StaleEdit: 409}
DOMAIN_STATUS = 400


# Pydantic's messages are English whatever the caller's language; a clerk's script reads
# the reason in Chinese (issue 12). Each error type gets our own message, with the limits
# of its ``ctx``; a message our own input types raise is already in the caller's language.
def _field_messages() -> dict[str, str]:
    number = _("Enter a number.")
    whole = _("Enter a whole number.")
    date = _("Enter a date as YYYY-MM-DD.")
    datetime = _("Enter a date and time as YYYY-MM-DDTHH:MM.")
    an_object = _("Send an object with named fields.")
    return {
        "missing": _("This field is required."),
        "string_type": _("Enter text."),
        "string_too_short": _("Enter at least %(min_length)s characters."),
        "string_too_long": _("Enter at most %(max_length)s characters."),
        "string_pattern_mismatch": _("The text is not in the expected form."),
        "int_type": whole,
        "int_parsing": whole,
        "int_parsing_size": whole,
        "int_from_float": whole,
        "float_type": number,
        "float_parsing": number,
        "decimal_type": number,
        "decimal_parsing": number,
        "decimal_max_places": _("Enter a number with at most %(decimal_places)s decimals."),
        "decimal_max_digits": _("Enter a number with at most %(max_digits)s digits."),
        "finite_number": number,
        "greater_than": _("Enter a number greater than %(gt)s."),
        "greater_than_equal": _("Enter a number of at least %(ge)s."),
        "less_than": _("Enter a number less than %(lt)s."),
        "less_than_equal": _("Enter a number of at most %(le)s."),
        "bool_type": _("Enter true or false."),
        "bool_parsing": _("Enter true or false."),
        "date_type": date,
        "date_parsing": date,
        "date_from_datetime_parsing": date,
        "date_from_datetime_inexact": date,
        "datetime_type": datetime,
        "datetime_parsing": datetime,
        "datetime_from_date_parsing": datetime,
        "enum": _("Choose one of: %(expected)s."),
        "literal_error": _("Choose one of: %(expected)s."),
        "list_type": _("Send a list."),
        "too_short": _("Send at least %(min_length)s items."),
        "too_long": _("Send at most %(max_length)s items."),
        "dict_type": an_object,
        "model_type": an_object,
        "model_attributes_type": an_object,
        "json_invalid": _("The request body is not valid JSON."),
        "json_type": _("The request body is not valid JSON."),
        "extra_forbidden": _("This field is not expected."),
        "uuid_parsing": _("Enter a valid identifier."),
        "uuid_type": _("Enter a valid identifier."),
    }


def translated(error: dict[str, Any]) -> dict[str, Any]:
    """Return a validation error with its ``msg`` in the active language."""
    kind = str(error.get("type", ""))
    message = _field_messages().get(kind)
    if message is None:
        if kind == "value_error":
            # Our own validators' messages: translated where they were raised.
            message = str(error.get("msg", "")).removeprefix("Value error, ")
        else:
            message = _("This value is not accepted.")
    else:
        context = {k: _plain(v) for k, v in (error.get("ctx") or {}).items()}
        try:
            message = message % context if "%(" in message else message
        except (KeyError, ValueError):
            message = message.split("%(")[0].rstrip(" :：")
    return {**error, "msg": message}


def _plain(value: Any) -> str:
    return str(value).replace("'", "").replace(" or ", "、")


def install(api: NinjaAPI) -> None:
    """Register the handlers for domain errors, unknown objects and missing credentials."""

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        status = next(
            (code for kind, code in STATUS_OF.items() if isinstance(exc, kind)), DOMAIN_STATUS
        )
        body = {"detail": str(exc.message), "field": exc.field}
        return api.create_response(request, body, status=status)

    @api.exception_handler(ValidationError)
    def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        body = {"detail": [translated(dict(error)) for error in exc.errors]}
        return api.create_response(request, body, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # Ninja's own refusals: a body that is not JSON, and the CSRF check of a session.
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            # A body that is no JSON is refused input like any other: 422, as documented.
            error = {"type": "json_invalid", "loc": ["body"], "msg": ""}
            return api.create_response(request, {"detail": [translated(error)]}, status=422)
        if "csrf" in message.lower():
            message = _("The page's security token is missing or old: reload the page.")
        return api.create_response(
            request, {"detail": message, "field": None}, status=exc.status_code
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        body = {"detail": _("Not found."), "field": None}
        return api.create_response(request, body, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = {
            "detail": _("Log in, or send a personal API token as “Authorization: Bearer …”."),
            "field": None,
        }
        response = api.create_response(request, body, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="guanai"'
        return response

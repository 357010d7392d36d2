"""Turn refusals into JSON responses: ``{"detail": message, "field": field}``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError

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


def install(api: NinjaAPI) -> None:
    """Register the handlers for domain errors, unknown objects and missing credentials."""

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        status = next(
            (code for kind, code in STATUS_OF.items() if isinstance(exc, kind)), DOMAIN_STATUS
        )
        body = {"detail": str(exc.message), "field": exc.field}
        return api.create_response(request, body, status=status)

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

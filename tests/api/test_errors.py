"""Domain errors become JSON answers with a status that says what went wrong."""

from __future__ import annotations

import itertools

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

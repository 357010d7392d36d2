"""The OpenAPI schema, and the API fuzzed against it by schemathesis: no server errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from guanai.accounts.models import User
from guanai.api.urls import api
from guanai.core.idnumber import make_id
from guanai.registry import services
from guanai.registry.models import Category, ContactKind, Person
from tests.api.conftest import bearer
from tests.conftest import Region, logged_in

# Loaded from the API object, not through a fixture: schemathesis's lazy fixture loader
# does not work with pytest 9.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture
def wsgi_app(db: None) -> Iterator[WSGIHandler]:
    """Serve the project's WSGI application in-process, inside the test's transaction.

    A real WSGI request ends by closing "old" database connections, which would close the
    connection holding the test's transaction; Django's test client unhooks the same
    signal handler for the same reason.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_docs_page_is_served_to_a_logged_in_user(county_leader: User) -> None:
    response = logged_in(county_leader).get("/api/docs")

    assert response.status_code == 200
    assert b"swagger-ui" in response.content


def test_the_schema_and_the_docs_need_a_login(county_leader: User) -> None:
    # Anonymous: a script gets 401 (in Chinese by default), a browser the login page.
    schema_answer = Client().get("/api/openapi.json")
    assert schema_answer.status_code == 401
    assert schema_answer.json()["detail"].startswith("请登录")
    docs = Client().get("/api/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    # A token is enough for the schema.
    assert Client().get("/api/openapi.json", headers=bearer(county_leader)).status_code == 200


def test_served_schema_lists_the_operations(county_leader: User) -> None:
    paths = logged_in(county_leader).get("/api/openapi.json").json()["paths"]

    assert set(paths) >= {
        "/api/me",
        "/api/tokens",
        "/api/tokens/{token_id}",
        "/api/org-units",
        "/api/org-units/{unit_id}",
        "/api/persons",
        "/api/persons/{person_id}",
        "/api/persons/{person_id}/reveal",
        "/api/persons/{person_id}/archive",
        "/api/persons/{person_id}/categories",
        "/api/persons/{person_id}/categories/{entry_id}/end",
        "/api/persons/{person_id}/contacts",
    }


@pytest.fixture
def roster(region: Region, township_worker: User) -> dict[str, int]:
    """A person of the worker's township, and the ids that reach it and its units."""
    person = services.person_register(
        acting_user=township_worker,
        org_unit=region.lengqi,
        data=services.PersonData(
            name="张三", id_number=make_id("513322", date(2014, 6, 1), 246), phone="13912345678"
        ),
        categories=[(Category.LEFT_BEHIND, date(2020, 1, 1))],
    )
    services.contact_add(
        acting_user=township_worker,
        person=person,
        kind=ContactKind.GUARDIAN,
        name="张大爷",
        phone="13887654321",
        is_guardian=True,
    )
    return {
        "person_id": person.pk,
        "entry_id": person.categories.get().pk,
        "unit_id": region.lengqi.pk,
        "org_unit_id": region.lengqi.pk,
        "school_id": region.lengqi_school.pk,
        "village_id": region.ganlusi.pk,
    }


def aim(case: Case, known: dict[str, int]) -> None:
    """Point the generated ids of a case at the worker's person and units, and its version.

    Random ids are almost never found, so without this the operations on a person would
    only ever be tried on "not found".
    """
    containers: list[Any] = [case.path_parameters, case.query, case.body]
    for values in containers:
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            if type(value) is int and key in known:
                values[key] = known[key]
            elif type(value) is int and key == "version":
                values[key] = Person.objects.get(pk=known["person_id"]).version


# Examples per operation and mode. The fuzz has found its bugs on PostgreSQL (dates it cannot
# hold, NUL characters, time-zone offsets), the production database: it tries most there,
# and a lighter pass on SQLite (the suite's first run) keeps that run's time down. With
# about 300 operations in two modes, 12 and 8 keep the suite within its time (CI under 30
# minutes).
EXAMPLES = {"postgresql": 8}.get(connection.vendor, 4)

OPERATIONS = [
    (method.upper(), path)
    for path, methods in schema.raw_schema["paths"].items()
    for method in methods
]


# Each operation is a test of its own (not schemathesis's own parametrize, whose
# generated tests share one node id, which pytest-xdist then runs only once).
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_never_answers_with_a_server_error(
    method: str,
    path: str,
    mode: GenerationMode,
    wsgi_app: WSGIHandler,
    township_worker: User,
    roster: dict[str, int],
) -> None:
    checked: list[int] = []

    @given(case=schema[path][method].as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def call(case: Case) -> None:
        # Every other example as generated, the others aimed at the worker's own person.
        if len(checked) % 2:
            aim(case, roster)
        # A generated Host header names no host of ours: Django answers 400 before the API
        # is reached (ALLOWED_HOSTS), which says nothing about the API.
        if case.headers:
            case.headers = {k: v for k, v in case.headers.items() if k.lower() != "host"}
        # A fresh token per example: a generated DELETE may revoke the one before it.
        response = case.call(app=wsgi_app, headers=bearer(township_worker))
        case.validate_response(
            response,
            checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
        )
        checked.append(response.status_code)

    call()

    assert checked
    assert max(checked) < 500

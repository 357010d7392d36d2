"""The catalogue through the API: the same services, checks and refusals as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanai.accounts.models import User
from guanai.inkind.models import Service
from tests.api.conftest import bearer
from tests.inkind.support import World, service
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db
RULES = {"categories": ["disabled"], "types": [4], "age_min": 60}


def api(user: User) -> Client:
    return Client(headers=bearer(user))


def send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def test_the_catalogue_lists_the_services_with_their_rules_explained(world: World) -> None:
    client = api(world.lengqi_worker)
    listing = client.get("/api/inkind/services").json()
    assert listing["count"] == 12
    first = listing["items"][0]
    assert (first["code"], first["name"], first["kind"]) == ("wheelchair", "轮椅", "device")
    assert first["explanation"] == [
        "Disabled person (Physical disability or Multiple disabilities)"
    ]
    assert first["built_in"] and first["needs_serial"] and not first["is_project"]

    devices = client.get("/api/inkind/services", {"kind": "device"}).json()
    assert [s["code"] for s in devices["items"]] == [
        "wheelchair",
        "hearing_aid",
        "prosthesis",
        "crutches",
        "other_device",
    ]
    Service.objects.filter(code="crutches").update(active=False)
    stopped = client.get("/api/inkind/services", {"active": "false"}).json()
    assert [s["code"] for s in stopped["items"]] == ["crutches"]

    housing = service("housing_renovation")
    detail = client.get(f"/api/inkind/services/{housing.pk}").json()
    assert "力争三年内消除散居五保户危房" in detail["basis"]
    assert detail["rules"] == housing.rules
    assert detail["explanation"][-1] == "House Dangerous, grade C or Dangerous, grade D"


def test_a_county_leader_adds_a_service_and_bad_input_changes_nothing(world: World) -> None:
    client = api(world.county_leader)
    body = {"code": "walking_frame", "name": "助行架", "kind": "device", "rules": RULES}

    taken = send(client, "post", "/api/inkind/services", {**body, "code": "wheelchair"})
    assert taken.status_code == 400
    assert taken.json() == {"detail": "The code wheelchair is taken.", "field": "code"}
    wrong = send(client, "post", "/api/inkind/services", {**body, "rules": {"categories": []}})
    assert wrong.json() == {
        "detail": "Choose at least one category the service is for.",
        "field": "categories",
    }
    grades = send(
        client,
        "post",
        "/api/inkind/services",
        {**body, "rules": {"categories": ["disabled"], "grades": [5]}},
    )
    assert grades.json()["detail"].startswith("Disability grades: choose among 1、2、3、4")
    assert send(client, "post", "/api/inkind/services", {**body, "kind": "car"}).status_code == 422
    refused = send(api(world.lengqi_leader), "post", "/api/inkind/services", body)
    assert refused.status_code == 403
    assert not Service.objects.filter(code="walking_frame").exists()

    made = send(client, "post", "/api/inkind/services", body)

    assert made.status_code == 201
    assert made.json()["explanation"] == [
        "Disabled person (Physical disability)",
        "Aged 60 or over",
    ]
    assert made.json()["active"] and not made.json()["built_in"]


def test_a_county_leader_changes_a_rule_and_the_explanation_follows(world: World) -> None:
    wheelchair = service("wheelchair")
    url = f"/api/inkind/services/{wheelchair.pk}"
    client = api(world.county_leader)

    changed = send(
        client, "patch", url, {"version": wheelchair.version, "rules": RULES, "code": "chair"}
    )

    assert changed.status_code == 200, changed.content
    assert changed.json()["explanation"] == [
        "Disabled person (Physical disability)",
        "Aged 60 or over",
    ]
    # The fields not sent are kept, and the code never changes
    assert changed.json()["code"] == "wheelchair" and changed.json()["name"] == "轮椅"
    assert changed.json()["needs_serial"]
    stale = send(client, "patch", url, {"version": wheelchair.version, "name": "电动轮椅"})
    assert stale.status_code == 409
    assert "Someone changed this service after you opened it" in stale.json()["detail"]
    refused = send(api(world.lengqi_leader), "patch", url, {"version": 2, "active": False})
    assert refused.status_code == 403
    bad = send(
        client, "patch", url, {"version": 2, "rules": {"categories": ["disabled"], "age_max": -1}}
    )
    assert bad.json() == {
        "detail": "Highest age must be a whole number of years from 0 to 120.",
        "field": "age_max",
    }
    saved = service("wheelchair")
    assert (saved.name, saved.active, saved.rules, saved.version) == ("轮椅", True, RULES, 2)


def test_an_administrator_reads_no_catalogue(world: World, county_sysadmin: User) -> None:
    client = api(county_sysadmin)
    assert client.get("/api/inkind/services").json() == {"items": [], "count": 0}
    assert client.get(f"/api/inkind/services/{service('wheelchair').pk}").status_code == 404


def test_the_list_costs_as_many_queries_for_one_service_as_for_fifty(world: World) -> None:
    Service.objects.all().delete()
    Service.objects.create(code="s0", name="服务0", kind="device", rules=RULES)
    client = api(world.lengqi_worker)
    client.get("/api/inkind/services")
    with count_queries() as few:
        client.get("/api/inkind/services")
    for n in range(1, 50):
        Service.objects.create(code=f"s{n}", name=f"服务{n}", kind="training", rules=RULES)
    with count_queries() as many:
        listing = client.get("/api/inkind/services").json()
    assert_same_query_count(few, many)
    assert listing["count"] == 50 and len(listing["items"]) == 50

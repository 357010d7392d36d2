"""The catalogue pages, read in English: the services by kind with who qualifies, a service
with its policy basis, and a county leader adding and changing services (the rules ticked
and typed, checked by the service; a refusal beside its field, nothing changed)."""

from __future__ import annotations

from typing import Any

import pytest

from guanai.inkind.models import Service
from tests.conftest import logged_in
from tests.inkind.support import World, service
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def posted(found: Service, **changes: Any) -> dict[str, Any]:
    """Return the edit form of ``found`` as the page fills it in, with ``changes``."""
    rules = found.rules
    data: dict[str, Any] = {
        "version": found.version,
        "name": found.name,
        "kind": found.kind,
        "basis": found.basis,
        "categories": rules["categories"],
        "types": rules.get("types", []),
        "grades": rules.get("grades", []),
        "support": rules.get("support", []),
        "also": rules.get("also", []),
        "house": rules.get("house", []),
        "age_min": rules.get("age_min", ""),
        "age_max": rules.get("age_max", ""),
    }
    for flag in ("is_project", "needs_serial", "active"):
        if getattr(found, flag):
            data[flag] = "on"
    if rules.get("not_centralised"):
        data["not_centralised"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_list_shows_the_services_by_kind_with_who_qualifies(world: World) -> None:
    Service.objects.filter(code="crutches").update(active=False)

    page = logged_in(world.lengqi_worker).get("/inkind/catalogue/", **EN).content.decode()

    # The kinds head their services, in the order of the kinds
    assert page.index("Assistive device") < page.index("轮椅") < page.index("Rehabilitation")
    assert page.index("Rehabilitation") < page.index("贫困脑瘫儿童康复救助")
    # Each service's rules in sentences, and whether it is in use
    assert "Aged 60 or over" in page
    assert "Not in centralised support (not living in a welfare home)" in page
    crutches = page[page.index('data-service="crutches"') :]
    assert "Stopped" in crutches[: crutches.index("</tr>")]
    assert "New service" not in page


def test_the_list_costs_as_many_queries_for_one_service_as_for_fifty(world: World) -> None:
    Service.objects.all().delete()
    rules = {"categories": ["disabled"], "types": [4], "age_min": 60}
    Service.objects.create(code="s0", name="服务0", kind="device", rules=rules)
    client = logged_in(world.county_leader)
    client.get("/inkind/catalogue/")
    with count_queries() as few:
        client.get("/inkind/catalogue/")
    for n in range(1, 50):
        Service.objects.create(code=f"s{n}", name=f"服务{n}", kind="training", rules=rules)
    with count_queries() as many:
        page = client.get("/inkind/catalogue/", **EN).content.decode()
    assert_same_query_count(few, many)
    assert page.count("<tr data-service=") == 50


def test_the_detail_quotes_the_plan_and_explains_the_rules(world: World) -> None:
    housing = service("housing_renovation")

    page = (
        logged_in(world.lengqi_worker)
        .get(f"/inkind/catalogue/{housing.pk}/", **EN)
        .content.decode()
    )

    assert "力争三年内消除散居五保户危房" in page
    assert "housing_renovation" in page and "Built in; the code never changes." in page
    assert "As a project: survey, plan, funding, works, acceptance" in page
    assert "Scattered support" in page
    assert "House Dangerous, grade C or Dangerous, grade D" in page
    assert f"/inkind/catalogue/{housing.pk}/edit/" not in page


def test_a_county_leader_changes_a_rule_and_the_explanation_changes(world: World) -> None:
    wheelchair = service("wheelchair")
    client = logged_in(world.county_leader)
    detail = f"/inkind/catalogue/{wheelchair.pk}/"
    assert "Aged 60 or over" not in client.get(detail, **EN).content.decode()
    form = client.get(f"{detail}edit/", **EN).content.decode()
    assert "wheelchair" in form and "The code never changes." in form

    # When the leader ticks physical disability only and types 60 as the lowest age
    answer = client.post(
        f"{detail}edit/", posted(wheelchair, types=[4], age_min="60"), follow=True, **EN
    )

    page = answer.content.decode()
    assert "轮椅 was saved." in page
    assert "Aged 60 or over" in page
    assert "Multiple disabilities" not in page
    saved = service("wheelchair")
    assert saved.rules == {"categories": ["disabled"], "types": [4], "age_min": 60}
    assert saved.version == wheelchair.version + 1 and saved.code == "wheelchair"


def test_a_bad_rule_is_refused_beside_its_field_and_nothing_changes(world: World) -> None:
    wheelchair = service("wheelchair")
    client = logged_in(world.county_leader)

    answer = client.post(
        f"/inkind/catalogue/{wheelchair.pk}/edit/",
        posted(wheelchair, name="电动轮椅", age_min="70", age_max="60"),
        **EN,
    )

    assert answer.status_code == 400
    page = answer.content.decode()
    assert "The lowest age is above the highest age." in page
    # What was typed stays in the form
    assert 'value="电动轮椅"' in page and 'value="70"' in page
    assert service("wheelchair").name == "轮椅"
    assert service("wheelchair").rules == wheelchair.rules


def test_types_for_a_category_that_has_none_are_refused(world: World) -> None:
    training = service("skills_training")
    answer = logged_in(world.county_leader).post(
        f"/inkind/catalogue/{training.pk}/edit/", posted(training, types=[2]), **EN
    )
    assert "Disability types and grades apply to disabled persons alone." in answer.content.decode()
    assert service("skills_training").rules == training.rules


def test_a_stale_form_is_refused(world: World) -> None:
    wheelchair = service("wheelchair")
    client = logged_in(world.county_leader)
    url = f"/inkind/catalogue/{wheelchair.pk}/edit/"
    client.post(url, posted(wheelchair, name="轮椅（手动）"))

    answer = client.post(url, posted(wheelchair, name="轮椅（电动）"), **EN)

    assert "Someone changed this service after you opened it" in answer.content.decode()
    assert service("wheelchair").name == "轮椅（手动）"


def test_a_county_leader_adds_a_service(world: World) -> None:
    client = logged_in(world.county_leader)
    data = {
        "code": "walking_frame",
        "name": "助行架",
        "kind": "device",
        "categories": ["disabled"],
        "types": ["4"],
        "age_min": "60",
        "active": "on",
    }
    taken = client.post("/inkind/catalogue/new/", {**data, "code": "wheelchair"}, **EN)
    assert "The code wheelchair is taken." in taken.content.decode()
    bad = client.post("/inkind/catalogue/new/", {**data, "code": "助行架"}, **EN)
    assert "The code is 1 to 40 lowercase letters" in bad.content.decode()
    empty = client.post("/inkind/catalogue/new/", {**data, "categories": []}, **EN)
    assert "Choose at least one category the service is for." in empty.content.decode()
    assert not Service.objects.filter(name="助行架").exists()

    page = client.post("/inkind/catalogue/new/", data, follow=True, **EN).content.decode()

    assert "助行架 was added." in page and "Aged 60 or over" in page
    made = Service.objects.get(code="walking_frame")
    assert made.active and not made.built_in
    listed = client.get("/inkind/catalogue/", **EN).content.decode()
    assert 'data-service="walking_frame"' in listed


def test_a_township_worker_reads_only(world: World) -> None:
    wheelchair = service("wheelchair")
    for user in (world.lengqi_worker, world.lengqi_leader, world.xinglong_worker):
        client = logged_in(user)
        assert "New service" not in client.get("/inkind/catalogue/", **EN).content.decode()
        detail = client.get(f"/inkind/catalogue/{wheelchair.pk}/", **EN).content.decode()
        assert "轮椅" in detail and "/edit/" not in detail
        assert client.get(f"/inkind/catalogue/{wheelchair.pk}/edit/").status_code == 403
        assert client.get("/inkind/catalogue/new/").status_code == 403
        refused = client.post(f"/inkind/catalogue/{wheelchair.pk}/edit/", posted(wheelchair))
        assert refused.status_code == 403
    assert service("wheelchair").version == wheelchair.version


def test_an_administrator_has_no_catalogue_and_an_unknown_service_is_404(
    world: World, county_sysadmin: Any
) -> None:
    # A system administrator sees no beneficiary data (separation of duties)
    assert logged_in(county_sysadmin).get("/inkind/catalogue/").status_code == 403
    assert logged_in(world.county_leader).get("/inkind/catalogue/999999/").status_code == 404

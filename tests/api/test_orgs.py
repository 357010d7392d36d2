"""Org units through the API: scoped like the pages (DESIGN §5)."""

from __future__ import annotations

from django.test import Client

from guanai.accounts.models import Role, User
from guanai.orgs.models import OrgKind
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_num_queries

# Token look-up, memberships, the page and its count (the last-used stamp is written
# at most every few minutes).
LIST_QUERIES = 4


def list_names(client: Client, headers: dict[str, str], query: str = "") -> list[str]:
    response = client.get(f"/api/org-units{query}", headers=headers)
    assert response.status_code == 200
    return [unit["name"] for unit in response.json()["items"]]


def test_township_worker_lists_own_subtree_only(region: Region, township_worker: User) -> None:
    names = list_names(Client(), bearer(township_worker))

    assert sorted(names) == sorted(["冷碛镇", "甘露寺村", "冷碛镇中心小学"])
    assert "兴隆镇" not in names and "沈村" not in names and "泸定县" not in names


def test_unit_of_another_township_is_404(region: Region, township_worker: User) -> None:
    headers = bearer(township_worker)

    for unit in (region.xinglong, region.shencun, region.xinglong_school, region.county):
        response = Client().get(f"/api/org-units/{unit.pk}", headers=headers)
        assert response.status_code == 404, unit.name
        assert response.json()["detail"] == "Not found."


def test_unknown_unit_is_404(region: Region, county_leader: User) -> None:
    headers = bearer(county_leader)

    # The second id is beyond a 64-bit integer, which the database cannot even compare.
    for unit_id in ("987654321", "99999999999999999999999"):
        response = Client().get(f"/api/org-units/{unit_id}", headers=headers)
        assert response.status_code == 404, unit_id


def test_unit_detail_has_parent_and_children(region: Region, township_worker: User) -> None:
    response = Client().get(f"/api/org-units/{region.lengqi.pk}", headers=bearer(township_worker))

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "冷碛镇"
    assert body["code"] == "513322101000"
    assert body["kind"] == "township"
    assert body["kind_label"] == "Township"
    assert body["parent_id"] == region.county.pk
    assert sorted(body["child_ids"]) == sorted([region.ganlusi.pk, region.lengqi_school.pk])


def test_list_filters_by_name_code_and_kind(region: Region, county_leader: User) -> None:
    client, headers = Client(), bearer(county_leader)

    assert list_names(client, headers, "?q=兴隆") == ["兴隆镇", "兴隆镇中心小学"]
    assert list_names(client, headers, "?q=513322102") == ["兴隆镇", "沈村"]
    assert sorted(list_names(client, headers, "?kind=village")) == sorted(["甘露寺村", "沈村"])
    assert list_names(client, headers, "?q=兴隆&kind=school") == ["兴隆镇中心小学"]
    assert list_names(client, headers, "?q=成都") == []


def test_bad_filters_and_pages_are_422(region: Region, county_leader: User) -> None:
    headers = bearer(county_leader)

    for query in ("kind=castle", "q=%00", "page=0", "page=100001", "page_size=201"):
        response = Client().get(f"/api/org-units?{query}", headers=headers)
        assert response.status_code == 422, query


def test_list_is_paginated(region: Region, county_leader: User) -> None:
    client, headers = Client(), bearer(county_leader)
    # The county leader sees the county, its 2 townships, 2 villages, 2 schools and 1 office.
    first = client.get("/api/org-units?page_size=5", headers=headers).json()
    second = client.get("/api/org-units?page_size=5&page=2", headers=headers).json()

    assert first["count"] == second["count"] == 8
    assert len(first["items"]) == 5
    assert len(second["items"]) == 3
    assert not {u["id"] for u in first["items"]} & {u["id"] for u in second["items"]}


def test_list_query_count_is_fixed_at_1_and_50_units(region: Region) -> None:
    township = factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name="新兴镇")
    worker = factories.user(unit=township, role=Role.WORKER)
    client, headers = Client(), bearer(worker)
    client.get("/api/org-units", headers=headers)  # the token's first use is written down

    with assert_num_queries(LIST_QUERIES):
        one = client.get("/api/org-units", headers=headers).json()
    for _ in range(49):
        factories.org_unit(parent=township, kind=OrgKind.VILLAGE)
    with assert_num_queries(LIST_QUERIES):
        fifty = client.get("/api/org-units", headers=headers).json()

    assert one["count"] == 1 and len(one["items"]) == 1
    assert fifty["count"] == 50 and len(fifty["items"]) == 50

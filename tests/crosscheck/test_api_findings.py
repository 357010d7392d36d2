"""Findings through the API, read in English: filtered, explained, resolved by hand with a
reason and the version read; never an ID number; the scope of units and roles; the list in
as many queries for one finding as for fifty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from guanai.accounts.models import Role
from guanai.core.crypto import lookup_hash
from guanai.crosscheck.models import Finding, FindingKind, FindingStatus
from tests import factories
from tests.crosscheck.api_support import DEATHS, api, post_json, post_list
from tests.crosscheck.support import World, outsider_id
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db
DIBAO = ["姓名", "身份证号", "户主", "保障金额"]


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = str(tmp_path)


def deaths_finding(world: World) -> dict[str, Any]:
    """Upload a deaths list naming 王小芳; return her finding as the list answers it."""
    rows = [DEATHS, ["王小芳", world.orphan.id_number, "2025-03-04"]]
    made = post_list(api(world.lengqi_worker), world.region.lengqi, rows)
    assert made.status_code == 201, made.content
    [finding] = api(world.lengqi_worker).get("/api/crosscheck/findings").json()["items"]
    return finding


def test_findings_are_listed_filtered_and_explained_without_numbers(world: World) -> None:
    client = api(world.lengqi_worker)
    lengqi = world.region.lengqi
    post_list(client, lengqi, [DEATHS, ["王小芳", world.orphan.id_number, "2025-03-04"]])
    rows = [
        DIBAO,
        ["赵低", world.dibao.id_number, "赵低", "600"],
        ["新户", outsider_id(), "新户", ""],
    ]
    dibao = post_list(client, lengqi, rows, kind="dibao", filename="dibao.csv")
    assert dibao.json()["findings"] == {"dibao_not_listed": 1, "dibao_unregistered": 1}

    listing = client.get("/api/crosscheck/findings").json()
    assert listing["count"] == 3
    kinds = {f["kind"]: f for f in listing["items"]}
    assert set(kinds) == {"death_active_file", "dibao_not_listed", "dibao_unregistered"}
    unregistered = kinds["dibao_unregistered"]
    assert (unregistered["person"], unregistered["name"]) == (None, "新户")
    assert unregistered["unit"] == {"id": lengqi.pk, "name": "冷碛镇"}
    assert kinds["dibao_not_listed"]["person"] == {"id": world.dibao_gone.pk, "name": "钱低"}
    assert Finding.objects.get(kind="dibao_unregistered").id_number == outsider_id()

    by_list_kind = client.get("/api/crosscheck/findings", {"list_kind": "deaths"}).json()
    assert [f["kind"] for f in by_list_kind["items"]] == ["death_active_file"]
    by_kind = client.get("/api/crosscheck/findings", {"kind": "dibao_unregistered"}).json()
    assert [f["id"] for f in by_kind["items"]] == [unregistered["id"]]
    assert client.get("/api/crosscheck/findings", {"status": "fixed"}).json()["count"] == 0
    village = client.get("/api/crosscheck/findings", {"unit_id": world.region.ganlusi.pk})
    assert village.json() == {"items": [], "count": 0}

    detail = client.get(f"/api/crosscheck/findings/{unregistered['id']}")
    assert detail.json()["explanation"] == (
        "On the dibao list, registered in this area, but not in the registry: register the person."
    )
    assert detail.json()["facts"] == {"household": "新户"}
    death = client.get(f"/api/crosscheck/findings/{kinds['death_active_file']['id']}").json()
    assert death["explanation"].startswith("Died on 4 Mar 2025 according to the list")
    assert death["facts"]["death_date"] == "2025-03-04"
    assert (death["status"], death["resolution"], death["resolved_by"]) == ("open", "", "")
    # Neither the number nor its hash, in the list or in a finding
    for answer in (client.get("/api/crosscheck/findings"), detail):
        text = answer.content.decode()
        for number in (outsider_id(), world.orphan.id_number, world.dibao_gone.id_number):
            assert number not in text and lookup_hash(number) not in text
        assert "id_number" not in text and '"key"' not in text


def test_a_finding_is_resolved_with_a_reason_and_the_version_read(world: World) -> None:
    finding = deaths_finding(world)
    url = f"/api/crosscheck/findings/{finding['id']}/resolve"
    client = api(world.lengqi_worker)

    no_reason = post_json(client, url, {"version": 1, "status": "not_error", "resolution": "  "})
    assert no_reason.status_code == 400
    assert no_reason.json() == {
        "detail": "Say how it was fixed, or why it is not an error.",
        "field": "resolution",
    }
    still_open = post_json(client, url, {"version": 1, "status": "open", "resolution": "看过"})
    assert still_open.status_code == 422
    assert still_open.json()["detail"][0]["loc"][-1] == "status"
    too_long = post_json(client, url, {"version": 1, "status": "fixed", "resolution": "长" * 301})
    assert too_long.status_code == 422
    stale = post_json(client, url, {"version": 2, "status": "fixed", "resolution": "已注销"})
    assert stale.status_code == 409
    assert Finding.objects.get(pk=finding["id"]).status == FindingStatus.OPEN

    done = post_json(
        client, url, {"version": 1, "status": "not_error", "resolution": "本人健在，公安名单有误"}
    )

    assert done.status_code == 200, done.content
    found = done.json()
    assert (found["status"], found["resolution"], found["version"]) == (
        "not_error",
        "本人健在，公安名单有误",
        2,
    )
    assert found["resolved_by"] == world.lengqi_worker.full_name and found["resolved_at"]
    again = post_json(client, url, {"version": 2, "status": "fixed", "resolution": "再次"})
    assert (again.status_code, again.json()["detail"]) == (400, "This finding is resolved already.")
    assert client.get("/api/crosscheck/findings", {"status": "not_error"}).json()["count"] == 1


def test_the_scope_of_units_and_roles(world: World) -> None:
    finding = deaths_finding(world)
    url = f"/api/crosscheck/findings/{finding['id']}"
    body = {"version": 1, "status": "fixed", "resolution": "已注销"}
    lengqi = world.region.lengqi

    outsider = api(world.xinglong_worker)
    assert outsider.get(url).status_code == 404
    assert post_json(outsider, f"{url}/resolve", body).status_code == 404
    assert outsider.get("/api/crosscheck/findings").json() == {"items": [], "count": 0}
    assert outsider.get("/api/crosscheck/findings", {"unit_id": lengqi.pk}).status_code == 404
    viewer = api(factories.user(unit=lengqi, role=Role.VIEWER))
    assert viewer.get(url).json()["kind"] == "death_active_file"
    refused = post_json(viewer, f"{url}/resolve", body)
    assert refused.status_code == 403
    assert (
        refused.json()["detail"] == "Only a leader or worker of the finding's unit may resolve it."
    )
    for role in (Role.HELPER, Role.SYSADMIN):
        other = api(factories.user(unit=lengqi, role=role))
        for answer in (
            other.get(url),
            other.get("/api/crosscheck/findings"),
            post_json(other, f"{url}/resolve", body),
        ):
            assert answer.status_code == 403
    assert Finding.objects.get(pk=finding["id"]).status == FindingStatus.OPEN
    # The county works the township's findings
    county = post_json(api(world.county_leader), f"{url}/resolve", body)
    assert county.json()["status"] == "fixed"


def test_the_list_costs_as_many_queries_for_one_finding_as_for_fifty(world: World) -> None:
    template = Finding.objects.get(pk=deaths_finding(world)["id"])
    client = api(world.lengqi_leader)
    client.get("/api/crosscheck/findings")
    with count_queries() as few:
        client.get("/api/crosscheck/findings")
    persons = [world.disabled, world.child, world.dibao, world.dibao_gone, world.healthy]
    for n in range(49):
        Finding.objects.create(
            kind=FindingKind.NAME_DIFFERS,
            list_kind="deaths",
            org_unit=world.region.lengqi if n % 2 else world.region.ganlusi,
            person=persons[n % len(persons)] if n % 3 else None,
            key=f"k{n}",
            name=f"名{n}",
            facts={"list_name": f"名{n}"},
            first_list=template.first_list,
            last_list=template.last_list,
            found_at=timezone.now(),
        )
    with count_queries() as many:
        found = client.get("/api/crosscheck/findings").json()
    assert_same_query_count(few, many)
    assert found["count"] == 50 and len(found["items"]) == 50
    assert {f["unit"]["name"] for f in found["items"]} == {"冷碛镇", "甘露寺村"}
    assert any(f["person"] is None for f in found["items"])


def test_the_detail_costs_a_fixed_number_of_queries(world: World) -> None:
    finding = deaths_finding(world)
    client = api(world.lengqi_leader)
    url = f"/api/crosscheck/findings/{finding['id']}"
    client.get(url)
    with count_queries() as open_:
        client.get(url)
    post_json(client, f"{url}/resolve", {"version": 1, "status": "fixed", "resolution": "已注销"})
    with count_queries() as resolved:
        assert client.get(url).json()["resolved_by"] == world.lengqi_leader.full_name
    assert_same_query_count(open_, resolved)

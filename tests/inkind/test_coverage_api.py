"""The API of not served and targets: the same lists and counts as the pages, the same
checks with their messages (in English here), 404 for the other township, fixed queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.utils import timezone

from guanai.inkind.models import ServiceTarget
from tests.api.conftest import bearer
from tests.inkind.coverage_support import delivered, target
from tests.inkind.support import World, disabled
from tests.support.queries import assert_same_query_count, count_queries


def get(user: Any, url: str, **params: Any) -> Any:
    return Client().get(url, params, headers=bearer(user))


def send(user: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(Client(), method)(
        url, body, content_type="application/json", headers=bearer(user)
    )


def test_the_summary_per_service(world: World) -> None:
    delivered(world, world.deaf, "hearing_aid", date(2026, 5, 3))

    answer = get(world.lengqi_worker, "/api/inkind/coverage", unit_id=world.region.lengqi.pk)

    assert answer.status_code == 200
    body = answer.json()
    assert body["unit"] == {"id": world.region.lengqi.pk, "name": "冷碛镇"}
    by_code = {s["service"]: s for s in body["services"]}
    assert by_code["wheelchair"] == {
        "service": "wheelchair",
        "name": "轮椅",
        "eligible": 1,
        "served": 0,
        "not_served": 1,
    }
    assert (by_code["hearing_aid"]["served"], by_code["hearing_aid"]["not_served"]) == (1, 0)


def test_the_not_served_list(world: World) -> None:
    answer = get(
        world.lengqi_worker,
        "/api/inkind/not-served",
        unit_id=world.region.lengqi.pk,
        service="wheelchair",
    )

    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    [row] = body["items"]
    assert row["person"] == {"id": world.elder.pk, "name": "王大爷"}
    assert row["age"] == 76
    assert row["open_request"] is None
    assert row["reasons"]
    assert "id_number" not in str(row) and world.elder.id_number not in str(body)


def test_an_open_request_is_named(world: World) -> None:
    from guanai.inkind.applications import application_create
    from tests.inkind.support import service

    made = application_create(
        world.lengqi_worker, person=world.elder, service=service("wheelchair"), source="office"
    )
    body = get(world.lengqi_worker, "/api/inkind/not-served", service="wheelchair").json()
    assert body["items"][0]["open_request"] == {"id": made.pk, "status": "requested"}


def test_another_township_gets_404(world: World) -> None:
    outsider = world.xinglong_worker
    lengqi = world.region.lengqi.pk
    made = target(world)

    assert get(outsider, "/api/inkind/coverage", unit_id=lengqi).status_code == 404
    not_served = get(outsider, "/api/inkind/not-served", unit_id=lengqi, service="wheelchair")
    assert not_served.status_code == 404
    assert get(outsider, "/api/inkind/targets", unit_id=lengqi).status_code == 404
    assert get(outsider, f"/api/inkind/targets/{made.pk}").status_code == 404
    patched = send(
        outsider, "patch", f"/api/inkind/targets/{made.pk}", {"version": 1, "title": "x"}
    )
    assert patched.status_code == 404
    archived = send(outsider, "post", f"/api/inkind/targets/{made.pk}/archive", {"version": 1})
    assert archived.status_code == 404
    assert ServiceTarget.objects.get().title == "轮椅应配尽配"
    assert ServiceTarget.objects.get().archived_at is None


def test_an_unknown_service_is_404(world: World) -> None:
    answer = get(world.lengqi_worker, "/api/inkind/not-served", service="nothing")
    assert answer.status_code == 404


def test_a_leader_sets_changes_and_archives_a_target(world: World) -> None:
    delivered(world, world.elder, "wheelchair", date(2025, 5, 3))
    leader = world.lengqi_leader

    made = send(
        leader,
        "post",
        "/api/inkind/targets",
        {
            "unit_id": world.region.lengqi.pk,
            "service": "wheelchair",
            "title": "三年配发轮椅",
            "start_year": 2025,
            "end_year": 2027,
            "measure": "count",
            "goal": 2,
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["title"], body["service_code"], body["goal"], body["status"]) == (
        "三年配发轮椅",
        "wheelchair",
        2,
        "on_track",
    )
    this_year = timezone.localdate().year
    assert [y["year"] for y in body["years"]] == [2025, 2026, 2027]
    assert body["years"][0] | {"when": "past"} == {
        "year": 2025,
        "when": "past",
        "delivered": 1,
        "cumulative": 1,
        "remaining": None,
        "rate": 50,
    }
    assert body["this_year"]["year"] == this_year

    changed = send(
        leader, "patch", f"/api/inkind/targets/{body['id']}", {"version": 1, "goal": 1}
    ).json()
    assert (changed["goal"], changed["version"], changed["status"]) == (1, 2, "met")
    assert changed["title"] == "三年配发轮椅"

    stale = send(leader, "patch", f"/api/inkind/targets/{body['id']}", {"version": 1, "goal": 5})
    assert stale.status_code == 409
    assert "Someone changed this target" in stale.json()["detail"]

    archived = send(leader, "post", f"/api/inkind/targets/{body['id']}/archive", {"version": 2})
    assert archived.json()["archived"] is True
    listed = get(leader, "/api/inkind/targets").json()
    assert listed["count"] == 0
    assert get(leader, "/api/inkind/targets", archived="true").json()["count"] == 1


def test_a_bad_target_is_refused_with_the_message(world: World) -> None:
    answer = send(
        world.lengqi_leader,
        "post",
        "/api/inkind/targets",
        {
            "unit_id": world.region.lengqi.pk,
            "service": "wheelchair",
            "title": "轮椅",
            "start_year": 2027,
            "end_year": 2026,
            "measure": "all_served",
        },
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "The last year cannot be before the first year.",
        "field": "end_year",
    }
    assert not ServiceTarget.objects.exists()


def test_a_worker_sets_no_target(world: World) -> None:
    answer = send(
        world.lengqi_worker,
        "post",
        "/api/inkind/targets",
        {
            "unit_id": world.region.lengqi.pk,
            "service": "wheelchair",
            "title": "轮椅",
            "start_year": 2026,
            "end_year": 2026,
            "measure": "all_served",
        },
    )
    assert answer.status_code == 403
    assert not ServiceTarget.objects.exists()


def test_the_lists_run_as_many_queries_at_50_rows_as_at_1(world: World) -> None:
    worker = world.lengqi_worker
    headers = bearer(worker)
    client = Client()
    target(world, title="目标")
    urls = [
        f"/api/inkind/not-served?service=wheelchair&unit_id={world.region.lengqi.pk}",
        "/api/inkind/targets",
    ]
    small = {}
    for url in urls:
        client.get(url, headers=headers)
        with count_queries() as small[url]:
            client.get(url, headers=headers)
    for n in range(49):
        disabled(world.region.lengqi, f"刘{n:02d}", date(1950, 1, 1), 4, 2, sequence=600 + n)
        target(world, title=f"目标{n}", measure="count" if n % 2 else "all_served", goal=n + 1)
    for url in urls:
        with count_queries() as large:
            body = client.get(url, headers=headers).json()
        assert len(body["items"]) == 50
        assert_same_query_count(small[url], large)

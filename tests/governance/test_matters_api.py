"""Practical matters through the API: the same rules as the pages, scoped alike, and the
list and the detail at a fixed number of queries for 1 and 50 rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client

from guanai.accounts.models import User
from guanai.governance.models import MatterStatus, PracticalMatter
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.governance.matters_support import PNG, YEAR, matter, photo, progress
from tests.support.queries import assert_same_query_count, count_queries

pytest_plugins = ["tests.governance.matters_support"]

LIST = "/api/governance/matters"


def api(user: User) -> Client:
    return Client(headers=bearer(user))


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def new_body(region: Region, owner: User, **change: Any) -> dict[str, Any]:
    return {
        "unit_id": region.lengqi.pk,
        "year": YEAR,
        "title": "为30名留守儿童开通亲情电话",
        "lead_unit_id": region.lengqi.pk,
        "owner_id": owner.pk,
        "deadline": f"{YEAR}-09-30",
        "target": "30",
        "target_unit": "名",
    } | change


def test_a_matter_from_the_list_to_done(region: Region, township_worker: User, media: Path) -> None:
    client = api(township_worker)
    made = post(client, LIST, new_body(region, township_worker))
    assert made.status_code == 201, made.content
    found = made.json()
    assert found["status"] == "planned" and found["target"] == "30.00"
    url = f"{LIST}/{found['id']}"
    refused = post(client, f"{url}/done", {"version": 1})
    assert refused.status_code == 400 and "evidence" in refused.json()["detail"]
    reported = client.post(
        f"{url}/progress",
        {
            "version": 1,
            "on": f"{YEAR}-05-01",
            "text": "已开通12部",
            "reached": "12",
            "photos": [photo()],
        },
    )
    assert reported.status_code == 201, reported.content
    detail = reported.json()
    assert detail["status"] == "in_progress" and detail["reached"] == "12.00"
    [update] = detail["progress"]
    photo_url = update["photos"][0]["url"]
    served = client.get(photo_url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]
    done = post(client, f"{url}/done", {"version": detail["version"]})
    assert done.status_code == 200 and done.json()["status"] == "done"
    listed = client.get(LIST, {"unit_id": region.lengqi.pk, "year": YEAR}).json()
    assert listed["counts"]["done"] == 1 and listed["count"] == 1


def test_bad_input_is_400_and_nothing_is_stored(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    client = api(township_worker)
    wrong_deadline = post(
        client, LIST, new_body(region, township_worker, deadline=f"{YEAR + 1}-02-01")
    )
    assert wrong_deadline.status_code == 400 and wrong_deadline.json()["field"] == "deadline"
    wrong_unit = post(
        client, LIST, new_body(region, township_worker, lead_unit_id=region.xinglong.pk)
    )
    assert wrong_unit.status_code == 400 and wrong_unit.json()["field"] == "lead_unit"
    unseen = post(client, LIST, new_body(region, other_township_worker))
    assert unseen.status_code == 400 and unseen.json()["field"] == "owner"
    negative = post(client, LIST, new_body(region, township_worker, target="-1"))
    assert negative.status_code == 400 and negative.json()["field"] == "target"
    assert not PracticalMatter.objects.exists()


def test_scoping_permissions_and_a_stale_version(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    prefecture_viewer: User,
    township_leader: User,
) -> None:
    made = matter(region.lengqi, township_worker)
    url = f"{LIST}/{made.pk}"
    outsider = api(other_township_worker)
    assert outsider.get(url).status_code == 404
    assert outsider.get(LIST, {"unit_id": region.lengqi.pk}).status_code == 404
    assert post(outsider, f"{url}/drop", {"version": 1, "reason": "x"}).status_code == 404
    viewer = api(prefecture_viewer)
    assert viewer.get(url).status_code == 200
    assert post(viewer, f"{url}/drop", {"version": 1, "reason": "不做了"}).status_code == 403
    created = post(viewer, LIST, new_body(region, township_worker))
    assert created.status_code == 403
    worker = api(township_worker)
    dropped = post(worker, f"{url}/drop", {"version": 1, "reason": "资金未到位"})
    assert dropped.status_code == 200 and dropped.json()["status"] == "dropped"
    assert post(worker, f"{url}/reopen", {"version": 2}).status_code == 403  # a worker
    reopened = post(api(township_leader), f"{url}/reopen", {"version": 1})
    assert reopened.status_code == 409  # stale: the drop raised it to 2
    reopened = post(api(township_leader), f"{url}/reopen", {"version": 2})
    assert reopened.status_code == 200 and reopened.json()["status"] == "planned"
    made.refresh_from_db()
    assert made.status == MatterStatus.PLANNED
    edited = worker.put(
        url,
        new_body(region, township_worker, title="改", version=1),
        content_type="application/json",
    )
    assert edited.status_code == 409
    made.refresh_from_db()
    assert made.title == "为30名留守儿童开通亲情电话"


def test_the_list_and_the_detail_cost_as_many_queries_for_one_as_for_fifty(
    region: Region, township_worker: User, media: Path
) -> None:
    client = api(township_worker)
    first = matter(region.lengqi, township_worker)
    progress(first, reached="3", photos=[photo()])
    list_url = f"{LIST}?unit_id={region.lengqi.pk}&year={YEAR}"
    detail_url = f"{LIST}/{first.pk}"
    client.get(list_url)
    with count_queries() as few_list:
        client.get(list_url)
    with count_queries() as few_detail:
        client.get(detail_url)
    for n in range(49):
        progress(matter(region.lengqi, township_worker, title=f"实事{n}"), reached=str(n))
        progress(first, reached=str(n), photos=[photo()])
    with count_queries() as many_list:
        found = client.get(list_url).json()
    with count_queries() as many_detail:
        detail = client.get(detail_url).json()
    assert_same_query_count(few_list, many_list)
    assert_same_query_count(few_detail, many_detail)
    assert found["count"] == 50 and len(found["items"]) == 50
    assert len(detail["progress"]) == 50

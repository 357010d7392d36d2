"""Requests through the API, read in English: the path from the asking to the follow-up, a
project's stages with photos, what a person may receive, the scope of townships and
helpers, and the lists and the detail in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.inkind.applications import application_create
from guanai.inkind.models import Application, Service
from tests import factories
from tests.api.conftest import bearer
from tests.inkind.support import World, service
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def api(user: User) -> Client:
    return Client(headers=bearer(user))


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def ask(client: Client, world: World, person_id: int, code: str = "wheelchair") -> Any:
    body = {"person_id": person_id, "service": code, "source": "office", "reason": "行动不便"}
    return post(client, "/api/inkind/requests", body)


def test_the_request_path_end_to_end(world: World) -> None:
    worker, leader = api(world.lengqi_worker), api(world.lengqi_leader)
    made = ask(worker, world, world.elder.pk)
    assert made.status_code == 201, made.content
    found = made.json()
    url = f"/api/inkind/requests/{found['id']}"
    assert (found["status"], found["version"], found["person"]) == (
        "requested",
        1,
        {"id": world.elder.pk, "name": "王大爷"},
    )
    assert found["eligibility"] == {
        "eligible": True,
        "lines": [
            {"text": "Disabled person (Physical disability or Multiple disabilities)", "met": True}
        ],
    }
    assert found["service"]["code"] == "wheelchair" and found["unit"]["name"] == "冷碛镇"

    assessed = post(
        worker, f"{url}/assess", {"version": 1, "assessment": "需要手动轮椅，座宽45厘米"}
    )
    assert assessed.json()["status"] == "assessed"

    # Delivered before approval: refused with the message, nothing changed
    early = post(worker, f"{url}/deliver", {"version": 2, "serial_number": "LY-001"})
    assert early.status_code == 400
    assert early.json() == {
        "detail": "Only an approved request can be delivered; this one is Assessed.",
        "field": "delivered_on",
    }
    assert worker.get(url).json()["status"] == "assessed"
    assert worker.get(url).json()["version"] == 2
    # Only a leader decides
    assert post(worker, f"{url}/decide", {"version": 2, "approve": True}).status_code == 403
    approved = post(leader, f"{url}/decide", {"version": 2, "approve": True, "note": "同意"})
    assert approved.json()["status"] == "approved"
    assert approved.json()["decided_by"] == world.lengqi_leader.full_name

    no_serial = post(worker, f"{url}/deliver", {"version": 3})
    assert no_serial.json() == {
        "detail": "Write the serial number of the 轮椅 delivered.",
        "field": "serial_number",
    }
    stale = post(worker, f"{url}/deliver", {"version": 2, "serial_number": "LY-001"})
    assert stale.status_code == 409
    delivery = {"version": 3, "serial_number": "LY-001", "supplier": "县残联", "cost": "1,280.5"}
    delivered = post(worker, f"{url}/deliver", delivery).json()
    assert (delivered["status"], delivered["cost"], delivered["serial_number"]) == (
        "delivered",
        "1280.50",
        "LY-001",
    )
    assert delivered["delivered_on"] == f"{timezone.localdate():%Y-%m-%d}"

    unused = post(worker, f"{url}/follow-ups", {"status": "unused"})
    assert unused.json() == {"detail": "Say why it needs repair or is not used.", "field": "reason"}
    followed = post(worker, f"{url}/follow-ups", {"status": "needs_repair", "reason": "刹车坏了"})
    assert followed.status_code == 201
    assert followed.json()["followups"] == [
        {
            "visited_on": f"{timezone.localdate():%Y-%m-%d}",
            "status": "needs_repair",
            "reason": "刹车坏了",
        }
    ]
    listing = worker.get("/api/inkind/requests", {"status": "delivered", "service": "wheelchair"})
    assert [r["id"] for r in listing.json()["items"]] == [found["id"]]


def test_a_second_open_request_a_refusal_and_a_cancel(world: World) -> None:
    worker, leader = api(world.lengqi_worker), api(world.lengqi_leader)
    first = ask(worker, world, world.deaf.pk, "hearing_aid").json()
    again = ask(worker, world, world.deaf.pk, "hearing_aid")
    assert again.status_code == 400
    assert again.json()["detail"].startswith("李听 already has an open request for 助听器")
    unknown = ask(worker, world, world.deaf.pk, "jetpack")
    assert unknown.json() == {
        "detail": "There is no service with the code jetpack.",
        "field": "service",
    }
    url = f"/api/inkind/requests/{first['id']}"
    no_reason = post(leader, f"{url}/decide", {"version": 1, "approve": False})
    assert no_reason.json()["detail"] == "Say why the request is refused."
    cancelled = post(worker, f"{url}/cancel", {"version": 1, "reason": "已外出务工"})
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == (
        "cancelled",
        "已外出务工",
    )
    assert Application.objects.filter(person=world.deaf).count() == 1


def stage(client: Client, url: str, version: int, name: str, **values: Any) -> Any:
    return client.post(f"{url}/stages", {"version": version, "stage": name, **values})


def test_a_project_records_its_stages_with_photos(world: World) -> None:
    worker, leader = api(world.lengqi_worker), api(world.lengqi_leader)
    made = ask(worker, world, world.scattered.pk, "housing_renovation").json()
    url = f"/api/inkind/requests/{made['id']}"
    post(leader, f"{url}/decide", {"version": 1, "approve": True})
    photo = SimpleUploadedFile("house.png", PNG, content_type="image/png")
    fake = SimpleUploadedFile("house.jpg", b"not a photo", content_type="image/jpeg")

    wrong = stage(worker, url, 2, "survey", photos=[fake])
    assert wrong.json() == {"detail": "house.jpg is not a JPEG or PNG photo.", "field": "photos"}
    out_of_order = stage(worker, url, 2, "plan")
    assert out_of_order.json()["detail"] == "The next stage to record is Survey of the house."
    surveyed = stage(worker, url, 2, "survey", note="D级危房", photos=[photo])
    assert surveyed.status_code == 201, surveyed.content
    [recorded] = surveyed.json()["stages"]
    assert (recorded["stage"], recorded["note"]) == ("survey", "D级危房")
    assert surveyed.json()["next_stage"] == "plan"
    [shown] = recorded["photos"]
    assert shown["url"] == f"/api/inkind/photos/{shown['id']}"
    read = worker.get(shown["url"])
    assert read["Content-Type"] == "image/png" and b"".join(read.streaming_content) == PNG
    assert api(world.xinglong_worker).get(shown["url"]).status_code == 404

    stage(worker, url, 3, "plan", note="原址重建")
    unfunded = stage(worker, url, 4, "funding")
    assert unfunded.json() == {"detail": "Enter the amount.", "field": "amount"}
    stage(worker, url, 4, "funding", amount="35000")
    stage(worker, url, 5, "works")
    accepted = stage(worker, url, 6, "acceptance").json()

    assert (accepted["status"], accepted["cost"], accepted["next_stage"]) == (
        "delivered",
        "35000.00",
        None,
    )
    assert [s["stage"] for s in accepted["stages"]] == [
        "survey",
        "plan",
        "funding",
        "works",
        "acceptance",
    ]
    # The house is now safe: the rules no longer find her in a dangerous house
    assert accepted["eligibility"]["eligible"] is False


def test_what_a_person_may_receive(world: World) -> None:
    worker = api(world.lengqi_worker)
    made = ask(worker, world, world.elder.pk).json()
    found = {
        s["service"]["code"]: s
        for s in worker.get(f"/api/inkind/persons/{world.elder.pk}/services").json()
    }
    assert set(found) == {s.code for s in Service.objects.filter(active=True)}
    assert found["wheelchair"]["eligibility"]["eligible"] is True
    assert found["wheelchair"]["open_request_id"] == made["id"]
    assert found["wheelchair"]["requests"][0]["status"] == "requested"
    assert found["hearing_aid"]["eligibility"] == {
        "eligible": False,
        "lines": [
            {"text": "Disabled person (Hearing disability or Multiple disabilities)", "met": False}
        ],
    }
    assert found["prosthesis"]["eligibility"]["lines"][1] == {
        "text": "Aged 60 or over",
        "met": True,
    }


def test_another_township_gets_404_for_every_request_and_person(world: World) -> None:
    made = ask(api(world.lengqi_worker), world, world.elder.pk).json()
    url = f"/api/inkind/requests/{made['id']}"
    outsider = api(world.xinglong_worker)

    assert outsider.get(url).status_code == 404
    for step, body in (
        ("assess", {"version": 1, "assessment": "看看"}),
        ("decide", {"version": 1, "approve": True}),
        ("deliver", {"version": 1, "serial_number": "X"}),
        ("cancel", {"version": 1, "reason": "看看"}),
        ("follow-ups", {"status": "in_use"}),
    ):
        answer = post(outsider, f"{url}/{step}", body)
        assert (answer.status_code, answer.json()["detail"]) == (404, "Not found.")
    assert stage(outsider, url, 1, "survey").status_code == 404
    assert ask(outsider, world, world.elder.pk).status_code == 404
    assert outsider.get(f"/api/inkind/persons/{world.elder.pk}/services").status_code == 404
    assert outsider.get("/api/inkind/requests").json() == {"items": [], "count": 0}
    lengqi = outsider.get("/api/inkind/requests", {"unit_id": world.region.lengqi.pk})
    assert lengqi.status_code == 404 or lengqi.json()["count"] == 0
    # And the other way round: 冷碛镇's worker does not reach 兴隆镇's person
    assert ask(api(world.lengqi_worker), world, world.other.pk).status_code == 404
    assert Application.objects.get(pk=made["id"]).status == "requested"


def test_a_helper_asks_for_a_paired_person_and_reads_only_their_own_requests(world: World) -> None:
    helper = factories.user(unit=world.region.lengqi, role=Role.HELPER, username="ik_helper")
    pairing_start(
        acting_user=world.lengqi_worker,
        person=world.elder,
        role=HelperRole.PAIRED_CADRE,
        started_on=timezone.localdate() - timedelta(days=30),
        helper=helper,
    )
    theirs = ask(api(world.lengqi_worker), world, world.elder.pk, "prosthesis").json()
    client = api(helper)

    made = ask(client, world, world.elder.pk)

    assert made.status_code == 201, made.content
    assert made.json()["source"] == "office" and made.json()["requested_by"] == helper.full_name
    listing = client.get("/api/inkind/requests").json()
    assert [r["id"] for r in listing["items"]] == [made.json()["id"]]
    assert client.get(f"/api/inkind/requests/{theirs['id']}").status_code == 404
    refused = post(
        client,
        f"/api/inkind/requests/{made.json()['id']}/assess",
        {"version": 1, "assessment": "好"},
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only a leader or worker of the person's unit may do this."
    assert ask(client, world, world.deaf.pk).status_code == 404


def test_the_lists_cost_as_many_queries_for_one_request_as_for_fifty(world: World) -> None:
    worker = world.lengqi_worker
    application_create(worker, person=world.elder, service=service("wheelchair"), source="office")
    client = api(worker)
    urls = ["/api/inkind/requests", f"/api/inkind/persons/{world.elder.pk}/services"]
    for url in urls:
        client.get(url)
    few = {}
    for url in urls:
        with count_queries() as few[url]:
            client.get(url)
    for n in range(49):
        extra = Service.objects.create(
            code=f"extra{n}", name=f"服务{n}", kind="other", rules={"categories": ["disabled"]}
        )
        application_create(worker, person=world.elder, service=extra, source="office")
    answers = {}
    for url in urls:
        with count_queries() as many:
            answers[url] = client.get(url).json()
        assert_same_query_count(few[url], many)
    assert answers[urls[0]]["count"] == 50 and len(answers[urls[0]]["items"]) == 50
    assert sum(len(entry["requests"]) for entry in answers[urls[1]]) == 50


def test_the_detail_costs_a_fixed_number_of_queries(world: World) -> None:
    worker, leader = api(world.lengqi_worker), api(world.lengqi_leader)
    made = ask(worker, world, world.scattered.pk, "housing_renovation").json()
    url = f"/api/inkind/requests/{made['id']}"
    post(leader, f"{url}/decide", {"version": 1, "approve": True})
    photo = SimpleUploadedFile("house.png", PNG, content_type="image/png")
    stage(worker, url, 2, "survey", photos=[photo])
    with count_queries() as few:
        worker.get(url)

    for version, name in enumerate(("plan", "funding", "works", "acceptance"), start=3):
        photos = [
            SimpleUploadedFile(f"{name}{n}.png", PNG, content_type="image/png") for n in range(3)
        ]
        stage(worker, url, version, name, amount="100" if name == "funding" else "", photos=photos)
    for reason in ("", "漏雨", "裂缝"):
        post(
            worker,
            f"{url}/follow-ups",
            {"status": "needs_repair" if reason else "in_use", "reason": reason},
        )
    with count_queries() as many:
        found = worker.get(url).json()

    assert_same_query_count(few, many)
    assert len(found["stages"]) == 5 and len(found["followups"]) == 3
    assert sum(len(s["photos"]) for s in found["stages"]) == 13

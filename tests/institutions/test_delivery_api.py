"""The services API: the same validation and scoping as the pages (the services refuse),
the month summary, placements followed up to stable, and list query counts fixed at 1 and
50 rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.institutions import delivery
from guanai.institutions.models import Placement, ServiceLog
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.institutions.delivery_support import admit, refuse
from tests.institutions.support import TODAY, XINGLONG_HOME_CODE, Home, hire, home_in
from tests.support.queries import assert_same_query_count, count_queries

JSON = "application/json"


def api(user: User) -> Client:
    return Client(headers=bearer(user))


@pytest.fixture
def home(region: Region) -> Home:
    return home_in(region.lengqi)


def test_a_session_is_logged_listed_and_taken_back(home: Home) -> None:
    resident = admit(home.institution)
    nurse = hire(home.institution, "陈护理", "nurse")
    client = api(home.clerk)
    url = f"/api/institution-residents/{resident.pk}/services"
    added = client.post(
        url, {"type": "self_care", "minutes": 25, "staff_id": nurse.pk, "note": "穿衣"}, JSON
    )
    assert added.status_code == 201
    body = added.json()
    assert body == {
        "id": body["id"],
        "resident_id": resident.pk,
        "on": "2026-12-06",
        "type": "self_care",
        "minutes": 25,
        "staff": {"id": nurse.pk, "name": "陈护理"},
        "note": "穿衣",
    }
    listed = client.get(url).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert client.delete(f"/api/service-logs/{body['id']}").status_code == 204
    assert not ServiceLog.objects.exists()


def test_bad_sessions_are_refused_with_their_field(home: Home, region: Region) -> None:
    resident = admit(home.institution, started_on=date(2026, 9, 1))
    client = api(home.clerk)
    url = f"/api/institution-residents/{resident.pk}/services"
    other = home_in(region.xinglong, name="兴隆镇日间照料中心", code=XINGLONG_HOME_CODE)
    foreign = hire(other.institution, "外机构", "caregiver")
    cases = [
        ({"on": "2026-08-31", "type": "daily_care", "minutes": 30}, 400, "on"),
        ({"on": "2026-12-07", "type": "daily_care", "minutes": 30}, 400, "on"),
        ({"type": "daily_care", "minutes": 30, "staff_id": foreign.pk}, 400, "staff_id"),
        ({"type": "daily_care", "minutes": 0}, 422, None),
        ({"type": "cooking", "minutes": 30}, 422, None),
    ]
    for payload, status, field in cases:
        answer = client.post(url, payload, JSON)
        assert answer.status_code == status, payload
        if field:
            assert answer.json()["field"] == field
    applicant = refuse(home.institution)
    answer = client.post(
        f"/api/institution-residents/{applicant.pk}/services",
        {"type": "daily_care", "minutes": 30},
        JSON,
    )
    assert answer.status_code == 400
    assert not ServiceLog.objects.exists()


def test_the_month_summary_and_a_placement_followed_up_to_stable(home: Home) -> None:
    ana = admit(home.institution, "安娜", started_on=date(2026, 10, 1))
    idle = admit(home.institution, "闲置", started_on=date(2026, 10, 1))
    coach = hire(home.institution, "刘就业", "employment")
    client = api(home.clerk)
    for day, minutes in [(2, 60), (3, 30)]:
        delivery.service_log_add(
            acting_user=home.clerk,
            resident=ana,
            on=date(2026, 11, day),
            type="daily_care",
            minutes=minutes,
        )
    made = client.post(
        f"/api/institution-residents/{ana.pk}/placements",
        {"employer": "茶厂", "job": "包装工", "started_on": "2026-11-01", "coach_id": coach.pk},
        JSON,
    )
    assert made.status_code == 201
    job = made.json()
    assert (job["coach"]["name"], job["follow_up_days"], job["follow_ups"]) == ("刘就业", 30, [])
    month = client.get(f"/api/institutions/{home.unit.pk}/services?month=2026-11").json()
    assert month["total"] == {"sessions": 2, "minutes": 90}
    assert {"type": "daily_care", "sessions": 2, "minutes": 90} in month["by_type"]
    assert [(r["resident_id"], r["minutes"]) for r in month["residents"]] == [
        (idle.pk, 0),
        (ana.pk, 90),
    ]
    assert [(d["placement_id"], d["due_on"], d["overdue"]) for d in month["follow_ups_due"]] == [
        (job["id"], "2026-12-01", True)
    ]
    assert client.get(f"/api/institutions/{home.unit.pk}/services?month=2026-13").status_code == 400
    stable = client.post(
        f"/api/placements/{job['id']}/follow-ups",
        {"note": "工作稳定", "staff_id": coach.pk, "stable": True},
        JSON,
    )
    assert stable.status_code == 201
    assert stable.json()["stable_on"] == "2026-12-06"
    month = client.get(f"/api/institutions/{home.unit.pk}/services").json()
    assert month["follow_ups_due"] == []
    stale = client.post(
        f"/api/placements/{job['id']}/end",
        {"ended_on": "2026-12-06", "reason": "辞职", "version": 1},
        JSON,
    )
    assert stale.status_code == 409
    ended = client.post(
        f"/api/placements/{job['id']}/end",
        {"ended_on": "2026-12-06", "reason": "辞职", "version": 2},
        JSON,
    )
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-12-06"
    assert Placement.objects.get().end_reason == "辞职"


def test_the_api_is_scoped_as_the_pages(home: Home, region: Region) -> None:
    resident = admit(home.institution)
    saved = delivery.service_log_add(
        acting_user=home.clerk, resident=resident, on=TODAY, type="daily_care", minutes=30
    )
    job = delivery.placement_add(
        acting_user=home.clerk, resident=resident, employer="茶厂", job="工", started_on=TODAY
    )
    other = home_in(region.xinglong, name="兴隆镇日间照料中心", code=XINGLONG_HOME_CODE)
    outsider = api(other.clerk)
    for url in (
        f"/api/institution-residents/{resident.pk}/services",
        f"/api/institution-residents/{resident.pk}/placements",
        f"/api/institutions/{home.unit.pk}/services",
        f"/api/placements/{job.pk}",
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.delete(f"/api/service-logs/{saved.pk}").status_code == 404
    assert (
        outsider.post(f"/api/placements/{job.pk}/follow-ups", {"note": "看看"}, JSON).status_code
        == 404
    )
    viewer = api(factories.user(unit=region.county, role=Role.VIEWER))
    assert viewer.get(f"/api/placements/{job.pk}").status_code == 200
    assert viewer.delete(f"/api/service-logs/{saved.pk}").status_code == 403
    helper = api(factories.user(unit=home.unit, role=Role.HELPER))
    assert helper.get(f"/api/institutions/{home.unit.pk}/services").status_code == 403
    assert ServiceLog.objects.count() == 1


def test_the_lists_run_as_many_queries_for_fifty_rows_as_for_one(home: Home) -> None:
    client = api(home.clerk)
    first = admit(home.institution, "第一", started_on=date(2026, 11, 1))
    nurse = hire(home.institution, "陈护理", "nurse")

    def serve(resident: object) -> None:
        delivery.service_log_add(
            acting_user=home.clerk,
            resident=resident,  # type: ignore[arg-type]
            on=TODAY,
            type="daily_care",
            minutes=30,
            staff=nurse,
        )

    def place(on: date) -> None:
        job = delivery.placement_add(
            acting_user=home.clerk, resident=first, employer="茶厂", job="工", started_on=on
        )
        delivery.follow_up_add(acting_user=home.clerk, placement=job, on=on, note="好", staff=nurse)
        delivery.placement_end(
            acting_user=home.clerk, placement=job, ended_on=on, reason="换岗", version=1
        )

    serve(first)
    place(date(2026, 11, 1))
    urls = [
        f"/api/institution-residents/{first.pk}/services",
        f"/api/institution-residents/{first.pk}/placements",
        f"/api/institutions/{home.unit.pk}/services",
    ]
    client.get(urls[0])
    with count_queries() as one:
        for url in urls:
            assert client.get(url).status_code == 200
    for n in range(49):
        serve(first)
        serve(admit(home.institution, f"住{n}", started_on=date(2026, 11, 1)))
        place(date(2026, 11, 2))
    with count_queries() as fifty:
        found = [client.get(url).json() for url in urls]
    assert len(found[0]["items"]) == 50
    assert len(found[1]) == 50
    assert len(found[2]["residents"]) == 50
    assert_same_query_count(one, fifty)

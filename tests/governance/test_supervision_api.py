"""The supervision API: recording a visit, reading it and its rectifications, reporting with
a photo, accepting and sending back; scoping, bad input and fixed query counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from guanai.accounts.models import User
from guanai.governance.models import Rectification, RectificationReport, Visit
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.governance import supervision_support as s
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db


def api(user: User) -> Client:
    return Client(headers=bearer(user))


def body(region: Region, **changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "org_unit_id": region.county.pk,
        "inspected_id": region.lengqi.pk,
        "visited_on": f"{today:%Y-%m-%d}",
        "team": "高德华",
        "checks": [{"label": "结对帮扶覆盖率", "figure": "85%", "verdict": "issue"}],
        "findings": [
            {
                "finding": "帮扶人未落实",
                "required": "落实帮扶人",
                "deadline": f"{today + timedelta(days=7):%Y-%m-%d}",
            },
            {
                "finding": "台账不全",
                "required": "补齐台账",
                "deadline": f"{today + timedelta(days=14):%Y-%m-%d}",
                "org_unit_id": region.ganlusi.pk,
            },
        ],
    }
    values.update(changes)
    return values


def test_the_county_records_the_township_reports_and_the_county_accepts(region: Region) -> None:
    p = s.people(region)
    county, township = api(p.county_worker), api(p.lengqi_worker)
    made = county.post("/api/governance/visits", body(region), content_type="application/json")
    assert made.status_code == 201, made.content
    visit = made.json()
    assert [r["org_unit"]["name"] for r in visit["rectifications"]] == ["冷碛镇", "甘露寺村"]
    first = visit["rectifications"][0]
    url = f"/api/governance/rectifications/{first['id']}"
    # Text alone is refused; with a photo it is sent.
    refused = township.post(url + "/report", {"version": first["version"], "text": "已整改"})
    assert refused.status_code == 400
    assert not RectificationReport.objects.exists()
    sent = township.post(
        url + "/report", {"version": first["version"], "text": "已整改", "photos": [s.png()]}
    )
    assert sent.status_code == 201, sent.content
    reported = sent.json()
    assert reported["status"] == "reported"
    photo_url = reported["reports"][0]["photos"][0]["url"]
    assert township.get(photo_url).status_code == 200
    assert api(p.xinglong_worker).get(photo_url).status_code == 404
    # The township cannot accept its own; the county sends it back without a reason: 400.
    assert (
        township.post(
            url + "/accept", {"version": reported["version"]}, content_type="application/json"
        ).status_code
        == 403
    )
    no_reason = county.post(
        url + "/return",
        {"version": reported["version"], "reason": ""},
        content_type="application/json",
    )
    assert no_reason.status_code == 400
    accepted = county.post(
        url + "/accept", {"version": reported["version"]}, content_type="application/json"
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["on_time"] is True


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"inspected_id": "county"}, 400),  # not below the county
        ({"visited_on": "tomorrow"}, 400),
        ({"team": "长" * 201}, 422),
        ({"link": "/no/such/page/"}, 400),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(
    region: Region, changes: dict[str, str], status: int
) -> None:
    p = s.people(region)
    county = api(p.county_worker)
    if "link" in changes:
        r = s.first(s.recorded(region, p.county_worker, timezone.localdate()))
        answer = api(p.lengqi_worker).post(
            f"/api/governance/rectifications/{r.pk}/report",
            {"version": r.version, "text": "见台账", "link": changes["link"]},
        )
        assert answer.status_code == status
        assert answer.json()["field"] == "link" if "field" in answer.json() else True
        assert not RectificationReport.objects.exists()
        return
    values = dict(changes)
    if values.get("inspected_id") == "county":
        values["inspected_id"] = region.county.pk  # type: ignore[assignment]
    if values.get("visited_on") == "tomorrow":
        values["visited_on"] = f"{timezone.localdate() + timedelta(days=1):%Y-%m-%d}"
    answer = county.post(
        "/api/governance/visits", body(region, **values), content_type="application/json"
    )
    assert answer.status_code == status, answer.content
    assert not Visit.objects.exists()


def test_another_township_gets_404(region: Region) -> None:
    p = s.people(region)
    visit = s.recorded(region, p.county_worker, timezone.localdate())
    other, own = api(p.xinglong_worker), api(p.lengqi_worker)
    for url in (
        f"/api/governance/visits/{visit.pk}",
        f"/api/governance/rectifications/{s.first(visit).pk}",
    ):
        assert own.get(url).status_code == 200
        assert other.get(url).status_code == 404
    # Naming a unit outside one's scope is 404 too.
    made = other.post("/api/governance/visits", body(region), content_type="application/json")
    assert made.status_code == 404


def test_the_checklist_offers_the_reports_lines(region: Region) -> None:
    p = s.people(region)
    lines = api(p.county_worker).get("/api/governance/checklist", {"unit_id": region.lengqi.pk})
    assert lines.status_code == 200
    assert [line["source"] for line in lines.json()] == ["monthly_timeliness"]
    assert lines.json()[0]["short"] is True  # three months missing


def test_the_list_and_the_detail_cost_a_fixed_number_of_queries(region: Region) -> None:
    p = s.people(region)
    client = api(p.county_worker)
    day = timezone.localdate() - timedelta(days=1)
    s.recorded(region, p.county_worker, day)
    visit = Visit.objects.get()
    few: dict[str, Any] = {}
    urls = ["/api/governance/visits", f"/api/governance/visits/{visit.pk}"]
    client.get(urls[0])  # the token's first use is written once
    for url in urls:
        with count_queries() as few[url]:
            assert client.get(url).status_code == 200
    for _ in range(49):
        s.recorded(region, p.county_worker, day)
    Rectification.objects.bulk_create(
        Rectification(
            visit=visit,
            org_unit=region.lengqi,
            finding=f"问题{n}",
            required="整改",
            deadline=day,
            position=n + 2,
        )
        for n in range(48)
    )
    for url in urls:
        with count_queries() as many:
            answer = client.get(url).json()
        assert_same_query_count(few[url], many)
    assert api(p.county_worker).get(urls[0]).json()["count"] == 50
    assert len(answer["rectifications"]) == 50

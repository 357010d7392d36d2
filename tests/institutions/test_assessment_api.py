"""The assessment API: a year scored by the county and read with its parts, changed at its
version, bad input refused (400, nothing saved), the institution's own staff and the
township read but do not score, scoping, the score sheets, and the year's list in as many
queries for 50 institutions as for 1."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.test import Client

from guanai.accounts.models import Role, User
from guanai.core.uscc import make_uscc
from guanai.institutions.assessment import national_sheet
from guanai.institutions.models import Assessment, Institution, ScoreSheet
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.institutions.assessment_support import assessor, resident
from tests.institutions.support import XINGLONG_HOME_CODE, home_in
from tests.support.queries import assert_same_query_count, count_queries

SURVEY = {"year": 2026, "respondents": 20, "satisfied": 18, "note": "现场查看"}


def api(user: User) -> Client:
    return Client(headers=bearer(user))


def test_the_county_scores_a_year_and_reads_it_with_its_parts(region: Region) -> None:
    home = home_in(region.lengqi)
    resident(
        home.institution,
        "甲",
        started_on=date(2026, 1, 1),
        sessions=[(date(2026, 3, 1), 1440)] * 10,
    )
    client = api(assessor(region))

    created = client.post(
        f"/api/institutions/{home.unit.pk}/assessments", SURVEY, content_type="application/json"
    )

    assert created.status_code == 201, created.json()
    body = created.json()
    saved = Assessment.objects.get()
    assert (body["year"], body["version"], body["residents"]) == (2026, 1, 1)
    assert Decimal(body["total"]) == saved.total
    assert [p["key"] for p in body["parts"]] == ["checklist", "delivery", "satisfaction"]
    assert [Decimal(p["points"]) for p in body["parts"]] == [
        saved.checklist_points,
        saved.delivery_points,
        saved.satisfaction_points,
    ]
    # 14 400 minutes over 12 months: 1200 a month, the full delivery part.
    assert Decimal(body["parts"][1]["points"]) == 30
    assert {i["ref"] for i in body["unmet_items"]} == {i["ref"] for i in saved.unmet_items}

    read = api(home.clerk).get(f"/api/institutions/{home.unit.pk}/assessments/2026")
    assert read.status_code == 200
    assert read.json()["parts"] == body["parts"]
    listed = api(home.clerk).get(f"/api/institutions/{home.unit.pk}/assessments").json()
    assert [(a["year"], a["parts"]) for a in listed] == [(2026, None)]


def test_a_change_is_at_the_version_read(region: Region) -> None:
    home = home_in(region.lengqi)
    client = api(assessor(region))
    client.post(
        f"/api/institutions/{home.unit.pk}/assessments", SURVEY, content_type="application/json"
    )
    url = f"/api/institutions/{home.unit.pk}/assessments/2026"
    change = {"respondents": 20, "satisfied": 20, "version": 1}

    changed = client.put(url, change, content_type="application/json")
    stale = client.put(url, {**change, "satisfied": 5}, content_type="application/json")

    assert changed.status_code == 200
    assert (changed.json()["version"], Decimal(changed.json()["parts"][2]["points"])) == (2, 30)
    assert stale.status_code == 409
    assert Assessment.objects.get().satisfied == 20


def test_bad_input_is_refused_with_its_field_and_nothing_saved(region: Region) -> None:
    home = home_in(region.lengqi)
    client = api(assessor(region))
    url = f"/api/institutions/{home.unit.pk}/assessments"
    for change, field in [
        ({"satisfied": 21}, "satisfied"),
        ({"respondents": -1, "satisfied": 0}, "respondents"),
        ({"year": 2027}, "year"),
    ]:
        answer = client.post(url, {**SURVEY, **change}, content_type="application/json")
        assert answer.status_code == 400, change
        assert answer.json()["field"] == field
    assert not Assessment.objects.exists()


def test_the_institution_and_the_township_read_but_do_not_score(region: Region) -> None:
    home = home_in(region.lengqi)
    township = factories.user(unit=region.lengqi, role=Role.LEADER)
    for user in (home.clerk, township):
        answer = api(user).post(
            f"/api/institutions/{home.unit.pk}/assessments", SURVEY, content_type="application/json"
        )
        assert answer.status_code == 403
        assert api(user).get(f"/api/institutions/{home.unit.pk}/assessments").status_code == 200
    assert not Assessment.objects.exists()


def test_scoping(region: Region) -> None:
    home = home_in(region.lengqi)
    api(assessor(region)).post(
        f"/api/institutions/{home.unit.pk}/assessments", SURVEY, content_type="application/json"
    )
    other = factories.user(unit=region.xinglong, role=Role.WORKER)
    client = api(other)
    assert client.get(f"/api/institutions/{home.unit.pk}/assessments").status_code == 404
    assert client.get(f"/api/institutions/{home.unit.pk}/assessments/2026").status_code == 404
    assert client.get("/api/institution-assessments?year=2026").json() == {"items": [], "count": 0}
    helper = factories.user(unit=region.lengqi, role=Role.HELPER)
    assert api(helper).get("/api/institution-assessments").status_code == 403


def test_a_county_leader_adds_a_sheet_through_the_api(region: Region, county_leader: User) -> None:
    sheet = {
        "unit_id": region.county.pk,
        "title": "泸定县托养机构考核表",
        "valid_from": "2026-01-01",
        "checklist_weight": 50,
        "delivery_weight": 25,
        "satisfaction_weight": 25,
        "target_minutes": 600,
        "excellent": 90,
        "good": 80,
        "passing": 60,
    }
    client = api(county_leader)
    bad = client.post(
        "/api/institution-score-sheets",
        {**sheet, "checklist_weight": 40},
        content_type="application/json",
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "checklist_weight")
    created = client.post("/api/institution-score-sheets", sheet, content_type="application/json")
    assert created.status_code == 201
    assert (created.json()["unit_id"], created.json()["version"]) == (region.county.pk, 1)
    listed = client.get("/api/institution-score-sheets").json()
    assert [s["unit_id"] for s in listed] == [None, region.county.pk]
    worker = api(assessor(region))
    refused = worker.post("/api/institution-score-sheets", sheet, content_type="application/json")
    assert refused.status_code == 403
    assert ScoreSheet.objects.filter(org_unit=region.county).count() == 1


def _assessed(institution: Institution, sheet: ScoreSheet) -> Assessment:
    return Assessment.objects.create(
        institution=institution,
        year=2026,
        sheet=sheet,
        respondents=10,
        satisfied=9,
        assessed_on=date(2026, 12, 1),
        checklist_met=15,
        checklist_applicable=20,
        residents=0,
        checklist_points=Decimal("30.0"),
        delivery_points=Decimal("0.0"),
        satisfaction_points=Decimal("27.0"),
        total=Decimal("57.0"),
        grade="fail",
    )


def test_the_year_list_runs_as_many_queries_for_50_as_for_1(
    region: Region, county_leader: User
) -> None:
    client = api(county_leader)
    sheet = national_sheet()
    _assessed(home_in(region.xinglong, code=XINGLONG_HOME_CODE).institution, sheet)
    client.get("/api/institution-assessments")
    with count_queries() as one:
        assert client.get("/api/institution-assessments").json()["count"] == 1
    for n in range(49):
        code = make_uscc("5", "2", "513322", f"MJ1{n:06d}")
        _assessed(home_in(region.lengqi, name=f"托养机构{n}", code=code).institution, sheet)
    with count_queries() as fifty:
        assert len(client.get("/api/institution-assessments").json()["items"]) == 50
    assert_same_query_count(one, fifty)

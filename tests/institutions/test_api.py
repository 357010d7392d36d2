"""The institutions API: the same scoping, validation and counts as the pages; list query
counts fixed at 1 and 50 institutions."""

from __future__ import annotations

from urllib.parse import quote

from django.test import Client

from guanai.accounts.models import Role, User
from guanai.core.uscc import make_uscc
from guanai.institutions.models import Staff
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.institutions.support import XINGLONG_HOME_CODE, compliant_staff, hire, home_in
from tests.support.queries import assert_same_query_count, count_queries


def api(user: User) -> Client:
    return Client(headers=bearer(user))


def test_the_detail_gives_the_checklist_and_the_staff(region: Region) -> None:
    home = home_in(region.lengqi, premises="leased", lease_years=3)
    compliant_staff(home.institution)
    found = api(home.clerk).get(f"/api/institutions/{home.unit.pk}").json()
    assert found["code"] == home.unit.code
    assert [i["ref"] for i in found["items"]][:2] == ["机构-1", "机构-2"]
    lease = next(i for i in found["items"] if i["ref"] == "机构-2")
    assert lease == {
        "ref": "机构-2",
        "text": "服务场所应为自有用房或协议承租5年以上。",
        "status": "not_met",
        "reason": "Leased for 3 years, less than 5.",
        "automatic": True,
        "manual": False,
        "checked_on": None,
    }
    assert {s["name"] for s in found["staff"]} == {"王院长", "钱会计", "陈康复", "刘就业"}
    counts = found["checklist"]
    statuses = [i["status"] for i in found["items"]]
    assert counts["not_met"] == statuses.count("not_met")
    assert counts["percent"] == 100 * counts["met"] // (counts["met"] + counts["not_met"])


def test_adding_a_counsellor_through_the_api_turns_the_item_met(region: Region) -> None:
    home = home_in(region.lengqi)
    compliant_staff(home.institution)
    client = api(home.clerk)
    added = client.post(
        f"/api/institutions/{home.unit.pk}/staff",
        {"name": "张咨询", "role": "counsellor", "birth_date": "1988-04-02"},
        content_type="application/json",
    )
    assert added.status_code == 201
    assert added.json()["full_time"] is True
    items = client.get(f"/api/institutions/{home.unit.pk}").json()["items"]
    assert next(i for i in items if i["ref"] == "专业-4")["status"] == "met"


def test_bad_input_is_refused_with_its_field(region: Region) -> None:
    home = home_in(region.lengqi)
    client = api(home.clerk)
    staff = client.post(
        f"/api/institutions/{home.unit.pk}/staff",
        {"name": "小李", "role": "caregiver", "birth_date": "2020-01-01"},
        content_type="application/json",
    )
    assert staff.status_code == 400
    assert staff.json()["field"] == "birth_date"
    unknown_role = client.post(
        f"/api/institutions/{home.unit.pk}/staff",
        {"name": "小李", "role": "chef", "birth_date": "1990-01-01"},
        content_type="application/json",
    )
    assert unknown_role.status_code == 422
    profile = client.put(
        f"/api/institutions/{home.unit.pk}/profile",
        {"type": "residential", "operator": "social", "premises": "leased", "version": 1},
        content_type="application/json",
    )
    assert profile.status_code == 400
    assert profile.json()["field"] == "lease_years"
    evidence = client.put(
        f"/api/institutions/{home.unit.pk}/checklist/{quote('机构-2')}",
        {"status": "met", "checked_on": "2026-12-01"},
        content_type="application/json",
    )
    assert evidence.status_code == 400
    assert not Staff.objects.exists()


def test_the_profile_and_evidence_are_saved_at_their_version(region: Region) -> None:
    home = home_in(region.lengqi)
    client = api(home.clerk)
    body = {
        "type": "day_care",
        "operator": "private",
        "premises": "leased",
        "lease_years": 8,
        "facilities": ["canteen"],
        "version": 1,
    }
    saved = client.put(
        f"/api/institutions/{home.unit.pk}/profile", body, content_type="application/json"
    )
    assert saved.status_code == 200
    assert saved.json()["profile"]["lease_years"] == 8
    stale = client.put(
        f"/api/institutions/{home.unit.pk}/profile", body, content_type="application/json"
    )
    assert stale.status_code == 409
    url = f"/api/institutions/{home.unit.pk}/checklist/{quote('机构-3')}"
    first = client.put(
        url,
        {"status": "met", "note": "登记证书齐全", "checked_on": "2026-12-01"},
        content_type="application/json",
    )
    assert first.status_code == 200
    item = next(i for i in first.json()["items"] if i["ref"] == "机构-3")
    assert (item["status"], item["reason"], item["checked_on"]) == (
        "met",
        "登记证书齐全",
        "2026-12-01",
    )


def test_scoping(region: Region, county_leader: User) -> None:
    home = home_in(region.lengqi)
    other = home_in(region.xinglong, name="兴隆镇日间照料中心", code=XINGLONG_HOME_CODE)
    manager = hire(home.institution, "王院长", "manager")
    county = api(county_leader).get("/api/institutions").json()
    assert {i["name"] for i in county["items"]} == {"冷碛镇阳光家园", "兴隆镇日间照料中心"}
    own = api(home.clerk).get("/api/institutions").json()
    assert [i["name"] for i in own["items"]] == ["冷碛镇阳光家园"] and own["count"] == 1
    outsider = api(other.clerk)
    assert outsider.get(f"/api/institutions/{home.unit.pk}").status_code == 404
    assert outsider.get(f"/api/institution-staff/{manager.pk}").status_code == 404
    assert (
        outsider.post(
            f"/api/institution-staff/{manager.pk}/trainings",
            {"on": "2026-12-01", "title": "培训", "kind": "management"},
            content_type="application/json",
        ).status_code
        == 404
    )
    helper = api(factories.user(unit=home.unit, role=Role.HELPER))
    assert helper.get("/api/institutions").status_code == 403
    viewer = api(factories.user(unit=region.county, role=Role.VIEWER))
    refused = viewer.post(
        f"/api/institutions/{home.unit.pk}/staff",
        {"name": "小李", "role": "caregiver", "birth_date": "1990-01-01"},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_trainings_and_certificates(region: Region) -> None:
    home = home_in(region.lengqi)
    manager = hire(home.institution, "王院长", "manager")
    client = api(home.clerk)
    trained = client.post(
        f"/api/institution-staff/{manager.pk}/trainings",
        {"on": "2026-11-20", "title": "托养管理培训", "kind": "management"},
        content_type="application/json",
    )
    assert trained.status_code == 201
    assert trained.json()["trainings"][0]["title"] == "托养管理培训"
    certified = client.post(
        f"/api/institution-staff/{manager.pk}/certificates",
        {"title": "社会工作者职业资格证书", "expires_on": "2029-12-31"},
        content_type="application/json",
    )
    assert certified.status_code == 201
    assert certified.json()["qualifications"][0]["expires_on"] == "2029-12-31"
    changed = client.put(
        f"/api/institution-staff/{manager.pk}",
        {"name": "王院长", "role": "manager", "birth_date": "1970-05-01", "version": 1},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert changed.json()["version"] == 2


def test_the_list_runs_as_many_queries_for_50_institutions_as_for_1(
    region: Region, county_leader: User
) -> None:
    client = api(county_leader)
    for n in range(50):
        code = make_uscc("5", "2", "513322", f"MJ{n:07d}")
        found = home_in(region.xinglong, name=f"托养机构{n}", code=code)
        hire(found.institution, f"院长{n}", "manager")
        if n == 0:
            client.get("/api/institutions")
            with count_queries() as one:
                assert len(client.get("/api/institutions").json()["items"]) == 1
    with count_queries() as fifty:
        assert len(client.get("/api/institutions").json()["items"]) == 50
    assert_same_query_count(one, fifty)

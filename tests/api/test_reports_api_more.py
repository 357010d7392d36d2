"""What the report pages do, through the API too (issue 12, point 18): KPI targets and
survey counts, the annual assessment, information reports and stories, the dashboard
export, and org units for the system administrator."""

from __future__ import annotations

from typing import Any

from django.test import Client

from guanai.accounts.models import Role
from guanai.core.models import AccessLog
from guanai.orgs.models import OrgUnit
from guanai.reports import assessment, info
from guanai.reports.models import (
    AssessmentSheet,
    InfoReport,
    InfoStatus,
    KpiTarget,
    SheetStatus,
    SurveyCount,
)
from tests import factories
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.reports.conftest import TODAY
from tests.support.queries import assert_same_query_count, count_queries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def zh(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Accept-Language": "zh-hans"}


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    client = Client()
    with on(TODAY):
        return getattr(client, method)(path, body, content_type="application/json", headers=headers)


def get(path: str, params: dict[str, Any], headers: dict[str, str]) -> Any:
    with on(TODAY):
        return Client().get(path, params, headers=headers)


# --- KPI targets and survey counts ------------------------------------------------------


def test_a_leader_sets_a_target_through_the_api(region, county_leader, township_worker):
    leader = bearer(county_leader)
    response = send(
        "put",
        "/api/reports/targets/registration_rate",
        {"unit_id": region.county.pk, "target": "95"},
        leader,
    )
    assert response.status_code == 200
    assert (response.json()["target"], response.json()["set_here"]) == ("95.0", True)

    rows = get("/api/reports/targets", {"unit_id": region.lengqi.pk}, leader).json()
    registration = next(r for r in rows if r["kpi"] == "registration_rate")
    assert (registration["target"], registration["set_at"]["name"]) == ("95.0", "泸定县")

    refused = send(
        "put",
        "/api/reports/targets/registration_rate",
        {"unit_id": region.county.pk, "target": "1e2"},
        zh(leader),
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "请输入 0 到 100 之间的百分数，最多保留一位小数。",
        "field": "target",
    }
    outside = get("/api/reports/targets", {"unit_id": region.xinglong.pk}, bearer(township_worker))
    assert outside.status_code == 404
    worker = send(
        "put",
        "/api/reports/targets/enrolment_rate",
        {"unit_id": region.lengqi.pk, "target": "90"},
        bearer(township_worker),
    )
    assert worker.status_code == 403
    assert KpiTarget.objects.get().target == 95


def test_survey_counts_through_the_api(region, township_worker, other_township_worker):
    clerk = bearer(township_worker)
    response = send(
        "put", "/api/reports/survey-counts/2026", {"unit_id": region.lengqi.pk, "count": 120}, clerk
    )
    assert response.status_code == 200 and response.json()["count"] == 120
    for bad in ("120", True, 1.5, -1):
        refused = send(
            "put",
            "/api/reports/survey-counts/2026",
            {"unit_id": region.lengqi.pk, "count": bad},
            clerk,
        )
        assert refused.status_code == 422, bad
    too_old = send(
        "put", "/api/reports/survey-counts/1999", {"unit_id": region.lengqi.pk, "count": 5}, clerk
    )
    assert too_old.status_code == 400 and too_old.json()["field"] == "year"
    listed = get("/api/reports/survey-counts", {"unit_id": region.lengqi.pk}, clerk).json()
    assert [(c["year"], c["count"]) for c in listed] == [(2026, 120)]
    # Another township's clerk sees nothing of it.
    other = bearer(other_township_worker)
    assert get("/api/reports/survey-counts", {"unit_id": region.lengqi.pk}, other).status_code == (
        404
    )
    assert SurveyCount.objects.count() == 1


# --- The annual assessment -------------------------------------------------------------------


def test_an_assessment_through_the_api(region, county_leader, township_worker):
    leader = bearer(county_leader)
    created = send(
        "post", "/api/reports/assessments", {"unit_id": region.county.pk, "year": 2026}, leader
    )
    assert created.status_code == 201
    sheet = created.json()
    path = f"/api/reports/assessments/{sheet['id']}"

    timeliness = send(
        "post",
        f"{path}/items",
        {"version": sheet["version"], "name": "月报按时报送", "weight": "40", "kind": "timeliness"},
        leader,
    )
    assert timeliness.status_code == 201
    stale = send(
        "post",
        f"{path}/items",
        {"version": sheet["version"], "name": "工作台账", "weight": "60", "kind": "manual"},
        leader,
    )
    assert stale.status_code == 409
    version = send("get", path, {}, leader).json()["version"]
    manual = send(
        "post",
        f"{path}/items",
        {"version": version, "name": "工作台账", "weight": "60", "kind": "manual"},
        leader,
    ).json()
    for unit in (region.lengqi, region.xinglong):
        entered = send(
            "put",
            f"{path}/items/{manual['id']}/scores/{unit.pk}",
            {"score": "50", "evidence": "查阅台账"},
            leader,
        )
        assert entered.status_code == 200
    by_hand = send(
        "put",
        f"{path}/items/{timeliness.json()['id']}/scores/{region.lengqi.pk}",
        {"score": "40", "evidence": "按时"},
        zh(leader),
    )
    assert by_hand.status_code == 400 and "月报" in by_hand.json()["detail"]

    detail = send("get", path, {}, leader).json()
    assert detail["weights"] == "100.0" and detail["missing"] == 0
    assert {row["unit"]["name"] for row in detail["rows"]} == {"冷碛镇", "兴隆镇"}
    finalised = send("post", f"{path}/finalise", {"version": detail["version"]}, leader)
    assert finalised.status_code == 200 and finalised.json()["status"] == "finalised"
    assert AssessmentSheet.objects.get().status == SheetStatus.FINALISED

    exported = get(f"{path}/export", {}, leader)
    assert exported.status_code == 200 and exported["Content-Type"] == XLSX
    assert AccessLog.objects.filter(user=county_leader, action="export").exists()
    # The township reads the finalised sheet of the county, and cannot change it.
    clerk = bearer(township_worker)
    assert send("get", path, {}, clerk).status_code == 200
    assert send("post", f"{path}/finalise", {"version": 1}, clerk).status_code in (400, 403)


def test_a_sheet_of_another_unit_is_404(region, county_leader, other_township_worker):
    created = send(
        "post",
        "/api/reports/assessments",
        {"unit_id": region.county.pk, "year": 2026},
        bearer(county_leader),
    ).json()
    response = send(
        "get", f"/api/reports/assessments/{created['id']}", {}, bearer(other_township_worker)
    )
    assert response.status_code == 404


# --- Information reports and stories ------------------------------------------------------


def test_an_information_report_through_the_api(
    region, township_worker, county_leader, other_township_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    clerk = bearer(township_worker)
    with on(TODAY):
        sent = Client().post(
            "/api/reports/info",
            {
                "unit_id": region.lengqi.pk,
                "kind": "story",
                "title": "代家长李老师",
                "event_date": "2026-11-19",
                "text": "李老师照顾留守儿童三年。",
                "photos": [_png("a.png")],
            },
            headers=clerk,
        )
    assert sent.status_code == 201, sent.content
    story = sent.json()
    assert story["timely"] is True and len(story["photo_ids"]) == 1
    photo = get(f"/api/reports/info/photos/{story['photo_ids'][0]}", {}, clerk)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"

    # Another township sees nothing of it while it awaits review.
    other = bearer(other_township_worker)
    assert get(f"/api/reports/info/{story['id']}", {}, other).status_code == 404
    assert get(f"/api/reports/info/photos/{story['photo_ids'][0]}", {}, other).status_code == 404
    outside = send("post", f"/api/reports/info/{story['id']}/publish", {"version": 1}, other)
    assert outside.status_code == 404

    # The sender cannot publish it; the county does.
    own = send("post", f"/api/reports/info/{story['id']}/publish", {"version": 1}, clerk)
    assert own.status_code == 403
    published = send(
        "post", f"/api/reports/info/{story['id']}/publish", {"version": 1}, bearer(county_leader)
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert InfoReport.objects.get().status == InfoStatus.PUBLISHED

    # Another township reads it among the published, not among its own.
    read = get("/api/reports/info/published", {}, other).json()
    assert [item["title"] for item in read["items"]] == ["代家长李老师"]
    assert get("/api/reports/info", {}, other).json()["items"] == []
    rows = get(
        "/api/reports/info/timeliness",
        {"unit_id": region.county.pk, "month": "2026-11"},
        bearer(county_leader),
    ).json()
    lengqi = next(r for r in rows if r["unit"]["name"] == "冷碛镇")
    assert (lengqi["submitted"], lengqi["published"], lengqi["timely"]) == (1, 1, 1)


def test_a_bad_information_report_is_refused(region, township_worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with on(TODAY):
        response = Client().post(
            "/api/reports/info",
            {
                "unit_id": region.lengqi.pk,
                "kind": "report",
                "title": "走访",
                "event_date": "2026-12-30",
                "text": "内容",
            },
            headers=zh(bearer(township_worker)),
        )
    assert response.status_code == 400
    assert response.json() == {"detail": "事件日期不能晚于今天。", "field": "event_date"}
    assert not InfoReport.objects.exists()


def _png(name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG, content_type="image/png")


# --- The dashboard export -----------------------------------------------------------------


def test_the_dashboard_export(region, county_leader, other_township_worker):
    response = get(
        "/api/reports/kpis/export",
        {"unit_id": region.county.pk, "month": "2026-10"},
        bearer(county_leader),
    )
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response.content[:2] == b"PK"
    log = AccessLog.objects.get(user=county_leader, action="export")
    assert log.object_type == "reports.dashboard" or "dashboard" in str(log.detail)
    outside = get(
        "/api/reports/kpis/export",
        {"unit_id": region.county.pk, "month": "2026-10"},
        bearer(other_township_worker),
    )
    assert outside.status_code == 404


# --- Org units ------------------------------------------------------------------------------


def test_the_sysadmin_creates_and_edits_units_it_manages(region, county_sysadmin, township_worker):
    admin = bearer(county_sysadmin)
    created = send(
        "post",
        "/api/org-units",
        {"parent_id": region.lengqi.pk, "kind": "school", "name": "冷碛镇第二小学"},
        admin,
    )
    assert created.status_code == 201, created.content
    unit = created.json()
    assert (unit["name"], unit["parent_id"]) == ("冷碛镇第二小学", region.lengqi.pk)

    edited = send(
        "put",
        f"/api/org-units/{unit['id']}",
        {"version": unit["version"], "name": "冷碛镇二小", "phone": "0836-2345678"},
        admin,
    )
    assert edited.status_code == 200 and edited.json()["name"] == "冷碛镇二小"
    stale = send(
        "put", f"/api/org-units/{unit['id']}", {"version": unit["version"], "name": "旧"}, admin
    )
    assert stale.status_code == 409
    assert OrgUnit.objects.get(pk=unit["id"]).name == "冷碛镇二小"


def test_org_units_outside_the_sysadmins_limits(region, county_sysadmin, township_worker):
    admin = bearer(county_sysadmin)
    above = send(
        "post",
        "/api/org-units",
        {"parent_id": region.prefecture.pk, "kind": "county", "name": "新县", "code": "513399"},
        admin,
    )
    assert above.status_code == 404
    under_school = send(
        "post",
        "/api/org-units",
        {"parent_id": region.lengqi_school.pk, "kind": "school", "name": "分校"},
        zh(admin),
    )
    assert under_school.status_code == 400
    worker = send(
        "post",
        "/api/org-units",
        {"parent_id": region.lengqi.pk, "kind": "school", "name": "三小"},
        bearer(township_worker),
    )
    assert worker.status_code == 403
    rename = send(
        "put",
        f"/api/org-units/{region.lengqi.pk}",
        {"version": region.lengqi.version, "name": "改名"},
        bearer(township_worker),
    )
    assert rename.status_code == 403
    own = send(
        "put",
        f"/api/org-units/{region.county.pk}",
        {"version": region.county.version, "name": "泸定县", "is_active": False},
        admin,
    )
    assert own.status_code == 403
    assert not OrgUnit.objects.filter(name__in=["新县", "分校", "三小", "改名"]).exists()
    assert OrgUnit.objects.get(pk=region.county.pk).is_active


# --- Lists take a fixed number of queries ------------------------------------------------


def _count(path: str, headers: dict[str, str]) -> Any:
    Client().get(path, headers=headers)  # warm: the token's first use is recorded once
    with count_queries() as captured, on(TODAY):
        response = Client().get(path, headers=headers)
    assert response.status_code == 200
    return captured


def test_the_lists_take_a_fixed_number_of_queries(region, county_leader, township_worker):
    prefecture_worker = factories.user(unit=region.prefecture, role=Role.WORKER)
    leader, clerk = bearer(county_leader), bearer(township_worker)

    def story(n: int) -> None:
        with on(TODAY):
            sent = info.info_submit(
                acting_user=township_worker,
                unit=region.lengqi,
                kind="story",
                title=f"典型{n}",
                event_date=TODAY,
                text="事迹",
            )
            info.info_publish(acting_user=county_leader, report=sent, version=sent.version)

    with on(TODAY):
        assessment.sheet_create(acting_user=county_leader, unit=region.county, year=2026)
    story(0)
    small = [
        _count("/api/reports/assessments", leader),
        _count("/api/reports/info", leader),
        _count("/api/reports/info/published", clerk),
    ]
    with on(TODAY):
        for year in range(2000, 2026):
            assessment.sheet_create(acting_user=county_leader, unit=region.county, year=year)
            assessment.sheet_create(
                acting_user=prefecture_worker, unit=region.prefecture, year=year
            )
    for n in range(1, 50):
        story(n)
    large = [
        _count("/api/reports/assessments", leader),
        _count("/api/reports/info", leader),
        _count("/api/reports/info/published", clerk),
    ]
    for one, many in zip(small, large, strict=True):
        assert_same_query_count(one, many)

"""Reports through the API: KPIs, monthly reports and bulletins, scoped like the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanai.orgs.models import OrgKind
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of
from guanai.reports.models import MonthlyReport, ReportStatus
from tests import factories
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.reports.conftest import TODAY, october  # noqa: F401  (the fixture)


def post(path: str, body: dict[str, Any], headers: Any) -> Any:
    return Client().post(path, body, content_type="application/json", headers=headers)


def test_kpis_of_a_unit_and_its_subunits(region, october, county_leader):  # noqa: F811
    facts_refresh(month_of("2026-10", today=TODAY))
    with on(TODAY):
        body = (
            Client()
            .get(
                "/api/reports/kpis",
                {"unit_id": region.county.pk, "month": "2026-10"},
                headers=bearer(county_leader),
            )
            .json()
        )
    pairing = {k["code"]: k for k in body["kpis"]}["pairing_coverage"]
    assert (pairing["numerator"], pairing["denominator"], pairing["value"]) == ("2", "5", "40.0")
    assert [s["unit"]["name"] for s in body["subunits"]][:2] == ["冷碛镇", "兴隆镇"]


def test_the_report_workflow(region, october, township_worker, county_leader):  # noqa: F811
    clerk, county = bearer(township_worker), bearer(county_leader)
    with on(TODAY):
        report = post(
            "/api/reports/monthly", {"unit_id": region.lengqi.pk, "month": "2026-10"}, clerk
        ).json()
        assert report["figures"]["persons.left_behind"] == "2"

        refused = post(
            f"/api/reports/monthly/{report['id']}/figures",
            {"version": report["version"], "figure": "talks", "value": "3", "reason": ""},
            clerk,
        )
        assert refused.status_code == 400
        assert refused.json()["field"] == "reason"

        report = post(
            f"/api/reports/monthly/{report['id']}/figures",
            {"version": report["version"], "figure": "talks", "value": "3", "reason": "补录"},
            clerk,
        ).json()
        assert report["changes"][0]["reason"] == "补录"
        stale = post(f"/api/reports/monthly/{report['id']}/submit", {"version": 1}, clerk)
        assert stale.status_code == 409
        report = post(
            f"/api/reports/monthly/{report['id']}/submit", {"version": report["version"]}, clerk
        ).json()
        assert report["status"] == "submitted"
        forbidden = post(
            f"/api/reports/monthly/{report['id']}/accept", {"version": report["version"]}, clerk
        )
        assert forbidden.status_code == 403
        report = post(
            f"/api/reports/monthly/{report['id']}/accept", {"version": report["version"]}, county
        ).json()
        overview = (
            Client()
            .get(
                "/api/reports/monthly",
                {"unit_id": region.county.pk, "month": "2026-10"},
                headers=county,
            )
            .json()
        )
    assert report["status"] == "accepted"
    assert report["timeliness"] == "late"  # first submitted on the 20th, after the 15th
    assert (overview["expected"], overview["submitted"], overview["completeness"]) == (2, 1, 50)
    assert MonthlyReport.objects.get().status == ReportStatus.ACCEPTED


def test_another_township_gets_404(region, october, township_worker, other_township_worker):  # noqa: F811
    with on(TODAY):
        report = post(
            "/api/reports/monthly",
            {"unit_id": region.lengqi.pk, "month": "2026-10"},
            bearer(township_worker),
        ).json()
        other = bearer(other_township_worker)
        assert (
            Client().get(f"/api/reports/monthly/{report['id']}", headers=other).status_code == 404
        )
        assert (
            post("/api/reports/monthly", {"unit_id": region.lengqi.pk, "month": "2026-10"}, other)
        ).status_code == 404
        assert (
            Client()
            .get(
                "/api/reports/kpis",
                {"unit_id": region.county.pk, "month": "2026-10"},
                headers=other,
            )
            .status_code
            == 404
        )


def test_a_helper_reads_no_reports(region, school_helper):
    response = Client().get(
        "/api/reports/kpis",
        {"unit_id": region.lengqi_school.pk, "month": "2026-10"},
        headers=bearer(school_helper),
    )
    assert response.status_code == 403


def test_bulletins_through_the_api(region, october, county_leader, township_worker):  # noqa: F811
    with on(TODAY):
        bulletin = post(
            "/api/reports/bulletins",
            {"unit_id": region.county.pk, "month": "2026-10"},
            bearer(county_leader),
        ).json()
        saved = Client().put(
            f"/api/reports/bulletins/{bulletin['id']}",
            {"version": bulletin["version"], "title": "十月通报", "text": "正文"},
            content_type="application/json",
            headers=bearer(county_leader),
        )
        assert saved.status_code == 200
        hidden = Client().get(
            f"/api/reports/bulletins/{bulletin['id']}", headers=bearer(township_worker)
        )
        assert hidden.status_code == 404
        published = post(
            f"/api/reports/bulletins/{bulletin['id']}/publish",
            {"version": saved.json()["version"]},
            bearer(county_leader),
        ).json()
        seen = (
            Client()
            .get(f"/api/reports/bulletins/{bulletin['id']}", headers=bearer(township_worker))
            .json()
        )
    assert published["status"] == "published"
    assert seen["title"] == "十月通报"
    assert [u["name"] for u in seen["missing"]] == ["冷碛镇", "兴隆镇"]


@pytest.mark.parametrize("townships", [1, 50])
def test_the_kpis_take_a_fixed_number_of_queries(
    region, county_leader, townships, django_assert_num_queries
):
    for n in range(townships - 1):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n}乡")
    headers = bearer(county_leader)
    client = Client()
    # Nothing was computed for the month: reading how old its figures are takes a second
    # look (whether the month was computed at all; dashboard.selectors.dashboard).
    with on(TODAY), django_assert_num_queries(10):
        response = client.get(
            "/api/reports/kpis", {"unit_id": region.county.pk, "month": "2026-10"}, headers=headers
        )
    assert response.status_code == 200
    assert len(response.json()["subunits"]) == townships + 2  # and the office and 兴隆镇

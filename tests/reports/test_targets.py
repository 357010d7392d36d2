"""KPI targets and yearly survey counts (摸底人数): the page a leader sets them on, the
checks, and the captions the dashboard shows beside the rates (issue 12, point 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from guanai.orgs.models import OrgKind
from guanai.reports import kpis
from guanai.reports.models import KpiTarget, SurveyCount
from tests import factories
from tests.care.log_support import on
from tests.conftest import logged_in
from tests.reports.conftest import TODAY
from tests.support.queries import assert_same_query_count, count_queries


def page(client, unit, **extra):
    with on(TODAY):
        return client.get(f"/reports/targets/{unit.pk}/", **extra)


def post(client, unit, action, data):
    with on(TODAY):
        return client.post(f"/reports/targets/{unit.pk}/{action}/", data)


def test_a_leader_sets_a_target_that_the_units_below_follow(region, county_leader):
    client = logged_in(county_leader)
    html = page(client, region.county).content.decode()
    assert "建档率" in html and "目标" in html

    response = post(client, region.county, "target", {"kpi": "registration_rate", "target": "95"})

    assert response.status_code == 302
    setting = KpiTarget.objects.get()
    assert (setting.org_unit, setting.kpi, setting.target) == (
        region.county,
        "registration_rate",
        Decimal("95.0"),
    )
    # The township's page shows the county's target in force, and where it is set.
    township = page(client, region.lengqi).content.decode()
    row = township.split('data-kpi="registration_rate"')[1].split("</tr>")[0]
    assert "95.0%" in row and "泸定县" in row
    # Changed again: one setting, the new value.
    post(client, region.county, "target", {"kpi": "registration_rate", "target": "98.5"})
    assert KpiTarget.objects.get().target == Decimal("98.5")


@pytest.mark.parametrize("bad", ["1e2", "1_0", "101", "-1", "99.95", "", "abc", "９０"])
def test_a_bad_target_is_refused_and_changes_nothing(region, county_leader, bad):
    client = logged_in(county_leader)
    response = post(client, region.county, "target", {"kpi": "enrolment_rate", "target": bad})

    assert response.status_code == 400
    assert "请输入 0 到 100 之间的百分数" in response.content.decode()
    assert not KpiTarget.objects.exists()


def test_a_target_of_no_rate_is_refused(region, county_leader):
    response = post(
        logged_in(county_leader), region.county, "target", {"kpi": "benefits_paid", "target": "5"}
    )
    assert response.status_code == 400
    assert not KpiTarget.objects.exists()


def test_only_a_leader_sets_targets(region, township_worker, prefecture_viewer):
    client = logged_in(township_worker)
    html = page(client, region.lengqi).content.decode()
    assert "/target/" not in html  # no target form for a worker
    response = post(client, region.lengqi, "target", {"kpi": "enrolment_rate", "target": "90"})
    assert response.status_code == 403
    # A viewer reads the page, changes nothing.
    viewer = logged_in(prefecture_viewer)
    assert page(viewer, region.county).status_code == 200
    assert post(viewer, region.county, "survey", {"year": "2026", "count": "5"}).status_code == 403
    assert not KpiTarget.objects.exists() and not SurveyCount.objects.exists()


def test_the_survey_count_is_entered_and_changed(region, township_worker):
    client = logged_in(township_worker)

    response = post(client, region.lengqi, "survey", {"year": "2026", "count": "1,234"})
    assert response.status_code == 302
    post(client, region.lengqi, "survey", {"year": "2025", "count": "900"})
    post(client, region.lengqi, "survey", {"year": "2026", "count": "1240"})

    assert sorted(SurveyCount.objects.values_list("year", "count")) == [(2025, 900), (2026, 1240)]
    html = page(client, region.lengqi).content.decode()
    row = html.split('data-year="2026"')[1].split("</tr>")[0]
    assert "1240" in row


@pytest.mark.parametrize(
    ("year", "count", "message"),
    [
        ("2026", "1_000", "请输入不小于 0 的整数"),
        ("2026", "1e3", "请输入不小于 0 的整数"),
        ("2026", "-3", "请输入不小于 0 的整数"),
        ("2026", "", "请输入不小于 0 的整数"),
        ("1999", "10", "2027"),
        ("2099", "10", "2027"),
    ],
)
def test_a_bad_survey_count_is_refused(region, township_worker, year, count, message):
    response = post(
        logged_in(township_worker), region.lengqi, "survey", {"year": year, "count": count}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SurveyCount.objects.exists()


def test_the_pages_are_scoped(region, township_worker, other_township_worker, school_helper):
    assert page(logged_in(other_township_worker), region.lengqi).status_code == 404
    assert page(logged_in(township_worker), region.county).status_code == 404
    assert page(logged_in(school_helper), region.lengqi).status_code == 403
    response = post(logged_in(other_township_worker), region.lengqi, "survey", {"year": "2026"})
    assert response.status_code == 404


def test_the_index_lists_the_units_to_set(region, county_leader, township_worker):
    html = logged_in(township_worker).get("/reports/targets/").content.decode()
    assert f"/reports/targets/{region.lengqi.pk}/" in html
    assert f"/reports/targets/{region.county.pk}/" not in html


def test_the_page_has_a_fixed_query_count(region, county_leader):
    client = logged_in(county_leader)
    with on(TODAY):
        kpis.survey_count_set(acting_user=county_leader, unit=region.county, year=2026, count=5)
    page(client, region.county)  # warm: the first request loads the session and caches
    with count_queries() as small:
        page(client, region.county)
    with on(TODAY):
        for year in range(2022, 2026):
            kpis.survey_count_set(
                acting_user=county_leader, unit=region.county, year=year, count=year
            )
        for code in ("registration_rate", "enrolment_rate", "pairing_coverage"):
            kpis.target_set(acting_user=county_leader, unit=region.county, kpi=code, target="90")
    for i in range(10):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"新镇{i}")
    with count_queries() as large:
        page(client, region.county)
    assert_same_query_count(small, large)


def test_the_captions_say_what_the_rates_count(region, county_leader):
    with translation.override("zh-hans"):
        registration = str(kpis.BY_CODE["registration_rate"].source)
        plans = str(kpis.BY_CODE["plan_coverage"].source)
    # The registration rate counts every special group on file, not left-behind children.
    assert "留守儿童" not in registration and "各类特殊群体" in registration
    assert "摸底人数" in registration
    # One plan per child comes from plan 1 (学习帮扶计划), not plan 2.
    assert plans.startswith("篇一") and "篇二" not in plans
    html = page(logged_in(county_leader), region.county).content.decode()
    assert registration in html

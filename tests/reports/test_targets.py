"""KPI targets and yearly survey counts (摸底人数): the page a leader sets them on, the
checks, and the captions the dashboard shows beside the rates (issue 12, point 14)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from guanai.accounts.models import User
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports import kpis
from guanai.reports.models import KpiTarget, SurveyCount
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY
from tests.support.queries import assert_same_query_count, count_queries


def page(client: Client, unit: OrgUnit, **extra: Any) -> Any:
    with on(TODAY):
        return client.get(f"/reports/targets/{unit.pk}/", **extra)


def post(client: Client, unit: OrgUnit, action: str, data: dict[str, str]) -> Any:
    with on(TODAY):
        return client.post(f"/reports/targets/{unit.pk}/{action}/", data)


def test_a_leader_sets_a_target_that_the_units_below_follow(
    region: Region, county_leader: User
) -> None:
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


@pytest.mark.parametrize("bad", ["1e2", "1_0", "101", "-1", "99.95", "", "abc", "١٠", "①", "1,0"])
def test_a_bad_target_is_refused_and_changes_nothing(
    region: Region, county_leader: User, bad: str
) -> None:
    client = logged_in(county_leader)
    response = post(client, region.county, "target", {"kpi": "enrolment_rate", "target": bad})

    assert response.status_code == 400
    assert "请输入 0 到 100 之间的百分数" in response.content.decode()
    assert not KpiTarget.objects.exists()


def test_a_target_of_no_rate_is_refused(region: Region, county_leader: User) -> None:
    response = post(
        logged_in(county_leader), region.county, "target", {"kpi": "benefits_paid", "target": "5"}
    )
    assert response.status_code == 400
    assert not KpiTarget.objects.exists()


def test_only_a_leader_sets_targets(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
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


def test_the_survey_count_is_entered_and_changed(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)

    response = post(client, region.lengqi, "survey", {"year": "2026", "count": "1,234"})
    assert response.status_code == 302
    post(client, region.lengqi, "survey", {"year": "2025", "count": "900"})
    post(client, region.lengqi, "survey", {"year": "2026", "count": "1240"})

    assert sorted(SurveyCount.objects.values_list("year", "count")) == [(2025, 900), (2026, 1240)]
    html = page(client, region.lengqi).content.decode()
    row = html.split('data-year="2026"')[1].split("</tr>")[0]
    assert "1,240" in row  # grouped in thousands, in Chinese as in English


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
def test_a_bad_survey_count_is_refused(
    region: Region, township_worker: User, year: str, count: str, message: str
) -> None:
    response = post(
        logged_in(township_worker), region.lengqi, "survey", {"year": year, "count": count}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SurveyCount.objects.exists()


def test_the_pages_are_scoped(
    region: Region, township_worker: User, other_township_worker: User, school_helper: User
) -> None:
    assert page(logged_in(other_township_worker), region.lengqi).status_code == 404
    assert page(logged_in(township_worker), region.county).status_code == 404
    assert page(logged_in(school_helper), region.lengqi).status_code == 403
    response = post(logged_in(other_township_worker), region.lengqi, "survey", {"year": "2026"})
    assert response.status_code == 404


def test_the_index_lists_the_units_to_set(
    region: Region, county_leader: User, township_worker: User
) -> None:
    html = logged_in(township_worker).get("/reports/targets/").content.decode()
    assert f"/reports/targets/{region.lengqi.pk}/" in html
    assert f"/reports/targets/{region.county.pk}/" not in html


def test_the_page_has_a_fixed_query_count(region: Region, county_leader: User) -> None:
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


def test_the_captions_say_what_the_rates_count(region: Region, county_leader: User) -> None:
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


def test_full_width_digits_are_read_as_typed(region: Region, county_leader: User) -> None:
    client = logged_in(county_leader)

    target = post(client, region.county, "target", {"kpi": "enrolment_rate", "target": "９５％"})
    survey = post(client, region.county, "survey", {"year": "2026", "count": "１，２３４"})

    assert (target.status_code, survey.status_code) == (302, 302)
    assert KpiTarget.objects.get().target == Decimal("95.0")
    assert SurveyCount.objects.get().count == 1234


def test_the_index_starts_at_the_users_units_and_the_ones_below(
    region: Region, county_leader: User
) -> None:
    html = logged_in(county_leader).get("/reports/targets/").content.decode()

    assert f"/reports/targets/{region.county.pk}/" in html
    assert f"/reports/targets/{region.lengqi.pk}/" in html
    # A village is reached from its township's page ("Units below"), none is left out.
    assert f"/reports/targets/{region.ganlusi.pk}/" not in html
    township = page(logged_in(county_leader), region.lengqi).content.decode()
    assert f"/reports/targets/{region.ganlusi.pk}/" in township

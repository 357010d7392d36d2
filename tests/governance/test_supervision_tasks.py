"""The today page's supervision tasks and the panels of the unit page and the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.governance.supervision import report_panel, unit_panel
from guanai.today.sources import SOURCES, rectifications_to_decide, rectifications_to_report
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region
from tests.governance import supervision_support as s
from tests.support.queries import assert_num_queries

pytestmark = pytest.mark.django_db


def test_the_township_gets_its_rectifications_overdue_first_and_the_county_the_reports(
    region: Region,
) -> None:
    p = s.people(region)
    today = timezone.localdate()
    visit = s.recorded(region, p.county_worker, today - timedelta(days=15))
    assert rectifications_to_report in SOURCES and rectifications_to_decide in SOURCES
    tasks = rectifications_to_report(p.lengqi_worker, today).tasks
    # The first (10 days after the visit) is overdue; the village's (20 days) is not yet.
    assert [t.overdue for t in tasks] == [True, False]
    assert tasks[0].action_url.endswith(f"/rectifications/{s.first(visit).pk}/")
    # The county waits for the report: no task of reporting for it; 兴隆镇 has none.
    assert rectifications_to_report(p.county_worker, today).tasks == []
    assert rectifications_to_report(p.xinglong_worker, today).tasks == []
    assert rectifications_to_decide(p.county_worker, today).tasks == []

    s.reported(p.lengqi_worker, s.first(visit))
    decide = rectifications_to_decide(p.county_worker, today)
    assert [t.where for t in decide.tasks] == ["冷碛镇"]
    assert rectifications_to_decide(p.lengqi_worker, today).tasks == []


def test_no_query_for_a_user_without_the_roles_and_a_fixed_number_otherwise(
    region: Region,
) -> None:
    p = s.people(region)
    today = timezone.localdate()
    helper = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    scoping.roles(helper)  # the roles are read once per request, not by the source
    with assert_num_queries(0):
        rectifications_to_report(helper, today)
        rectifications_to_decide(helper, today)
    for _ in range(12):
        s.recorded(region, p.county_worker, today - timedelta(days=1))
    scoping.roles(p.lengqi_worker)
    with assert_num_queries(2):  # ten listed, then the count of all 24
        batch = rectifications_to_report(p.lengqi_worker, today)
    assert batch.total == 24 and len(batch.tasks) == 10


def test_overdue_shows_on_the_pages_of_both_units(region: Region) -> None:
    p = s.people(region)
    today = date(2026, 6, 20)  # the dashboard counts the year's visits: not at new year
    with on(today):
        _both_units(region, p, today)


def _both_units(region: Region, p: s.People, today: date) -> None:
    visit = s.recorded(region, p.county_worker, today - timedelta(days=15))
    overdue = s.first(visit)
    township = unit_panel(p.lengqi_worker, region.lengqi, today)
    county = unit_panel(p.county_worker, region.county, today)
    assert township is not None and county is not None
    assert township["counts"]["to_rectify_overdue"] == 1
    assert [row.rectification for row in township["to_rectify"]] == [overdue]
    assert county["counts"]["required_overdue"] == 1
    assert county["required"][0].overdue_days == 5
    html = render_to_string("governance/supervision/_unit_panel.html", {"panel": county})
    assert 'data-overdue="5"' in html
    # Another township sees nothing of it; a unit with nothing open shows no panel.
    assert unit_panel(p.xinglong_worker, region.lengqi, today) is None
    assert unit_panel(p.xinglong_worker, region.xinglong, today) is None
    dashboard = report_panel(p.county_worker, region.county, today)
    assert dashboard is not None
    assert dashboard["counts"]["overdue"] == 1 and dashboard["counts"]["findings"] == 2
    assert 'data-figure="overdue"' in render_to_string(
        "governance/supervision/_report_panel.html", {"panel": dashboard}
    )

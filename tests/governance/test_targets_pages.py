"""The target pages: the list of a unit's targets with this year's progress (units below
read the county's, another township's is 404), the detail's years and entries with the
line naming the KPI of a computed target, the form (leaders only; bad input refused beside
its field, nothing stored), the figure entered; the dashboard's and the unit page's panels
with the service targets among them; fixed queries."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from guanai.governance.models import Target, TargetEntry
from guanai.governance.targets import entry_add, report_panel, unit_panel
from guanai.inkind.catalogue import seeded
from guanai.inkind.coverage import TargetData as ServiceTargetData
from guanai.inkind.coverage import target_create as service_target_create
from guanai.inkind.models import Service
from tests.care.log_support import on
from tests.conftest import logged_in
from tests.governance.targets_support import TODAY, People, people, target
from tests.support.queries import assert_same_query_count, count_queries

__all__ = ["people"]

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def row_of(html: str, attr: str, pk: Any) -> str:
    found = re.search(rf'<tr data-{attr}="{pk}">(.*?)</tr>', html, re.S)
    assert found, (attr, pk)
    return found.group(1)


def cells(html: str, year: int) -> dict[str, str]:
    row = row_of(html, "year", year)
    return {
        k: " ".join(v.split()) for k, v in re.findall(r'data-cell="(\w+)">(.*?)</td>', row, re.S)
    }


def test_the_list_shows_each_target_with_this_years_figure(people: People) -> None:
    made = target(people)
    entry_add(people.lengqi_worker, made, year=2026, value=Decimal(5), evidence="统计")

    with on(TODAY):
        html = logged_in(people.lengqi_worker).get("/governance/targets/", **EN).content.decode()

    row = row_of(html, "target", made.pk)
    assert f'href="/governance/targets/{made.pk}/"' in row
    assert "三年内消除散居特困户危房" in row and "2025–2027" in row
    # 5 dangerous houses left against the milestone of 4: 7 of 12 gone
    assert re.search(r"2026：5\s*<span[^>]*>/ milestone 4\s*</span>", row), row
    assert re.search(r'<progress[^>]*value="58"', row)
    assert "New target" not in html  # a worker sets none


def test_a_township_reads_its_countys_targets_and_not_its_neighbours(people: People) -> None:
    region = people.region
    county = target(people, region.county, title="全县消除危房")
    own = target(people, title="冷碛镇消除危房")
    xinglong = target(people, region.xinglong, title="兴隆镇消除危房")
    client = logged_in(people.xinglong_worker)

    mine = client.get("/governance/targets/").content.decode()
    above = client.get(f"/governance/targets/?unit={region.county.pk}").content.decode()

    assert "兴隆镇消除危房" in mine and "全县消除危房" not in mine
    assert "全县消除危房" in above and "兴隆镇消除危房" in above
    assert "冷碛镇消除危房" not in above  # the county's list shows only what they read
    assert client.get(f"/governance/targets/?unit={region.lengqi.pk}").status_code == 404
    for url in ("", "edit/", "archive/", "entries/"):
        method = client.post if url in ("archive/", "entries/") else client.get
        assert method(f"/governance/targets/{own.pk}/{url}").status_code == 404, url
    assert client.get(f"/governance/targets/{county.pk}/").status_code == 200
    assert client.get(f"/governance/targets/{xinglong.pk}/").status_code == 200
    assert Target.objects.get(pk=own.pk).archived_at is None


def test_a_leader_sets_a_target_with_milestones(people: People) -> None:
    client = logged_in(people.lengqi_leader)
    assert "New target" in client.get("/governance/targets/", **EN).content.decode()

    answer = client.post(
        "/governance/targets/new/",
        {
            "unit": people.region.lengqi.pk,
            "title": "三年内五保集中供养率达到40%",
            "source": "kpi.tekun_centralised_rate",
            "value_kind": "percent",
            "direction": "up",
            "base_year": "2025",
            "final_year": "2027",
            "baseline": "25",
            "goal": "40",
            "milestones": "2025 28\n2026：35",
            "note": "篇八",
        },
        follow=True,
        **EN,
    )

    made = Target.objects.get()
    assert (made.source, made.goal, made.created_by) == (
        "kpi.tekun_centralised_rate",
        40,
        people.lengqi_leader,
    )
    assert dict(made.milestones.values_list("year", "value")) == {2025: 28, 2026: 35}
    html = answer.content.decode()
    assert "Computed from the data: Five-guarantee persons in centralised support" in html
    assert cells(html, 2025)["milestone"] == "28%"
    assert cells(html, 2027)["milestone"] == "40%"


def test_a_bad_target_is_refused_beside_its_field_and_nothing_stored(people: People) -> None:
    base = {
        "unit": people.region.lengqi.pk,
        "title": "消除危房",
        "source": "",
        "value_kind": "count",
        "direction": "down",
        "base_year": "2026",
        "final_year": "2028",
        "baseline": "12",
        "goal": "0",
    }
    client = logged_in(people.lengqi_leader)
    for changes, message in (
        ({"final_year": "2025"}, "The final year cannot be before the base year."),
        ({"milestones": "2030 3"}, "A milestone&#x27;s year runs from 2026 to 2027"),
        ({"milestones": "明年 3"}, "Write each milestone as the year and the figure"),
        ({"title": "长" * 101}, "at most 100 characters"),
        ({"source": "kpi.nothing"}, "Select a valid choice"),
    ):
        answer = client.post("/governance/targets/new/", {**base, **changes}, **EN)
        assert answer.status_code == 400, changes
        assert message in answer.content.decode(), changes
    assert not Target.objects.exists()


def test_a_worker_may_not_set_or_change_a_target(people: People) -> None:
    made = target(people)
    client = logged_in(people.lengqi_worker)
    assert client.get("/governance/targets/new/").status_code == 403
    assert client.get(f"/governance/targets/{made.pk}/edit/").status_code == 403
    assert client.post(f"/governance/targets/{made.pk}/archive/", {"version": 1}).status_code == 403
    assert Target.objects.get().archived_at is None


def test_the_detail_shows_the_years_and_the_entries(people: People) -> None:
    made = target(people)
    entry_add(people.lengqi_worker, made, year=2025, value=Decimal(9), evidence="年报")
    client = logged_in(people.lengqi_worker)

    answer = client.post(
        f"/governance/targets/{made.pk}/entries/",
        {"year": "2025", "value": "7", "evidence": "县住建局验收汇总表"},
        follow=True,
        **EN,
    )
    html = answer.content.decode()

    assert "The figure was entered." in html
    # The latest entry of 2025 counts, the first stays in the history
    assert cells(html, 2025) == {"milestone": "8", "figure": "7", "reached": "Yes"}
    assert cells(html, 2026) == {"milestone": "4", "figure": "—", "reached": "—"}
    assert "县住建局验收汇总表" in html and "年报" in html
    assert TargetEntry.objects.count() == 2
    assert "Entered by hand, with evidence" in html
    assert "/edit/" not in html  # a worker enters figures, sets no target


def test_a_bad_figure_is_refused_on_the_page(people: People) -> None:
    made = target(people)
    answer = logged_in(people.lengqi_worker).post(
        f"/governance/targets/{made.pk}/entries/",
        {"year": "2024", "value": "7", "evidence": "统计"},
        **EN,
    )
    assert answer.status_code == 400
    assert "Enter a year of the target from 2025 to" in answer.content.decode()
    assert not TargetEntry.objects.exists()


def test_a_computed_target_names_its_kpi_and_takes_no_entry(people: People) -> None:
    made = target(people, source="kpi.home_occupancy", baseline=Decimal(60), goal=Decimal(80))
    client = logged_in(people.lengqi_leader)

    html = client.get(f"/governance/targets/{made.pk}/", **EN).content.decode()
    answer = client.post(
        f"/governance/targets/{made.pk}/entries/",
        {"year": "2025", "value": "70", "evidence": "统计"},
        **EN,
    )

    assert "Computed from the data: Occupancy of elder and welfare homes" in html
    assert f'action="/governance/targets/{made.pk}/entries/"' not in html
    assert answer.status_code == 400
    assert "computed from the data" in answer.content.decode()
    assert not TargetEntry.objects.exists()


@pytest.mark.parametrize("source", ["", "kpi.home_bed_rate"])
def test_the_list_runs_as_many_queries_at_50_targets_as_at_1(people: People, source: str) -> None:
    """Entered targets read their entries, computed ones their KPIs: a fixed cost each."""
    client = logged_in(people.lengqi_worker)
    client.get("/governance/targets/")
    goal = Decimal(80) if source else Decimal(0)
    target(people, title="目标", source=source, baseline=None, goal=goal)
    with count_queries() as small:
        client.get("/governance/targets/")
    for n in range(49):
        # every rate KPI is read by the same two statements
        kpi = "kpi.home_occupancy" if source and n % 2 else source
        target(people, title=f"目标{n}", source=kpi, baseline=None, goal=goal)
    with count_queries() as large:
        html = client.get("/governance/targets/").content.decode()
    assert html.count("<tr data-target=") == 50
    assert_same_query_count(small, large)


# --- The panels -------------------------------------------------------------------------


def service_target(people: People) -> Any:
    seeded.seed(Service)  # as the data migration did, should a browser test have emptied it
    return service_target_create(
        people.county_leader,
        unit=people.region.lengqi,
        data=ServiceTargetData(
            service=Service.objects.get(code="wheelchair"),
            title="三年为残疾人适配轮椅4台",
            start_year=2025,
            end_year=2027,
            measure="count",
            goal=4,
        ),
    )


def render_panel(name: str, panel: Any, user: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        f"governance/targets/_{name}_panel.html", {"panel": panel}, request=request
    )


def test_the_dashboard_panel_shows_every_target_of_the_unit_and_below(people: People) -> None:
    region = people.region
    houses = target(people, title="冷碛镇消除危房")
    wheelchairs = service_target(people)
    target(people, region.xinglong, title="兴隆镇消除危房")

    county = report_panel(people.county_leader, region.county, TODAY)
    township = report_panel(people.lengqi_leader, region.lengqi, TODAY)

    assert [r.target.title for r in county.rows] == [
        "冷碛镇消除危房",
        "三年为残疾人适配轮椅4台",
        "兴隆镇消除危房",
    ]
    assert [r.target.pk for r in township.rows] == [houses.pk, wheelchairs.pk]
    # The service target's figure: the persons served so far (none)
    service_row = township.rows[1]
    assert (service_row.progress.shown.figure, service_row.progress.shown.milestone) == (0, 3)
    assert service_row.own_page == f"/inkind/targets/{wheelchairs.pk}/"
    html = render_panel("report", township, people.lengqi_leader)
    assert 'data-card="governance-targets"' in html
    assert f'href="/governance/targets/{wheelchairs.pk}/"' in html
    empty = report_panel(people.lengqi_leader, region.ganlusi, TODAY)
    assert render_panel("report", empty, people.lengqi_leader).strip() == ""


def test_the_unit_panel_shows_the_targets_that_bind_the_unit(people: People) -> None:
    region = people.region
    target(people, region.county, title="全县消除危房")
    target(people, title="冷碛镇消除危房")
    target(people, region.xinglong, title="兴隆镇消除危房")

    panel = unit_panel(people.lengqi_worker, region.lengqi, TODAY)

    assert [r.target.title for r in panel.rows] == ["全县消除危房", "冷碛镇消除危房"]
    html = render_panel("unit", panel, people.lengqi_worker)
    assert "全县消除危房" in html and "兴隆镇消除危房" not in html


def test_a_service_target_is_changed_on_its_own_page_only(people: People) -> None:
    made = service_target(people)
    client = logged_in(people.county_leader)

    html = client.get(f"/governance/targets/{made.pk}/", **EN).content.decode()

    assert f'href="/inkind/targets/{made.pk}/"' in html
    assert f"/governance/targets/{made.pk}/edit/" not in html
    answer = client.post(f"/governance/targets/{made.pk}/archive/", {"version": 1}, **EN)
    assert answer.status_code == 302
    assert Target.objects.get().archived_at is None


def test_the_panels_cost_the_same_at_1_and_50_targets(people: People) -> None:
    region, leader, day = people.region, people.county_leader, date(2026, 6, 1)
    target(people)
    with count_queries() as small:
        render_panel("report", report_panel(leader, region.county, day), leader)
    for n in range(49):
        target(people, title=f"目标{n}")
    with count_queries() as large:
        render_panel("report", report_panel(leader, region.county, day), leader)
    assert_same_query_count(small, large)

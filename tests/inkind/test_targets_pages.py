"""The targets pages: the list with this year's progress, a new target (bad input refused
beside its field, nothing stored), the detail's progress by year, edit with the version,
archive; 404 for the other township; fixed queries. The dashboard shows the service targets
with every multi-year target of the unit (tests/governance/test_targets_pages.py)."""

from __future__ import annotations

import re
from datetime import date

from guanai.inkind.models import ServiceTarget
from tests.care.log_support import on
from tests.conftest import logged_in
from tests.inkind.coverage_support import TODAY, delivered, target
from tests.inkind.support import World, service
from tests.support.queries import assert_same_query_count, count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def year_cells(html: str, year: int) -> dict[str, str]:
    """Return the figures of the detail's row of ``year`` by cell name."""
    row = re.search(rf'<tr data-year="{year}">(.*?)</tr>', html, re.S)
    assert row, year
    return {
        k: v.strip() for k, v in re.findall(r'data-cell="(\w+)">(.*?)</td>', row.group(1), re.S)
    }


def test_the_list_shows_each_target_with_this_years_progress(world: World) -> None:
    delivered(world, world.elder, "wheelchair", date(2026, 5, 3))
    made = target(world, measure="count", goal=4, title="四台轮椅")

    with on(TODAY):
        html = logged_in(world.lengqi_worker).get("/inkind/targets/", **EN).content.decode()

    row = re.search(rf'<tr data-target="{made.pk}">(.*?)</tr>', html, re.S)
    assert row
    assert f'href="/inkind/targets/{made.pk}/"' in row.group(1)
    assert "四台轮椅" in row.group(1)
    assert "2026: 1 of 4 served" in row.group(1)
    assert re.search(r'<progress[^>]*value="25"', row.group(1))
    # One of four after one year of three: behind
    assert "Behind" in row.group(1)
    # A worker sets no target
    assert "New target" not in html


def test_a_township_reads_its_countys_targets_and_not_its_neighbours(world: World) -> None:
    county = target(world, unit=world.region.county, title="全县轮椅全覆盖")
    own = target(world, title="冷碛镇轮椅全覆盖")
    xinglong = target(world, unit=world.region.xinglong, title="兴隆镇轮椅全覆盖")

    client = logged_in(world.xinglong_worker)
    html = client.get("/inkind/targets/").content.decode()

    assert "全县轮椅全覆盖" in html and "兴隆镇轮椅全覆盖" in html
    assert "冷碛镇轮椅全覆盖" not in html
    assert client.get(f"/inkind/targets/{own.pk}/").status_code == 404
    assert client.get(f"/inkind/targets/{own.pk}/edit/").status_code == 404
    assert client.post(f"/inkind/targets/{own.pk}/archive/", {"version": 1}).status_code == 404
    assert ServiceTarget.objects.get(pk=own.pk).archived_at is None
    assert client.get(f"/inkind/targets/{county.pk}/").status_code == 200
    assert client.get(f"/inkind/targets/{xinglong.pk}/").status_code == 200


def test_a_leader_sets_a_target(world: World) -> None:
    client = logged_in(world.lengqi_leader)
    assert "New target" in client.get("/inkind/targets/", **EN).content.decode()

    answer = client.post(
        "/inkind/targets/new/",
        {
            "unit": world.region.lengqi.pk,
            "service": service("housing_renovation").pk,
            "title": "三年内消除散居五保户危房",
            "start_year": "2026",
            "end_year": "2028",
            "measure": "all_served",
            "goal": "",
            "note": "篇八",
        },
        follow=True,
        **EN,
    )

    made = ServiceTarget.objects.get()
    assert (made.org_unit, made.service.code, made.start_year, made.end_year) == (
        world.region.lengqi,
        "housing_renovation",
        2026,
        2028,
    )
    assert made.created_by == world.lengqi_leader
    html = answer.content.decode()
    assert "The target 三年内消除散居五保户危房 was set." in html
    # 赵婆婆's house is still dangerous: one remaining this year, nobody served
    assert year_cells(html, 2026) == {
        "delivered": "0",
        "cumulative": "0",
        "remaining": "1",
        "rate": "0%",
    }


def test_a_bad_target_is_refused_beside_its_field_and_nothing_stored(world: World) -> None:
    answer = logged_in(world.lengqi_leader).post(
        "/inkind/targets/new/",
        {
            "unit": world.region.lengqi.pk,
            "service": service("wheelchair").pk,
            "title": "轮椅",
            "start_year": "2026",
            "end_year": "2040",
            "measure": "count",
            "goal": "3",
        },
        **EN,
    )

    assert answer.status_code == 400
    html = answer.content.decode()
    assert "A target spans at most 10 years." in html
    assert 'value="2040"' in html  # what was typed is kept
    assert not ServiceTarget.objects.exists()


def test_a_worker_may_not_open_the_new_target_form(world: World) -> None:
    assert logged_in(world.lengqi_worker).get("/inkind/targets/new/").status_code == 403


def test_the_detail_shows_progress_by_year(world: World) -> None:
    delivered(world, world.elder, "wheelchair", date(2025, 5, 3))
    made = target(world)

    with on(TODAY):
        html = logged_in(world.lengqi_worker).get(f"/inkind/targets/{made.pk}/", **EN)
    text = html.content.decode()

    assert year_cells(text, 2025) == {
        "delivered": "1",
        "cumulative": "1",
        "remaining": "0",
        "rate": "100%",
    }
    assert year_cells(text, 2026) == {
        "delivered": "0",
        "cumulative": "1",
        "remaining": "0",
        "rate": "100%",
    }
    assert "Not begun" in re.search(r'<tr data-year="2027">(.*?)</tr>', text, re.S).group(1)  # type: ignore[union-attr]
    assert "Met" in text
    # A worker reads it and may not change it
    assert "/edit/" not in text


def test_a_leader_edits_with_the_version_and_a_stale_form_is_refused(world: World) -> None:
    made = target(world)
    client = logged_in(world.lengqi_leader)
    form = client.get(f"/inkind/targets/{made.pk}/edit/").content.decode()
    assert 'name="version" value="1"' in form
    fields = {
        "service": service("wheelchair").pk,
        "title": "轮椅应配尽配（修订）",
        "start_year": "2025",
        "end_year": "2027",
        "measure": "all_served",
        "version": "1",
    }

    client.post(f"/inkind/targets/{made.pk}/edit/", fields)
    stale = client.post(f"/inkind/targets/{made.pk}/edit/", {**fields, "title": "旧"}, **EN)

    assert ServiceTarget.objects.get().title == "轮椅应配尽配（修订）"
    assert stale.status_code == 400
    assert "Someone changed this target after you opened it" in stale.content.decode()
    # A worker may not edit
    assert logged_in(world.lengqi_worker).get(f"/inkind/targets/{made.pk}/edit/").status_code == 403


def test_an_archived_target_leaves_the_list(world: World) -> None:
    made = target(world)
    client = logged_in(world.lengqi_leader)

    answer = client.post(f"/inkind/targets/{made.pk}/archive/", {"version": "1"}, follow=True, **EN)

    assert "The target 轮椅应配尽配 was archived." in answer.content.decode()
    assert f'data-target="{made.pk}"' not in answer.content.decode()
    archived = client.get("/inkind/targets/?archived=1").content.decode()
    assert f'data-target="{made.pk}"' in archived


def test_the_list_runs_as_many_queries_at_50_targets_as_at_1(world: World) -> None:
    client = logged_in(world.lengqi_worker)
    client.get("/inkind/targets/")
    target(world, title="目标")
    with count_queries() as small:
        client.get("/inkind/targets/")
    for n in range(49):
        target(world, title=f"目标{n}", measure="count" if n % 2 else "all_served", goal=n + 1)
    with count_queries() as large:
        html = client.get("/inkind/targets/").content.decode()
    assert html.count("<tr data-target=") == 50
    assert_same_query_count(small, large)

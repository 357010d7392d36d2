"""The not-served page: the summary per service, the list with what a clerk needs (no ID
numbers), the read written to the access log, the one-click request and its refusals, the
other township's 404, and a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from guanai.accounts.models import Role
from guanai.core.models import AccessLog, AuditAction
from guanai.inkind.models import Application
from tests import factories
from tests.conftest import logged_in
from tests.inkind.support import World, disabled
from tests.support.queries import assert_same_query_count, count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def page(client: Client, world: World, code: str = "wheelchair", **query: object) -> str:
    params = {"unit": world.region.lengqi.pk, "service": code, **query}
    answer = client.get("/inkind/not-served/", params, **EN)
    assert answer.status_code == 200
    return answer.content.decode()


def row_of(html: str, name: str) -> str:
    found = re.search(rf'<tr data-person="{name}">(.*?)</tr>', html, re.S)
    assert found, name
    return found.group(1)


def test_the_summary_lists_every_service_with_its_counts(world: World) -> None:
    html = logged_in(world.lengqi_worker).get("/inkind/not-served/", **EN).content.decode()

    summary = re.search(r'data-testid="summary">(.*?)</table>', html, re.S)
    assert summary
    wheelchair = re.search(r'<tr data-service="wheelchair">(.*?)</tr>', summary.group(1), re.S)
    assert wheelchair
    cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", wheelchair.group(1), re.S)
    assert cells[0] == "轮椅"
    assert cells[1:3] == ["1", "0"]
    assert f'href="?unit={world.region.lengqi.pk}&amp;service=wheelchair"' in cells[3]
    assert ">1</a>" in cells[3]
    # No service chosen: no list yet
    assert 'data-testid="not-served"' not in html


def test_the_list_shows_who_qualifies_and_why_without_numbers(world: World) -> None:
    html = page(logged_in(world.lengqi_worker), world)

    row = row_of(html, "王大爷")
    assert "76 years" in row
    assert "冷碛镇" in row  # his unit: he has no village or school on file
    assert "Disabled" in row
    assert "✓" in row
    assert ">Request<" in row.replace("\n", "").replace(" ", "")
    # Nobody else of 冷碛镇 needs a wheelchair, and 周奶奶 of 兴隆镇 is not shown
    assert re.findall(r'<tr data-person="([^"]+)">', html) == ["王大爷"]
    assert "周奶奶" not in html
    # No ID number, masked or not
    assert world.elder.id_number[-4:] not in html
    assert "*" * 6 not in html


def test_reading_the_list_is_written_to_the_access_log(world: World) -> None:
    page(logged_in(world.lengqi_worker), world)

    entry = AccessLog.objects.get(action=AuditAction.READ, object_type="inkind.not_served")
    assert entry.user == world.lengqi_worker
    assert entry.object_id == str(world.region.lengqi.pk)
    assert entry.detail == {"page": "not_served", "service": "wheelchair", "rows": 1}


def test_one_click_asks_for_the_service_and_the_row_then_shows_the_request(
    world: World,
) -> None:
    client = logged_in(world.lengqi_worker)
    answer = client.post(
        "/inkind/not-served/request/",
        {
            "person": world.elder.pk,
            "service": "wheelchair",
            "unit": world.region.lengqi.pk,
            "page": "1",
        },
        follow=True,
        **EN,
    )

    html = answer.content.decode()
    assert answer.redirect_chain[0][0] == (
        f"/inkind/not-served/?service=wheelchair&unit={world.region.lengqi.pk}&page=1"
    )
    assert "A request for 轮椅 was made for 王大爷." in html
    made = Application.objects.get()
    assert (made.person, made.service.code, made.source, made.status) == (
        world.elder,
        "wheelchair",
        "screening",
        "requested",
    )
    assert made.requested_by == world.lengqi_worker
    # Still listed (not served yet), with the request's status instead of the button
    row = row_of(html, "王大爷")
    assert "Request open: Requested" in row
    assert "<form" not in row


def test_a_second_click_is_refused_with_the_reason(world: World) -> None:
    client = logged_in(world.lengqi_worker)
    sent = {"person": world.elder.pk, "service": "wheelchair", "unit": world.region.lengqi.pk}
    client.post("/inkind/not-served/request/", sent)

    html = client.post("/inkind/not-served/request/", sent, follow=True, **EN).content.decode()

    assert "王大爷 already has an open request for 轮椅" in html
    assert Application.objects.count() == 1


def test_a_viewer_reads_the_list_and_gets_no_button(world: World) -> None:
    viewer = factories.user(unit=world.region.lengqi, role=Role.VIEWER)
    client = logged_in(viewer)

    row = row_of(page(client, world), "王大爷")
    assert "<form" not in row
    answer = client.post(
        "/inkind/not-served/request/",
        {"person": world.elder.pk, "service": "wheelchair", "unit": world.region.lengqi.pk},
        follow=True,
        **EN,
    )
    assert "You may not ask for services for this person." in answer.content.decode()
    assert not Application.objects.exists()


def test_another_township_gets_404_and_nothing_is_asked(world: World) -> None:
    client = logged_in(world.xinglong_worker)

    assert (
        client.get(
            "/inkind/not-served/", {"unit": world.region.lengqi.pk, "service": "wheelchair"}
        ).status_code
        == 404
    )
    answer = client.post(
        "/inkind/not-served/request/",
        {"person": world.elder.pk, "service": "wheelchair", "unit": world.region.xinglong.pk},
    )
    assert answer.status_code == 404
    assert not Application.objects.exists()
    # Its own list shows its own elder
    assert "周奶奶" in page(client, world, unit=world.region.xinglong.pk)


@pytest.mark.parametrize("query", [{"service": "nothing"}, {"unit": "x"}, {"unit": "99999"}])
def test_an_unknown_service_or_unit_is_404(world: World, query: dict[str, str]) -> None:
    client = logged_in(world.lengqi_worker)
    assert client.get("/inkind/not-served/", query).status_code == 404


def test_a_helper_has_no_list(world: World) -> None:
    helper = factories.user(unit=world.region.lengqi_school, role=Role.HELPER)
    assert logged_in(helper).get("/inkind/not-served/").status_code == 403


def test_the_list_runs_as_many_queries_at_50_rows_as_at_1(world: World) -> None:
    client = logged_in(world.lengqi_worker)
    client.get("/inkind/not-served/")
    with count_queries() as small:
        page(client, world)
    for n in range(49):
        disabled(world.region.lengqi, f"刘{n:02d}", date(1950, 1, 1), 4, 2, sequence=600 + n)
    with count_queries() as large:
        html = page(client, world)
    assert html.count('<tr data-person="') == 50
    assert_same_query_count(small, large)

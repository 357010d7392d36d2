"""Where the dashboard opens: the unit the user works for that holds persons, on the last
complete month, with a switch to this month so far and empty states that say why."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils.formats import date_format
from django.utils.translation import gettext, override

from guanai.accounts.models import Role, User
from guanai.accounts.services import membership_grant
from guanai.core.actors import SYSTEM
from guanai.registry.models import Person
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in

# Six days into December: the month the county leader found every KPI "—" in.
TODAY = date(2026, 12, 6)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def opened(client: Client) -> str:
    """Return where the dashboard link leads the user."""
    with on(TODAY):
        response = client.get("/reports/dashboard/")
    assert response.status_code == 302
    return str(response.url)


def page(client: Client, url: str) -> str:
    with on(TODAY):
        response = client.get(url, **EN)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def office_and_county_leader(region: Region) -> User:
    """The demo's county leader: leader of 泸定县民政局 first, and of 泸定县."""
    leader = factories.user(unit=region.office, role=Role.LEADER, username="gaodehua")
    membership_grant(acting_user=SYSTEM, user=leader, org_unit=region.county, role=Role.LEADER)
    return leader


def test_the_county_leader_of_the_office_opens_on_the_county_last_month(
    region: Region, office_and_county_leader: User
) -> None:
    assert opened(logged_in(office_and_county_leader)) == (
        f"/reports/dashboard/{region.county.pk}/2026-11/"
    )


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        (Role.LEADER, "county"),
        (Role.WORKER, "lengqi"),
        (Role.LEADER, "lengqi_school"),
        (Role.VIEWER, "prefecture"),
    ],
)
def test_each_role_opens_on_its_own_unit_last_month(region: Region, role: Role, unit: str) -> None:
    user = factories.user(unit=getattr(region, unit), role=role)
    assert opened(logged_in(user)) == f"/reports/dashboard/{getattr(region, unit).pk}/2026-11/"


def test_a_worker_of_the_office_alone_cannot_walk_up_and_opens_on_the_office(
    region: Region, october: dict[str, Person]
) -> None:
    """The county is not theirs to read: the office opens, and says it holds no persons."""
    clerk = factories.user(unit=region.office, role=Role.WORKER)
    client = logged_in(clerk)
    url = opened(client)
    assert url == f"/reports/dashboard/{region.office.pk}/2026-11/"
    facts_refresh(month_of("2026-11", today=TODAY))
    html = page(client, url)
    assert 'data-empty="no-persons"' in html
    assert "No persons on file in this unit" in html
    assert 'data-kpi="registration_rate"' not in html  # no row of empty KPIs
    assert "Open the dashboard of" not in html  # nothing above it the clerk may open


def test_the_office_page_of_the_county_leader_points_to_the_county(
    region: Region, october: dict[str, Person], office_and_county_leader: User
) -> None:
    facts_refresh(month_of("2026-11", today=TODAY))
    html = page(
        logged_in(office_and_county_leader), f"/reports/dashboard/{region.office.pk}/2026-11/"
    )
    assert "No persons on file in this unit" in html
    assert f'href="/reports/dashboard/{region.county.pk}/2026-11/"' in html
    assert "Open the dashboard of 泸定县" in html


def test_the_county_last_month_shows_its_figures_and_offers_this_month_so_far(
    region: Region, october: dict[str, Person], county_leader: User
) -> None:
    facts_refresh(month_of("2026-11", today=TODAY))
    client = logged_in(county_leader)
    html = page(client, opened(client))
    switch = html.split('data-testid="month-switch"')[1].split("</nav>")[0]
    # Last month is the one shown; this month is one tap away.
    assert 'aria-current="page"' in switch.split("</a>")[0]
    assert "Last month (November 2026)" in switch
    assert f'href="/reports/dashboard/{region.county.pk}/2026-12/">This month so far' in switch
    assert 'data-empty="' not in html
    kpi = html.split('data-kpi="registration_rate"')[1].split("</div>")[0]
    assert "%" in kpi


def test_this_month_so_far_says_the_month_is_not_over(
    region: Region, october: dict[str, Person], county_leader: User
) -> None:
    client = logged_in(county_leader)
    html = page(client, f"/reports/dashboard/{region.county.pk}/2026-12/")
    assert 'data-empty="month-not-over"' in html
    assert "This month is not over yet" in html
    with override("en"):
        assert f"up to {date_format(TODAY)}" in html
    switch = html.split('data-testid="month-switch"')[1].split("</nav>")[0]
    assert 'aria-current="page"' in switch.split("</a>")[1]
    # Not computed yet this month: no KPI reads a bare dash.
    kpi = html.split('data-kpi="talk_coverage"')[1].split('<p class="small')[0]
    assert "This month is not over yet" in kpi
    assert "—" not in kpi


def test_the_empty_states_read_in_chinese(
    region: Region, october: dict[str, Person], office_and_county_leader: User
) -> None:
    facts_refresh(month_of("2026-11", today=TODAY))
    client = logged_in(office_and_county_leader)
    with on(TODAY):
        office = client.get(f"/reports/dashboard/{region.office.pk}/2026-11/").content.decode()
        county = client.get(f"/reports/dashboard/{region.county.pk}/2026-12/").content.decode()
    with override("zh-hans"):
        assert gettext("No persons on file in this unit") in office
        assert gettext("This month is not over yet") in county


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "“2026-13” is not a month; write it as 2026-01."),
        ("2027-01", "This month has not begun yet."),
    ],
)
def test_a_month_that_is_not_one_is_refused_with_the_reason(
    region: Region, county_leader: User, month: str, message: str
) -> None:
    client = logged_in(county_leader)
    with on(TODAY):
        response = client.get(f"/reports/dashboard/{region.county.pk}/{month}/", **EN)
    assert response.status_code == 302
    assert response.url == f"/reports/dashboard/{region.county.pk}/2026-11/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]


def test_an_explicit_unit_and_month_win_and_an_unknown_unit_is_not_found(
    region: Region, county_leader: User
) -> None:
    client = logged_in(county_leader)
    html = page(client, f"/reports/dashboard/{region.lengqi.pk}/2026-03/")
    assert "冷碛镇 · dashboard March 2026" in html
    with on(TODAY):
        assert client.get("/reports/dashboard/999999/2026-11/").status_code == 404
        assert client.get(f"/reports/dashboard/{region.province.pk}/2026-11/").status_code == 404


def test_helpers_open_no_dashboard(region: Region, school_helper: User) -> None:
    with on(TODAY):
        assert logged_in(school_helper).get("/reports/dashboard/").status_code == 403

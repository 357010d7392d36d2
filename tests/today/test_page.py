"""The "today" page: where a login lands, for every role; bounded queries; its empty state."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import User
from guanai.today import SHOWN
from tests import factories
from tests.care.log_support import zh
from tests.care.warnings_bulk_support import warnings_in
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries
from tests.today import support


@pytest.fixture
def p(
    region: Region, county_leader: User, township_worker: User, other_township_worker: User
) -> support.People:
    return support.people(region, county_leader, township_worker, other_township_worker)


def page(client: Client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def tasks(html: str) -> list[str]:
    return re.findall(r'data-testid="task"\s+data-kind="([a-z_]+)"', html)


def test_the_root_is_today_and_a_login_lands_there(region: Region, p: support.People) -> None:
    assert reverse("home") == "/"
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "helper", "password": factories.PASSWORD}
    )
    # A helper too lands on today now, not on the work list.
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    html = page(client)
    assert f'<h1 class="h3 mb-0">{zh("Today" + chr(39) + "s tasks")}</h1>' in html


def test_a_teacher_sees_her_due_talks_with_a_record_button(
    region: Region, p: support.People
) -> None:
    (pupil,) = support.class_of(p, region)
    html = page(logged_in(p.teacher))
    assert set(tasks(html)) == {"care_due"}
    assert pupil.name in html
    assert f"{reverse('care:record_new')}?person={pupil.pk}&amp;kind=" in html
    assert zh("Record") in html
    assert zh("Nothing to do today.") not in html


def test_nothing_to_do_says_so(region: Region, p: support.People) -> None:
    html = page(logged_in(p.teacher))
    assert tasks(html) == []
    assert zh("Nothing to do today.") in html


def test_the_county_leader_sees_every_kind_that_waits_for_a_leader(
    region: Region, p: support.People
) -> None:
    first, second = support.class_of(p, region, 2)
    support.warning(first)
    support.risk_proposal(p.teacher, second)
    support.draft_plan(p.teacher, first)
    support.submitted_roll(p.lengqi_worker, region.lengqi)
    support.submitted_report(p.xinglong_worker, region.xinglong)
    html = page(logged_in(p.county_leader))
    assert set(tasks(html)) == {
        "warning",
        "risk",
        "plan_approve",
        "roll",
        "report_review",
        "report_fill",  # the county's own report, to the prefecture
    }
    # And the figures of the county: its persons, its open warnings.
    assert zh("Persons on my rosters") in html
    assert zh("Open warnings") in html


def test_counts_of_a_thousand_and_more_are_grouped_with_a_comma(
    region: Region, p: support.People
) -> None:
    warnings_in(region.lengqi_school, 1972)
    html = page(logged_in(p.county_leader))  # in Chinese, the language of the page
    # The figure, the greeting's total and the "more" link, as English pages write them.
    figure = re.search(
        r'data-testid="figure">\s*<span class="stat-value">([^<]*)</span>\s*'
        rf'<span class="stat-label">{zh("Open warnings")}</span>',
        html,
    )
    assert figure is not None and figure[1] == "1,972"
    greeting = re.search(r'data-testid="greeting">(.*?)</p>', html, re.DOTALL)
    assert greeting is not None and re.search(r"\b1,97\d\b", greeting[1]), greeting
    # 1,972 warnings, SHOWN (10) of them listed: the link offers the other 1,962.
    more = re.search(r'data-testid="more">\s*<a [^>]*>(.*?)</a>', html, re.DOTALL)
    assert more is not None and re.search(r"\b1,962\b", more[1]), more


def test_another_townships_worker_sees_none_of_lengqis_tasks(
    region: Region, p: support.People
) -> None:
    for person in support.class_of(p, region, 2):
        support.warning(person)
        support.risk_proposal(p.teacher, person)
    support.submitted_roll(p.lengqi_worker, region.lengqi)
    html = page(logged_in(p.xinglong_worker))
    assert set(tasks(html)) <= {"report_fill"}
    for person in support.class_of(p, region):
        assert person.name not in html
    assert region.lengqi.name not in html


def test_the_admin_roles_keep_what_the_old_home_showed(
    region: Region,
    county_sysadmin: User,
    county_secadmin: User,
    county_auditor: User,
) -> None:
    html = page(logged_in(county_sysadmin))
    assert reverse("accounts:user_create") in html
    assert zh("Accounts in my units") in html
    html = page(logged_in(county_secadmin))
    assert zh("My units and roles") in html
    html = page(logged_in(county_auditor))
    assert zh("Recent events") in html
    assert reverse("accounts:audit_log") in html


def _leader_world(region: Region, p: support.People, n: int) -> None:
    """``n`` of every kind a leader decides, and ``n`` pupils for the teacher."""
    pupils = support.class_of(p, region, n)
    for pupil in pupils:
        support.warning(pupil)
        support.risk_proposal(p.teacher, pupil)
        support.draft_plan(p.teacher, pupil)
    for unit, worker in support.townships(region, n):
        support.submitted_roll(worker, unit)
        support.submitted_report(worker, unit)
    (moving,) = support.pupils(
        p.xinglong_worker, region.xinglong_school, p.xinglong_worker, 1, "surrogate_parent"
    )
    support.transfer(p.xinglong_worker, moving, region.lengqi_school)


def test_the_page_runs_as_many_queries_for_one_task_of_a_kind_as_for_many(
    region: Region, p: support.People
) -> None:
    # Given one task of every kind, then many (more than the page lists of one kind)
    _leader_world(region, p, 1)
    readers = [p.county_leader, p.teacher, p.lengqi_worker]
    clients = [logged_in(u) for u in readers]
    small = []
    for client in clients:
        with count_queries() as ctx:
            page(client)
        small.append(ctx)
    _leader_world(region, p, SHOWN + 2)
    for client, few in zip(clients, small, strict=True):
        with count_queries() as many:
            html = page(client)
        assert_same_query_count(few, many)
        assert tasks(html)


def test_the_api_lists_what_the_page_lists(region: Region, p: support.People) -> None:
    (pupil,) = support.class_of(p, region)
    support.warning(pupil)
    for user in (p.teacher, p.county_leader):
        html = page(logged_in(user))
        body = logged_in(user).get("/api/today").json()
        assert [t["kind"] for t in body["tasks"]] == tasks(html)
        assert all(t["action_url"].replace("&", "&amp;") in html for t in body["tasks"])
        assert body["total"] == len(body["tasks"])
    assert Client().get("/api/today").status_code == 401

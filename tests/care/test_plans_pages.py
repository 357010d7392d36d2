"""Plan pages: scoping (404 outside scope, a helper sees only paired persons), the forms
with their errors, the leader's approval list, and fixed query counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import Role, User
from guanai.care import plans
from guanai.care.models import AssistancePlan, PlanReview, PlanStatus
from tests import factories
from tests.care import plans_support as support
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _en(user: User) -> Client:
    """Log in as ``user`` with English pages (the messages are asserted in English)."""
    client = logged_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_list_shows_the_townships_plans_only(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    support.draft(township_worker, support.pupil(township_worker, region.lengqi_school, "张小明"))
    support.draft(
        other_township_worker, support.pupil(other_township_worker, region.xinglong_school, "王五")
    )

    page = _en(township_worker).get(reverse("care:plan_list")).content.decode()

    assert "张小明" in page
    assert "王五" not in page


def test_another_township_gets_404_for_every_plan_page(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.draft(township_worker, person)
    client = _en(other_township_worker)

    for name in ("care:plan_detail", "care:plan_edit", "care:plan_close", "care:plan_review_new"):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 404, name
    assert client.post(reverse("care:plan_approve", args=[plan.pk])).status_code == 404
    assert client.get(reverse("care:plan_new"), {"person": person.pk}).status_code == 404
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_helper_sees_only_plans_of_paired_persons(
    region: Region, township_worker: User, school_helper: User
) -> None:
    paired = support.pupil(township_worker, region.lengqi_school, "张小明")
    other = support.pupil(township_worker, region.lengqi_school, "赵小刚")
    support.pair(township_worker, paired, school_helper)
    mine = support.draft(township_worker, paired)
    theirs = support.draft(township_worker, other)
    client = _en(school_helper)

    page = client.get(reverse("care:plan_list")).content.decode()
    assert "张小明" in page and "赵小刚" not in page
    assert client.get(reverse("care:plan_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("care:plan_detail", args=[theirs.pk])).status_code == 404


def test_admin_roles_get_no_plan_list(region: Region, county_sysadmin: User) -> None:
    assert logged_in(county_sysadmin).get(reverse("care:plan_list")).status_code == 403


def test_the_list_filters_by_status_domain_and_overdue(
    region: Region, township_worker: User, county_leader: User
) -> None:
    today = timezone.localdate()
    support.draft(township_worker, support.pupil(township_worker, region.lengqi_school, "草稿生"))
    running = support.active(
        township_worker,
        county_leader,
        support.pupil(township_worker, region.lengqi_school, "过期生"),
        domain="health",
        starts_on=today - timedelta(days=40),
        ends_on=today,
    )
    # A leader moves the end into the past: the plan is now past its end, unreviewed.
    plans.plan_update(
        acting_user=county_leader,
        plan=running,
        version=running.version,
        data=support.plan_data(
            township_worker,
            domain="health",
            starts_on=running.starts_on,
            ends_on=today - timedelta(days=1),
        ),
    )
    client = _en(township_worker)
    url = reverse("care:plan_list")

    active = client.get(url, {"status": "active"}).content.decode()
    assert "过期生" in active and "草稿生" not in active
    health = client.get(url, {"domain": "health"}).content.decode()
    assert "过期生" in health and "草稿生" not in health
    overdue = client.get(url, {"overdue": "1"}).content.decode()
    assert "过期生" in overdue and "草稿生" not in overdue
    assert "Past the end, not reviewed" in overdue


def test_the_leader_approves_from_the_waiting_list(region: Region, township_worker: User) -> None:
    leader = support.school_leader(region)
    plan = support.draft(township_worker, support.pupil(township_worker, region.lengqi_school))
    client = _en(leader)
    waiting_url = reverse("care:plan_list") + "?waiting=1"

    home = client.get(reverse("care:plan_list")).content.decode()
    assert "1 plan waiting for your approval" in home
    listing = client.get(waiting_url).content.decode()
    assert reverse("care:plan_approve", args=[plan.pk]) in listing

    response = client.post(
        reverse("care:plan_approve", args=[plan.pk]), {"next": waiting_url}, follow=True
    )

    assert response.redirect_chain[-1][0] == waiting_url
    page = response.content.decode()
    assert "was approved and is now active" in page
    assert "No plan is waiting for your approval." in page
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (PlanStatus.ACTIVE, leader)


def test_a_worker_cannot_approve(region: Region, township_worker: User) -> None:
    plan = support.draft(township_worker, support.pupil(township_worker, region.lengqi_school))
    client = _en(township_worker)

    assert "Approve" not in client.get(reverse("care:plan_detail", args=[plan.pk])).content.decode()
    response = client.post(reverse("care:plan_approve", args=[plan.pk]), follow=True)

    assert "Only a leader of the person&#x27;s unit approves plans." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_the_new_plan_form_creates_a_draft(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school, "张小明")
    client = _en(township_worker)
    url = reverse("care:plan_new") + f"?person={person.pk}"
    today = timezone.localdate()

    form = client.get(url).content.decode()
    assert "New assistance plan for 张小明" in form
    response = client.post(
        url,
        {
            "domain": "study",
            "goals": "数学及格",
            "measures": "每周辅导两次",
            "phase_targets": "",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=60)).isoformat(),
            "responsible": township_worker.pk,
        },
    )

    plan = AssistancePlan.objects.get(person=person)
    assert response["Location"] == reverse("care:plan_detail", args=[plan.pk])
    assert (plan.status, plan.goals, plan.created_by) == ("draft", "数学及格", township_worker)


def test_the_new_plan_form_shows_bad_dates_next_to_the_field(
    region: Region, township_worker: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    today = timezone.localdate()

    response = _en(township_worker).post(
        reverse("care:plan_new") + f"?person={person.pk}",
        {
            "domain": "study",
            "goals": "数学及格",
            "measures": "每周辅导两次",
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
            "responsible": township_worker.pk,
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The plan cannot end before it starts." in page
    assert 'id="id_ends_on"\n' in page or "is-invalid" in page
    assert not AssistancePlan.objects.exists()


def test_the_new_plan_page_needs_a_person(region: Region, township_worker: User) -> None:
    response = _en(township_worker).get(reverse("care:plan_new"))
    assert response["Location"] == reverse("care:plan_list")


def test_a_stale_edit_shows_what_changed(region: Region, township_worker: User) -> None:
    plan = support.draft(township_worker, support.pupil(township_worker, region.lengqi_school))
    opened = plan.version
    colleague = factories.user(unit=region.lengqi, role=Role.WORKER)
    plans.plan_update(
        acting_user=colleague,
        plan=plan,
        version=opened,
        data=support.plan_data(township_worker, goals="语文阅读"),
    )
    form = {
        "domain": "study",
        "goals": plan.goals,
        "measures": "每天辅导",
        "phase_targets": plan.phase_targets,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "responsible": township_worker.pk,
        "version": opened,
    }

    response = _en(township_worker).post(reverse("care:plan_edit", args=[plan.pk]), form)

    page = response.content.decode()
    assert "Someone else saved this plan after you opened it (changed: goals)" in page
    plan.refresh_from_db()
    assert (plan.goals, plan.measures) == ("语文阅读", support.plan_data(township_worker).measures)


def test_an_active_plans_goals_are_locked_for_a_worker(
    region: Region, township_worker: User, county_leader: User
) -> None:
    plan = support.active(
        township_worker, county_leader, support.pupil(township_worker, region.lengqi_school)
    )

    page = _en(township_worker).get(reverse("care:plan_edit", args=[plan.pk])).content.decode()

    assert "Changed only by a leader once the plan is approved." in page
    assert page.count(" disabled") >= 1


def test_reviews_and_ending_from_the_plan_page(
    region: Region, township_worker: User, county_leader: User
) -> None:
    plan = support.active(
        township_worker, county_leader, support.pupil(township_worker, region.lengqi_school)
    )
    client = _en(township_worker)
    today = timezone.localdate()

    future = client.post(
        reverse("care:plan_review_new", args=[plan.pk]),
        {
            "reviewed_on": (today + timedelta(days=3)).isoformat(),
            "progress": "on_track",
            "notes": "按计划进行",
        },
    )
    assert "The review date is in the future." in future.content.decode()
    assert not PlanReview.objects.exists()

    client.post(
        reverse("care:plan_review_new", args=[plan.pk]),
        {"reviewed_on": today.isoformat(), "progress": "achieved", "notes": "期中数学72分"},
    )
    detail = client.get(reverse("care:plan_detail", args=[plan.pk])).content.decode()
    assert "期中数学72分" in detail and "Goal reached" in detail

    closing = client.post(
        reverse("care:plan_close", args=[plan.pk]), {"status": "closed", "closing_note": ""}
    )
    assert "Write why the plan is closed." in closing.content.decode()
    client.post(reverse("care:plan_close", args=[plan.pk]), {"status": "completed"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED


def _plans_for(worker: User, leader: User, region: Region, count: int) -> None:
    for n in range(count):
        person = support.pupil(worker, region.lengqi_school, f"学生{n}")
        plan = support.active(worker, leader, person)
        support.review(worker, plan)


def test_the_plan_list_runs_a_fixed_number_of_queries(
    region: Region, township_worker: User, county_leader: User
) -> None:
    client = _en(county_leader)
    url = reverse("care:plan_list")
    _plans_for(township_worker, county_leader, region, 1)
    client.get(url)  # the session and language are read once

    with count_queries() as one:
        assert client.get(url).status_code == 200
    _plans_for(township_worker, county_leader, region, 49)
    with count_queries() as fifty:
        page = client.get(url).content.decode()

    assert page.count('data-label="Responsible helper"') == 50
    assert_same_query_count(one, fifty)

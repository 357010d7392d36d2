"""The work plan's pages: drafts read by the unit and above, published plans by the units
below, the timetable and linked activity plans, publishing refused to a worker, the print
page and the unit panel."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.activities.plans import plan_create_from_template
from guanai.governance.models import PlanStatus, WorkPlan
from guanai.governance.plans import TaskData, plan_create, plan_publish, task_add
from guanai.governance.plans.panels import unit_panel
from tests import factories
from tests.conftest import Region, logged_in
from tests.governance.groups_support import Township, lengqi_leader, lengqi_viewer, township

__all__ = ["lengqi_leader", "lengqi_viewer", "township"]


@pytest.fixture
def plan(township: Township, township_worker: User) -> WorkPlan:
    year = timezone.localdate().year
    made = plan_create(township_worker, unit=township.group.org_unit, year=year)
    task_add(
        township_worker,
        made,
        version=made.version,
        data=TaskData(month=3, title="开展摸底排查", owners=[township.director]),
    )
    return WorkPlan.objects.get(pk=made.pk)


def _status(user: User, plan: WorkPlan, name: str = "plan_detail") -> int:
    return logged_in(user).get(reverse(f"governance:{name}", args=[plan.pk])).status_code


def test_a_draft_is_read_by_its_unit_and_above_not_below(
    plan: WorkPlan, county_leader: User, school_helper: User, region: Region
) -> None:
    school_worker = factories.user(unit=region.lengqi_school, role=Role.WORKER)
    assert _status(county_leader, plan) == 200
    assert _status(school_worker, plan) == 404
    assert _status(school_helper, plan) == 404


def test_a_published_plan_is_read_by_the_units_below(
    plan: WorkPlan, township: Township, school_helper: User, region: Region
) -> None:
    plan_publish(township.leader_user, plan, version=plan.version)
    school_worker = factories.user(unit=region.lengqi_school, role=Role.WORKER)
    assert _status(school_worker, plan) == 200
    assert _status(school_helper, plan) == 200
    # read, not edited
    assert _status(school_worker, plan, "plan_edit") == 403


def test_another_township_gets_404(plan: WorkPlan, township: Township, region: Region) -> None:
    plan_publish(township.leader_user, plan, version=plan.version)
    outsider = factories.user(unit=region.xinglong, role=Role.LEADER)
    for name in ("plan_detail", "plan_print", "plan_edit", "plan_task_new"):
        assert _status(outsider, plan, name) == 404
    answer = logged_in(outsider).post(
        reverse("governance:plan_withdraw", args=[plan.pk]), {"version": plan.version + 1}
    )
    assert answer.status_code == 404
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.PUBLISHED


def test_a_worker_cannot_publish_through_the_page(plan: WorkPlan, township_worker: User) -> None:
    answer = logged_in(township_worker).post(
        reverse("governance:plan_publish", args=[plan.pk]), {"version": plan.version}
    )
    assert answer.status_code == 403
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_the_leader_publishes_through_the_page(plan: WorkPlan, township: Township) -> None:
    answer = logged_in(township.leader_user).post(
        reverse("governance:plan_publish", args=[plan.pk]), {"version": plan.version}
    )
    assert answer.status_code == 302
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.PUBLISHED


def test_the_task_form_refuses_an_owner_not_serving(
    plan: WorkPlan, township: Township, region: Region
) -> None:
    answer = logged_in(township.leader_user).post(
        reverse("governance:plan_task_new", args=[plan.pk]),
        {"month": "13", "title": "走访", "version": plan.version},
    )
    assert answer.status_code == 400
    assert plan.tasks.count() == 1


def test_the_plan_page_shows_parts_timetable_and_linked_activity_plans(
    plan: WorkPlan, township: Township, township_worker: User, region: Region
) -> None:
    activity = plan_create_from_template(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        template_code="school_caring",
        school_year=plan.year,
    )
    html = (
        logged_in(township.leader_user)
        .get(reverse("governance:plan_detail", args=[plan.pk]))
        .content.decode()
    )
    assert plan.guiding[:20] in html and "开展摸底排查" in html and "测试用户" in html
    assert reverse("activities:plan", args=[activity.pk]) in html


def test_the_print_page(plan: WorkPlan, township: Township) -> None:
    html = (
        logged_in(township.leader_user)
        .get(reverse("governance:plan_print", args=[plan.pk]))
        .content.decode()
    )
    assert "冷碛镇" in html and plan.title in html
    for text in (plan.guiding, "开展摸底排查", "测试用户"):
        assert text[:30] in html
    assert 'data-testid="timetable"' in html and "governance/paper.css" in html


def test_the_unit_panel(plan: WorkPlan, township: Township, region: Region) -> None:
    today = timezone.localdate()
    panel = unit_panel(township.leader_user, region.lengqi, today)
    assert panel is not None and panel["plan"] == plan
    school_worker = factories.user(unit=region.lengqi_school, role=Role.WORKER)
    assert unit_panel(school_worker, region.lengqi_school, today)["from_above"] == []  # type: ignore[index]
    plan_publish(township.leader_user, plan, version=plan.version)
    below = unit_panel(school_worker, region.lengqi_school, today)
    assert below is not None and below["from_above"] == [plan]


def test_the_list_shows_the_units_plans_and_those_from_above(
    plan: WorkPlan, township: Township, region: Region
) -> None:
    plan_publish(township.leader_user, plan, version=plan.version)
    school_worker = factories.user(unit=region.lengqi_school, role=Role.WORKER)
    html = logged_in(school_worker).get(reverse("governance:plans_index")).content.decode()
    assert 'data-testid="from-above"' in html and plan.title in html

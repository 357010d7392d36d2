"""Annual work plans through their services: made from the outline of the unit's kind, the
timetable's owners from the group, drafts edited, published by a leader, withdrawn with
nothing lost; bad input refused with its message and nothing changed."""

from __future__ import annotations

from datetime import date

import pytest

from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.governance.groups import member_end
from guanai.governance.models import PlanStatus, PlanTask, WorkPlan
from guanai.governance.plans import (
    PlanData,
    TaskData,
    outline_for,
    plan_create,
    plan_months,
    plan_publish,
    plan_update,
    plan_withdraw,
    task_add,
    task_update,
)
from tests.conftest import Region
from tests.governance.groups_support import Township, lengqi_leader, lengqi_viewer, township

__all__ = ["lengqi_leader", "lengqi_viewer", "township"]


@pytest.fixture
def plan(township: Township, township_worker: User) -> WorkPlan:
    return plan_create(township_worker, unit=township.group.org_unit, year=2026)


def test_a_plan_starts_from_the_outline_of_its_unit_kind(
    plan: WorkPlan, township: Township, region: Region, township_worker: User
) -> None:
    assert plan.title == "冷碛镇2026年爱心帮扶工作计划"
    assert "冷碛镇" in plan.guiding and "月通报" in plan.requirements
    assert plan.group == township.group and plan.status == PlanStatus.DRAFT
    school = outline_for(region.lengqi_school, 2026)
    assert "建档率达100%" in school.goals and "学习上优先辅导" in school.measures


def test_one_plan_per_unit_and_year(plan: WorkPlan, township_worker: User) -> None:
    with pytest.raises(ValidationFailed) as refused:
        plan_create(township_worker, unit=plan.org_unit, year=2026)
    assert refused.value.field == "year" and "2026" in str(refused.value.message)
    assert WorkPlan.objects.count() == 1


def test_tasks_by_month_with_owners_from_the_group(plan: WorkPlan, township: Township) -> None:
    task_add(
        township.leader_user,
        plan,
        version=plan.version,
        data=TaskData(month=3, title="摸底排查", owners=[township.director, township.leader]),
    )
    plan.refresh_from_db()
    task_add(township.leader_user, plan, version=plan.version, data=TaskData(month=1, title="部署"))
    months = plan_months(plan)
    assert [(m.month, [t.title for t in m.tasks]) for m in months] == [
        (1, ["部署"]),
        (3, ["摸底排查"]),
    ]
    # owners in the printed order: the leader first
    assert [o.name for o in months[1].tasks[0].owners.all()] == ["王耀亮", "测试用户"]


def test_a_month_13_is_refused(plan: WorkPlan, township: Township) -> None:
    with pytest.raises(ValidationFailed) as refused:
        task_add(
            township.leader_user, plan, version=plan.version, data=TaskData(month=13, title="x")
        )
    assert refused.value.field == "month"
    assert not PlanTask.objects.exists()
    assert WorkPlan.objects.get(pk=plan.pk).version == plan.version


def test_an_owner_not_serving_is_refused(plan: WorkPlan, township: Township) -> None:
    member_end(
        township.leader_user, township.deputy, version=township.deputy.version, on=date(2025, 6, 1)
    )
    with pytest.raises(ValidationFailed) as refused:
        task_add(
            township.leader_user,
            plan,
            version=plan.version,
            data=TaskData(month=4, title="走访", owners=[township.deputy]),
        )
    assert refused.value.field == "owners" and "刘冬梅" in str(refused.value.message)
    assert not PlanTask.objects.exists()


def test_an_over_long_title_is_refused(plan: WorkPlan, township: Township) -> None:
    with pytest.raises(ValidationFailed) as refused:
        plan_update(
            township.leader_user, plan, version=plan.version, data=PlanData(title="计" * 201)
        )
    assert refused.value.field == "title" and "200" in str(refused.value.message)
    assert WorkPlan.objects.get(pk=plan.pk).title == plan.title


def test_a_worker_cannot_publish_and_a_leader_can(
    plan: WorkPlan, township: Township, township_worker: User
) -> None:
    task_add(township_worker, plan, version=plan.version, data=TaskData(month=2, title="部署"))
    plan.refresh_from_db()
    with pytest.raises(PermissionRefused):
        plan_publish(township_worker, plan, version=plan.version)
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    published = plan_publish(township.leader_user, plan, version=plan.version)
    assert published.status == PlanStatus.PUBLISHED
    assert published.published_by == township.leader_user and published.published_at


def test_a_published_plan_is_not_edited_until_withdrawn(
    plan: WorkPlan, township: Township, township_worker: User
) -> None:
    task = task_add(
        township_worker, plan, version=plan.version, data=TaskData(month=2, title="部署")
    )
    plan = plan_publish(
        township.leader_user, WorkPlan.objects.get(pk=plan.pk), version=plan.version + 1
    )
    with pytest.raises(ValidationFailed):
        task_update(township_worker, task, version=plan.version, data=TaskData(month=5, title="改"))
    with pytest.raises(PermissionRefused):
        plan_withdraw(township_worker, plan, version=plan.version)
    withdrawn = plan_withdraw(township.leader_user, plan, version=plan.version)
    # Nothing else lost: the text, the task and the last publication stay.
    assert withdrawn.status == PlanStatus.DRAFT and withdrawn.published_at is not None
    assert list(withdrawn.tasks.values_list("title", flat=True)) == ["部署"]
    assert withdrawn.guiding == plan.guiding


def test_a_stale_edit_is_refused(plan: WorkPlan, township: Township) -> None:
    plan_update(township.leader_user, plan, version=plan.version, data=PlanData(title="第一稿"))
    with pytest.raises(StaleEdit):
        plan_update(township.leader_user, plan, version=plan.version, data=PlanData(title="第二稿"))
    with pytest.raises(StaleEdit):
        task_add(township.leader_user, plan, version=plan.version, data=TaskData(1, "部署"))
    assert WorkPlan.objects.get(pk=plan.pk).title == "第一稿"
    assert not PlanTask.objects.exists()


def test_a_viewer_cannot_make_or_edit_a_plan(
    plan: WorkPlan, lengqi_viewer: User, region: Region
) -> None:
    with pytest.raises(PermissionRefused):
        plan_create(lengqi_viewer, unit=region.lengqi, year=2027)
    with pytest.raises(PermissionRefused):
        plan_update(lengqi_viewer, plan, version=plan.version, data=PlanData(title="改"))
    assert WorkPlan.objects.count() == 1

"""Assistance plans and reviews: who drafts, edits, approves, reviews and ends them, and
the checks on their values (issue 4, item 5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from guanai.accounts.models import Role, User
from guanai.care import plans
from guanai.care.models import AssistancePlan, HelperRole, PlanReview, PlanStatus
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from tests import factories
from tests.care import plans_support as support
from tests.conftest import Region


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_a_worker_drafts_a_plan_for_a_pupil(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)

    plan = support.draft(township_worker, person)

    assert plan.status == PlanStatus.DRAFT
    assert plan.created_by == township_worker
    assert plan.responsible == township_worker
    assert plan.approved_by is None


def test_a_plan_cannot_end_before_it_starts(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    today = timezone.localdate()

    with pytest.raises(ValidationFailed) as refused:
        support.draft(township_worker, person, starts_on=today, ends_on=today - timedelta(days=1))

    assert refused.value.field == "ends_on"
    assert str(refused.value.message) == "The plan cannot end before it starts."
    assert not AssistancePlan.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("goals", "Write the goals of the plan."),
        ("measures", "Write the measures: what will be done, by whom, how often."),
    ],
)
def test_goals_and_measures_are_required(
    region: Region, township_worker: User, field: str, message: str
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)

    with pytest.raises(ValidationFailed) as refused:
        support.draft(township_worker, person, **{field: "   "})

    assert (refused.value.field, str(refused.value.message)) == (field, message)


def test_the_responsible_helper_must_care_for_the_person(
    region: Region, township_worker: User, other_township_worker: User, school_helper: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school, "李小红")

    # Neither a worker of another township nor an unpaired helper may be responsible.
    for stranger in (other_township_worker, school_helper):
        with pytest.raises(ValidationFailed) as refused:
            support.draft(township_worker, person, responsible=stranger)
        assert refused.value.field == "responsible"
        assert "who may care for 李小红" in str(refused.value.message)

    # Once paired, the helper may be made responsible.
    support.pair(township_worker, person, school_helper)
    plan = support.draft(township_worker, person, responsible=school_helper)
    assert plan.responsible == school_helper


def test_a_helper_drafts_plans_only_for_paired_persons(
    region: Region, township_worker: User, school_helper: User
) -> None:
    paired = support.pupil(township_worker, region.lengqi_school, "张小明")
    other = support.pupil(township_worker, region.lengqi_school, "赵小刚")
    support.pair(township_worker, paired, school_helper)

    assert support.draft(school_helper, paired).created_by == school_helper
    with pytest.raises(PermissionRefused):
        support.draft(school_helper, other, responsible=township_worker)
    assert AssistancePlan.objects.filter(person=other).count() == 0


def test_only_a_leader_approves_and_only_once(
    region: Region, township_worker: User, county_leader: User, school_helper: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    support.pair(township_worker, person, school_helper)
    plan = support.draft(school_helper, person)

    for not_leader in (school_helper, township_worker):
        with pytest.raises(PermissionRefused):
            plans.plan_approve(acting_user=not_leader, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

    approved = plans.plan_approve(acting_user=county_leader, plan=plan)
    assert approved.status == PlanStatus.ACTIVE
    assert approved.approved_by == county_leader
    assert approved.approved_at is not None

    with pytest.raises(ValidationFailed) as twice:
        plans.plan_approve(acting_user=county_leader, plan=plan)
    assert str(twice.value.message) == "This plan is approved already."


def test_a_leader_of_another_township_cannot_approve(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.draft(township_worker, person)
    other_leader = factories.user(unit=region.xinglong, role=Role.LEADER)

    with pytest.raises(PermissionRefused):
        plans.plan_approve(acting_user=other_leader, plan=plan)


def test_a_plan_past_its_end_is_not_approved(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    today = timezone.localdate()
    plan = support.draft(
        township_worker,
        person,
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=1),
    )

    with pytest.raises(ValidationFailed) as refused:
        plans.plan_approve(acting_user=county_leader, plan=plan)

    assert refused.value.field == "ends_on"
    assert "change its dates before approving it" in str(refused.value.message)


def test_a_stale_edit_is_refused_saying_what_changed(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.draft(township_worker, person)
    colleague = factories.user(unit=region.lengqi, role=Role.WORKER)
    opened = plan.version

    # Given a colleague saved new goals after the worker opened the plan,
    plans.plan_update(
        acting_user=colleague,
        plan=plan,
        version=opened,
        data=support.plan_data(township_worker, goals="语文阅读每周一本课外书"),
    )
    # when the worker saves the form they opened before, with other measures,
    with pytest.raises(StaleEdit) as stale:
        plans.plan_update(
            acting_user=township_worker,
            plan=plan,
            version=opened,
            data=support.plan_data(township_worker, measures="每天放学后辅导"),
        )

    # then the save is refused, naming what the colleague changed, and their goals stay.
    assert str(stale.value.message) == (
        "Someone else saved this plan after you opened it (changed: goals). "
        "Reload it and make your change again."
    )
    plan.refresh_from_db()
    assert plan.goals == "语文阅读每周一本课外书"
    assert plan.version == opened + 1


def test_drafts_are_edited_by_author_responsible_and_roster_editors(
    region: Region, township_worker: User, school_helper: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    support.pair(township_worker, person, school_helper)
    other_helper = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    support.pair(township_worker, person, other_helper, role=HelperRole.SURROGATE_PARENT)
    plan = support.draft(township_worker, person, responsible=school_helper)

    assert plans.can_edit_plan(township_worker, plan)
    assert plans.can_edit_plan(school_helper, plan)
    # Paired too, but neither the author nor responsible: reviews, does not edit.
    assert not plans.can_edit_plan(other_helper, plan)
    with pytest.raises(PermissionRefused):
        plans.plan_update(
            acting_user=other_helper,
            plan=plan,
            version=plan.version,
            data=support.plan_data(school_helper, goals="改写"),
        )


def test_an_active_plans_goals_change_only_by_a_leader(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.active(township_worker, county_leader, person)

    with pytest.raises(ValidationFailed) as refused:
        plans.plan_update(
            acting_user=township_worker,
            plan=plan,
            version=plan.version,
            data=support.plan_data(township_worker, goals="新的目标"),
        )
    assert refused.value.field == "goals"
    assert "changed only by a leader" in str(refused.value.message)

    # The measures say how the goals are pursued: the worker adjusts them.
    changed = plans.plan_update(
        acting_user=township_worker,
        plan=plan,
        version=plan.version,
        data=support.plan_data(township_worker, measures="改为每天辅导20分钟"),
    )
    assert changed.measures == "改为每天辅导20分钟"

    by_leader = plans.plan_update(
        acting_user=county_leader,
        plan=changed,
        version=changed.version,
        data=support.plan_data(township_worker, goals="新的目标", measures=changed.measures),
    )
    assert by_leader.goals == "新的目标"
    assert by_leader.status == PlanStatus.ACTIVE


def test_closing_needs_a_note(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.draft(township_worker, person)

    with pytest.raises(ValidationFailed) as refused:
        plans.plan_close(acting_user=township_worker, plan=plan, status="closed", note=" ")
    assert (refused.value.field, str(refused.value.message)) == (
        "closing_note",
        "Write why the plan is closed.",
    )

    closed = plans.plan_close(
        acting_user=township_worker, plan=plan, status="closed", note="学生转学，计划撤回"
    )
    assert closed.status == PlanStatus.CLOSED
    assert closed.closing_note == "学生转学，计划撤回"


def test_completing_needs_an_approved_plan_with_a_review(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    drafted = support.draft(township_worker, person)
    with pytest.raises(ValidationFailed, match="close a draft instead"):
        plans.plan_close(acting_user=township_worker, plan=drafted, status="completed")

    plan = support.active(township_worker, county_leader, person, domain="psychology")
    with pytest.raises(ValidationFailed, match="Review the plan at least once"):
        plans.plan_close(acting_user=township_worker, plan=plan, status="completed")

    support.review(township_worker, plan)
    done = plans.plan_close(acting_user=township_worker, plan=plan, status="completed")
    assert done.status == PlanStatus.COMPLETED


def test_an_ended_plan_is_read_only(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.active(township_worker, county_leader, person)
    plan = plans.plan_close(
        acting_user=county_leader, plan=plan, status="closed", note="监护人拒绝配合"
    )

    with pytest.raises(ValidationFailed, match="can no longer be changed"):
        plans.plan_update(
            acting_user=county_leader,
            plan=plan,
            version=plan.version,
            data=support.plan_data(township_worker),
        )
    with pytest.raises(ValidationFailed, match="this one is Closed"):
        support.review(township_worker, plan)
    with pytest.raises(ValidationFailed, match="can no longer be changed"):
        plans.plan_close(acting_user=county_leader, plan=plan, status="closed", note="再次")


def test_review_dates_are_neither_future_nor_before_the_start(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.active(township_worker, county_leader, person)
    today = timezone.localdate()

    with pytest.raises(ValidationFailed) as future:
        support.review(township_worker, plan, on=today + timedelta(days=1))
    assert (future.value.field, str(future.value.message)) == (
        "reviewed_on",
        "The review date is in the future.",
    )
    with pytest.raises(ValidationFailed) as early:
        support.review(township_worker, plan, on=plan.starts_on - timedelta(days=1))
    assert early.value.field == "reviewed_on"
    assert "before the plan starts" in str(early.value.message)
    assert not PlanReview.objects.exists()

    assert support.review(township_worker, plan, on=plan.starts_on).reviewed_on == plan.starts_on


def test_a_draft_is_not_reviewed(region: Region, township_worker: User) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.draft(township_worker, person)

    with pytest.raises(ValidationFailed, match="this one is Draft"):
        support.review(township_worker, plan)


def test_reviews_by_anyone_caring_for_the_person_only(
    region: Region,
    township_worker: User,
    county_leader: User,
    school_helper: User,
    other_township_worker: User,
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    plan = support.active(township_worker, county_leader, person)

    with pytest.raises(PermissionRefused):
        support.review(school_helper, plan)
    with pytest.raises(PermissionRefused):
        support.review(other_township_worker, plan)

    support.pair(township_worker, person, school_helper)
    assert support.review(school_helper, plan).author == school_helper


def test_overdue_is_past_the_end_without_a_review_since(
    region: Region, township_worker: User, county_leader: User
) -> None:
    person = support.pupil(township_worker, region.lengqi_school)
    today = timezone.localdate()
    plan = support.active(
        township_worker, county_leader, person, starts_on=today - timedelta(days=30), ends_on=today
    )
    support.review(township_worker, plan, on=today - timedelta(days=5))
    tomorrow = today + timedelta(days=1)
    overdue = plans.PlanFilter(overdue=True)

    # The day after the end, a review from before the end does not count…
    assert list(plans.plans_search(county_leader, overdue, today=tomorrow)) == [plan]
    assert plans.is_overdue(plans.access_plan(county_leader, plan.pk), tomorrow)
    assert not plans.plans_search(county_leader, overdue, today=today).exists()

    # …a review on the last day does.
    support.review(township_worker, plan, on=today)
    assert not plans.plans_search(county_leader, overdue, today=tomorrow).exists()
    assert not plans.is_overdue(plans.access_plan(county_leader, plan.pk), tomorrow)


def test_waiting_for_approval_lists_the_leaders_drafts(
    region: Region, township_worker: User, county_leader: User, other_township_worker: User
) -> None:
    mine = support.draft(township_worker, support.pupil(township_worker, region.lengqi_school))
    support.active(
        township_worker, county_leader, support.pupil(township_worker, region.lengqi_school, "李四")
    )
    school_leader = support.school_leader(region)
    xinglong = support.pupil(other_township_worker, region.xinglong_school, "王五")
    theirs = support.draft(other_township_worker, xinglong)

    waiting = plans.PlanFilter(waiting=True)
    assert set(plans.plans_search(county_leader, waiting)) == {mine, theirs}
    assert list(plans.plans_search(school_leader, waiting)) == [mine]
    assert plans.plans_waiting_count(school_leader) == 1
    # A worker approves nothing, so nothing waits for them.
    assert not plans.plans_search(township_worker, waiting).exists()
    assert plans.plans_waiting_count(township_worker) == 0

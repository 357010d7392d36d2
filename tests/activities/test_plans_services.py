"""Activity plans through their services: from a template, edited, published, copied."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.utils import translation

from guanai.accounts.models import Role, User
from guanai.activities import plans
from guanai.activities.models.plans import ActivityPlan, PlanItem, PlanStatus
from guanai.activities.plans.templates_data import TEMPLATES
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories
from tests.conftest import Region


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


@pytest.fixture
def kindergarten(region: Region) -> OrgUnit:
    return factories.org_unit(parent=region.lengqi, kind=OrgKind.KINDERGARTEN, name="冷碛镇幼儿园")


def school_plan(user: User, region: Region, year: int = 2026, **kw: str) -> ActivityPlan:
    return plans.plan_create_from_template(
        acting_user=user,
        org_unit=region.lengqi_school,
        template_code="school_caring",
        school_year=year,
        **kw,
    )


def item_data(**kw: object) -> plans.ItemData:
    values: dict[str, object] = {
        "month": date(2026, 10, 1),
        "title": "秋游",
        "kind": "visit",
    }
    values.update(kw)
    return plans.ItemData(**values)  # type: ignore[arg-type]


def test_a_school_plan_carries_the_seeds_calendar_in_the_right_years(
    region: Region, township_worker: User
) -> None:
    plan = school_plan(township_worker, region)

    items = list(plan.items.all())
    assert plan.status == PlanStatus.DRAFT and plan.owner == township_worker
    assert plan.title == "关爱特殊群体学生活动方案"
    assert [i.title for i in items] == [t.title for t in TEMPLATES["school_caring"].items]
    assert {i.month for i in items} == {date(2026, m, 1) for m in (9, 10, 11, 12)}
    show = next(i for i in items if i.title == "元旦文艺汇演")
    assert show.kind == "festival" and "元旦文艺汇演" in show.description


def test_a_kindergarten_plan_runs_september_to_june_across_two_years(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    plan = plans.plan_create_from_template(
        acting_user=township_worker,
        org_unit=kindergarten,
        template_code="kindergarten_home",
        school_year=2026,
    )

    months = [i.month for i in plan.items.all()]
    assert months[0] == date(2026, 9, 1) and months[-1] == date(2027, 6, 1)
    assert months == sorted(months)
    titles = [i.title for i in plan.items.all()]
    assert titles.count("家长学校第一期") == 1 and "幼儿运动会" in titles
    assert plan.items.get(title="清明节扫墓活动").month == date(2027, 4, 1)


def test_a_term_plan_has_only_that_terms_months(
    kindergarten: OrgUnit, township_worker: User
) -> None:
    plan = plans.plan_create_from_template(
        acting_user=township_worker,
        org_unit=kindergarten,
        template_code="kindergarten_home",
        school_year=2026,
        term="2",
    )

    assert {i.month for i in plan.items.all()} == {date(2027, m, 1) for m in (2, 3, 4, 5, 6)}


def test_a_template_for_another_kind_of_unit_is_refused(
    region: Region, township_worker: User
) -> None:
    with pytest.raises(ValidationFailed, match="not for a unit of this kind"):
        plans.plan_create_from_template(
            acting_user=township_worker,
            org_unit=region.lengqi_school,
            template_code="kindergarten_home",
            school_year=2026,
        )
    with pytest.raises(ValidationFailed, match="not for a unit of this kind"):
        plans.plan_create_from_template(
            acting_user=township_worker,
            org_unit=region.lengqi,
            template_code="school_caring",
            school_year=2026,
        )
    assert not ActivityPlan.objects.exists()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"template_code": "nope"}, "Choose a template"),
        ({"school_year": 1999}, "between 2000 and 2100"),
        ({"term": "3"}, "Choose a term"),
        ({"title": "长" * 101}, "at most 100 characters"),
    ],
)
def test_bad_input_makes_no_plan(
    region: Region, township_worker: User, kw: dict[str, object], message: str
) -> None:
    args: dict[str, object] = {"template_code": "school_caring", "school_year": 2026}
    args.update(kw)
    with pytest.raises(ValidationFailed, match=message):
        plans.plan_create_from_template(
            acting_user=township_worker,
            org_unit=region.lengqi_school,
            **args,  # type: ignore[arg-type]
        )
    assert not ActivityPlan.objects.exists()


def test_the_same_plan_twice_is_refused(region: Region, township_worker: User) -> None:
    school_plan(township_worker, region)

    with pytest.raises(ValidationFailed, match="already has a plan with this title"):
        school_plan(township_worker, region)
    assert ActivityPlan.objects.count() == 1


def test_only_a_leader_or_worker_of_the_unit_writes_plans(
    region: Region, school_helper: User, other_township_worker: User
) -> None:
    for user in (school_helper, other_township_worker):
        with pytest.raises(PermissionRefused):
            school_plan(user, region)
    leader = factories.user(unit=region.lengqi_school, role=Role.LEADER)
    assert school_plan(leader, region).owner == leader
    assert school_plan(SYSTEM, region, year=2027).owner is None  # type: ignore[arg-type]


def test_items_are_added_changed_and_removed_with_the_plans_version(
    region: Region, township_worker: User
) -> None:
    plan = school_plan(township_worker, region)

    item = plans.plan_item_add(
        acting_user=township_worker,
        plan=plan,
        version=1,
        data=item_data(on=date(2026, 10, 13), responsible="王老师"),
    )
    talks = plan.items.get(title="每周谈心")
    assert item.month == date(2026, 10, 1) and item.order > talks.order  # last in October
    plans.plan_item_change(
        acting_user=township_worker,
        item=item,
        version=2,
        data=item_data(month=date(2027, 3, 9), title="春游", description="去公园"),
    )
    item.refresh_from_db()
    assert (item.month, item.on, item.title, item.description) == (
        date(2027, 3, 1),
        None,
        "春游",
        "去公园",
    )
    plans.plan_item_remove(acting_user=township_worker, item=item, version=3)
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    plan.refresh_from_db()
    assert plan.version == 4


def test_a_stale_page_changes_nothing(region: Region, township_worker: User) -> None:
    plan = school_plan(township_worker, region)
    plans.plan_update(acting_user=township_worker, plan=plan, version=1, title="新标题")

    with pytest.raises(StaleEdit, match="Someone changed this plan"):
        plans.plan_item_add(acting_user=township_worker, plan=plan, version=1, data=item_data())
    assert plan.items.count() == len(TEMPLATES["school_caring"].items)


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"title": "  "}, "title", "Give the activity a title"),
        ({"title": "长" * 101}, "title", "at most 100 characters"),
        ({"description": "长" * 1001}, "description", "at most 1000 characters"),
        ({"responsible": "长" * 51}, "responsible", "at most 50 characters"),
        ({"kind": "party"}, "kind", "Choose a kind"),
        ({"month": date(2027, 9, 1)}, "month", "2026-09-01 to 2027-08-31"),
        ({"on": date(2026, 8, 31)}, "on", "2026-09-01 to 2027-08-31"),
    ],
)
def test_a_bad_item_is_refused_and_nothing_changes(
    region: Region, township_worker: User, kw: dict[str, object], field: str, message: str
) -> None:
    plan = school_plan(township_worker, region)

    with pytest.raises(ValidationFailed, match=message) as refused:
        plans.plan_item_add(acting_user=township_worker, plan=plan, version=1, data=item_data(**kw))
    assert refused.value.field == field
    plan.refresh_from_db()
    assert plan.version == 1
    assert plan.items.count() == len(TEMPLATES["school_caring"].items)


def test_publish(region: Region, township_worker: User) -> None:
    plan = school_plan(township_worker, region)

    published = plans.plan_publish(acting_user=township_worker, plan=plan, version=1)
    assert published.status == PlanStatus.PUBLISHED and published.published_at
    with pytest.raises(ValidationFailed, match="already published"):
        plans.plan_publish(acting_user=township_worker, plan=plan, version=2)


def test_copy_to_next_year_keeps_weekdays_and_months(region: Region, township_worker: User) -> None:
    plan = school_plan(township_worker, region)
    plans.plan_item_add(
        acting_user=township_worker, plan=plan, version=1, data=item_data(on=date(2026, 9, 1))
    )
    plans.plan_publish(acting_user=township_worker, plan=plan, version=2)

    copy = plans.plan_copy_to_next_year(acting_user=township_worker, plan=plan)

    assert (copy.school_year, copy.status, copy.title) == (2027, PlanStatus.DRAFT, plan.title)
    dated = copy.items.get(on__isnull=False)
    assert dated.on == date(2027, 9, 7) and dated.on.weekday() == 1  # a Tuesday stays one
    assert dated.month == date(2027, 9, 1)
    assert sorted(i.month for i in copy.items.filter(on__isnull=True)) == sorted(
        i.month.replace(year=i.month.year + 1) for i in plan.items.filter(on__isnull=True)
    )
    with pytest.raises(ValidationFailed, match="already has a plan"):
        plans.plan_copy_to_next_year(acting_user=township_worker, plan=plan)


def test_changes_are_in_the_audit_trail(region: Region, township_worker: User) -> None:
    plan = school_plan(township_worker, region)
    plans.plan_publish(acting_user=township_worker, plan=plan, version=1)

    assert LogEntry.objects.get_for_object(plan).count() == 2
    item = plan.items.first()
    assert item is not None and LogEntry.objects.get_for_object(item).exists()


def test_a_term_plans_items_stay_in_its_term(kindergarten: OrgUnit, township_worker: User) -> None:
    plan = plans.plan_create_from_template(
        acting_user=township_worker,
        org_unit=kindergarten,
        template_code="kindergarten_home",
        school_year=2026,
        term="1",
    )

    with pytest.raises(ValidationFailed, match="for the First term") as refused:
        plans.plan_item_add(
            acting_user=township_worker,
            plan=plan,
            version=1,
            data=item_data(month=date(2027, 3, 1)),
        )
    assert refused.value.field == "month"
    item = plans.plan_item_add(
        acting_user=township_worker, plan=plan, version=1, data=item_data(on=date(2027, 1, 12))
    )
    assert item.month == date(2027, 1, 1)

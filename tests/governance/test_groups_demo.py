"""The demo of leading groups and the county's annual plan, built on the test region."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.governance.groups import current_members, former_members
from guanai.governance.models import LeadingGroup, PlanStatus, Post, WorkPlan
from guanai.ops.demo.governance_groups import build
from tests import factories
from tests.conftest import Region, logged_in

TODAY = date(2026, 5, 20)


def test_the_demo_sets_up_both_groups_and_the_published_plan(
    region: Region, county_leader: User, township_worker: User
) -> None:
    build(region.county, TODAY)
    county = LeadingGroup.objects.get(org_unit=region.county)
    township = LeadingGroup.objects.get(org_unit=region.lengqi)
    assert county.name == "爱心帮扶活动领导小组" and township.name == "爱心帮扶工作领导小组"
    assert "乡民政办" in township.office and "月通报" in township.office
    leader = current_members(county, TODAY)[0]
    assert leader.post == Post.LEADER and leader.user == county_leader
    rows = current_members(township, TODAY)
    assert {m.post for m in rows} == set(Post.values)
    director = next(m for m in rows if m.post == Post.OFFICE_DIRECTOR)
    assert director.user == township_worker
    assert set(director.units.all()) == {region.ganlusi}
    assert any(m.user is None for m in rows)
    # 刘冬梅 became deputy this year: her row as a member is the history
    assert [(m.name, m.post) for m in former_members(township, TODAY)] == [("刘冬梅", Post.MEMBER)]

    plan = WorkPlan.objects.get(org_unit=region.county, year=TODAY.year)
    assert plan.status == PlanStatus.PUBLISHED and plan.group == county
    assert plan.tasks.count() == 8
    assert len({t.month for t in plan.tasks.all()}) == 8
    # the townships' schools read the county's published plan
    school_worker = factories.user(unit=region.lengqi_school, role=Role.WORKER)
    answer = logged_in(school_worker).get(reverse("governance:plan_detail", args=[plan.pk]))
    assert answer.status_code == 200 and "召开领导小组会议" in answer.content.decode()

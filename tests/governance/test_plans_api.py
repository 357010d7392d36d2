"""Annual work plans through the API: the same services and scoping as the pages, query
counts fixed at 1 and 50 rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.governance.models import PlanStatus, PlanTask, WorkPlan
from guanai.governance.plans import TaskData, plan_create, task_add
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.governance.groups_support import Township, lengqi_leader, lengqi_viewer, township
from tests.support.queries import assert_same_query_count, count_queries

__all__ = ["lengqi_leader", "lengqi_viewer", "township"]


def api(user: User) -> Client:
    return Client(headers=bearer(user))


def send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.fixture
def plan(township: Township, township_worker: User) -> WorkPlan:
    return plan_create(township_worker, unit=township.group.org_unit, year=2026)


def test_the_list_costs_the_same_at_1_and_50_plans(plan: WorkPlan, region: Region) -> None:
    client = api(factories.user(unit=region.lengqi, role=Role.WORKER))
    url = f"/api/governance/plans?unit_id={region.lengqi.pk}"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).json()["count"] == 1
    for year in range(2030, 2079):
        plan_create(SYSTEM, unit=region.lengqi, year=year)
    with count_queries() as many:
        listing = client.get(url).json()
    assert_same_query_count(few, many)
    assert listing["count"] == 50 and len(listing["items"]) == 50


def test_the_detail_costs_the_same_at_1_and_50_tasks(plan: WorkPlan, township: Township) -> None:
    client = api(township.leader_user)
    owners = [township.leader, township.director]
    task_add(SYSTEM, plan, version=plan.version, data=TaskData(1, "部署", owners=owners))
    url = f"/api/governance/plans/{plan.pk}"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for n in range(49):
        current = WorkPlan.objects.get(pk=plan.pk)
        task_add(
            SYSTEM,
            current,
            version=current.version,
            data=TaskData(n % 12 + 1, f"任务{n}", owners=owners),
        )
    with count_queries() as many:
        detail = client.get(url).json()
    assert_same_query_count(few, many)
    assert len(detail["tasks"]) == 50
    assert [o["name"] for o in detail["tasks"][0]["owners"]] == ["王耀亮", "测试用户"]


def test_a_draft_is_not_read_below_a_published_plan_is(
    plan: WorkPlan, township: Township, region: Region
) -> None:
    below = api(factories.user(unit=region.lengqi_school, role=Role.WORKER))
    assert below.get(f"/api/governance/plans/{plan.pk}").status_code == 404
    leader = api(township.leader_user)
    added = send(
        leader,
        "post",
        f"/api/governance/plans/{plan.pk}/tasks",
        {
            "version": plan.version,
            "month": 3,
            "title": "摸底排查",
            "owner_ids": [township.director.pk],
        },
    )
    assert added.status_code == 201, added.content
    published = send(
        leader, "post", f"/api/governance/plans/{plan.pk}/publish", {"version": plan.version + 1}
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert below.get(f"/api/governance/plans/{plan.pk}").status_code == 200


def test_a_worker_cannot_publish(plan: WorkPlan, township_worker: User) -> None:
    task_add(township_worker, plan, version=plan.version, data=TaskData(2, "部署"))
    answer = send(
        api(township_worker),
        "post",
        f"/api/governance/plans/{plan.pk}/publish",
        {"version": plan.version + 1},
    )
    assert answer.status_code == 403
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_bad_tasks_are_refused_with_their_message(plan: WorkPlan, township: Township) -> None:
    client = api(township.leader_user)
    url = f"/api/governance/plans/{plan.pk}/tasks"
    month = send(client, "post", url, {"version": plan.version, "month": 13, "title": "x"})
    assert month.status_code == 400 and "12" in month.json()["detail"]
    other = factories.user(unit=township.group.org_unit, role=Role.WORKER)
    del other
    stranger = send(
        client,
        "post",
        url,
        {"version": plan.version, "month": 3, "title": "x", "owner_ids": [999_999]},
    )
    assert stranger.status_code == 400
    assert not PlanTask.objects.exists()
    assert WorkPlan.objects.get(pk=plan.pk).version == plan.version


def test_another_township_gets_404(plan: WorkPlan, other_township_worker: User) -> None:
    client = api(other_township_worker)
    assert client.get(f"/api/governance/plans/{plan.pk}").status_code == 404
    answer = send(
        client, "patch", f"/api/governance/plans/{plan.pk}", {"version": plan.version, "title": "x"}
    )
    assert answer.status_code == 404
    assert WorkPlan.objects.get(pk=plan.pk).title == plan.title

"""Leading groups through the API: the same services and scoping as the pages, query counts
fixed at 1 and 50 rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from guanai.accounts.models import User
from guanai.core.actors import SYSTEM
from guanai.governance.groups import GroupData, MemberData, group_create, member_add
from guanai.governance.models import GroupMember, Post
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.governance.groups_support import SET_UP, Township, lengqi_leader, lengqi_viewer, township
from tests.support.queries import assert_same_query_count, count_queries

__all__ = ["lengqi_leader", "lengqi_viewer", "township"]


def api(user: User) -> Client:
    return Client(headers=bearer(user))


def send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, body, content_type="application/json")


def test_the_list_costs_the_same_at_1_and_50_groups(township: Township, region: Region) -> None:
    client = api(township.leader_user)
    url = f"/api/governance/groups?unit_id={region.lengqi.pk}"
    client.get(url)
    with count_queries() as few:
        assert client.get(url).json()["count"] == 1
    for n in range(49):
        group_create(
            SYSTEM, unit=region.lengqi, data=GroupData(name=f"小组{n}", established_on=SET_UP)
        )
    with count_queries() as many:
        listing = client.get(url).json()
    assert_same_query_count(few, many)
    assert listing["count"] == 50 and len(listing["items"]) == 50
    assert listing["items"][0]["member_count"] in (0, 3)


def test_the_detail_costs_the_same_at_1_and_50_members(township: Township, region: Region) -> None:
    client = api(township.leader_user)
    url = f"/api/governance/groups/{township.group.pk}"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for n in range(47):
        member_add(
            SYSTEM,
            township.group,
            data=MemberData(post=Post.MEMBER, name=f"成员{n}", start_on=SET_UP),
        )
    with count_queries() as many:
        detail = client.get(url).json()
    assert_same_query_count(few, many)
    assert len(detail["members"]) == 50
    assert detail["members"][0]["name"] == "王耀亮" and detail["members"][0]["post"] == "leader"


def test_another_township_gets_404(township: Township, other_township_worker: User) -> None:
    client = api(other_township_worker)
    assert client.get(f"/api/governance/groups/{township.group.pk}").status_code == 404
    answer = send(
        client,
        "post",
        f"/api/governance/members/{township.deputy.pk}/end",
        {"version": township.deputy.version, "on": "2026-01-01"},
    )
    assert answer.status_code == 404
    assert GroupMember.objects.get(pk=township.deputy.pk).end_on is None


def test_a_viewer_is_refused_a_change(township: Township, lengqi_viewer: User) -> None:
    answer = send(
        api(lengqi_viewer),
        "post",
        f"/api/governance/groups/{township.group.pk}/members",
        {"post": "member", "name": "张平", "start_on": "2025-03-01"},
    )
    assert answer.status_code == 403
    assert township.group.members.count() == 3


def test_members_added_changed_and_moved(township: Township, region: Region) -> None:
    client = api(township.leader_user)
    made = send(
        client,
        "post",
        f"/api/governance/groups/{township.group.pk}/members",
        {"post": "liaison", "name": "赵敏", "title": "村文书", "start_on": "2025-03-01"},
    )
    assert made.status_code == 201, made.content
    member = made.json()
    changed = send(
        client,
        "patch",
        f"/api/governance/members/{member['id']}",
        {"version": member["version"], "duties": "联络甘露寺村", "unit_ids": [region.ganlusi.pk]},
    )
    assert changed.status_code == 200
    assert changed.json()["units"] == [{"id": region.ganlusi.pk, "name": "甘露寺村"}]
    moved = send(
        client,
        "post",
        f"/api/governance/members/{member['id']}/post",
        {"version": changed.json()["version"], "post": "member", "on": "2026-01-01"},
    )
    assert moved.status_code == 201 and moved.json()["post"] == "member"
    detail = client.get(f"/api/governance/groups/{township.group.pk}").json()
    assert [(m["name"], m["end_on"]) for m in detail["former"]] == [("赵敏", "2025-12-31")]


def test_bad_input_is_refused_with_its_message(township: Township, region: Region) -> None:
    client = api(township.leader_user)
    outside = send(
        client,
        "patch",
        f"/api/governance/members/{township.director.pk}",
        {"version": township.director.version, "unit_ids": [region.shencun.pk]},
    )
    assert outside.status_code == 400 and "沈村" in outside.json()["detail"]
    early = send(
        client,
        "post",
        f"/api/governance/members/{township.deputy.pk}/end",
        {"version": township.deputy.version, "on": "2024-01-01"},
    )
    assert early.status_code == 400 and "2025-01-06" in early.json()["detail"]
    stale = send(
        client,
        "post",
        f"/api/governance/members/{township.deputy.pk}/end",
        {"version": township.deputy.version + 5, "on": "2026-01-01"},
    )
    assert stale.status_code == 409
    member = GroupMember.objects.get(pk=township.deputy.pk)
    assert member.end_on is None and not township.director.units.exists()


def test_a_person_outside_is_refused_in_the_api(township: Township, region: Region) -> None:
    stranger = factories.person(region.xinglong, "李四")
    answer = send(
        api(township.leader_user),
        "patch",
        f"/api/governance/members/{township.director.pk}",
        {"version": township.director.version, "person_ids": [stranger.pk]},
    )
    assert answer.status_code == 400
    assert not township.director.persons.exists()


def test_a_group_set_up_through_the_api(township: Township, region: Region) -> None:
    answer = send(
        api(township.leader_user),
        "post",
        "/api/governance/groups",
        {
            "unit_id": region.lengqi.pk,
            "name": "关爱留守儿童工作领导小组",
            "established_on": str(date(2026, 1, 5)),
        },
    )
    assert answer.status_code == 201 and answer.json()["members"] == []


def test_a_group_changed_then_dissolved(township: Township) -> None:
    client = api(township.leader_user)
    url = f"/api/governance/groups/{township.group.pk}"
    changed = send(
        client, "patch", url, {"version": township.group.version, "office": "设在乡民政办"}
    )
    assert changed.status_code == 200 and changed.json()["office"] == "设在乡民政办"
    dissolved = send(
        client,
        "post",
        f"{url}/dissolve",
        {"version": changed.json()["version"], "on": "2026-02-01"},
    )
    assert dissolved.status_code == 200, dissolved.content
    assert dissolved.json()["dissolved_on"] == "2026-02-01"

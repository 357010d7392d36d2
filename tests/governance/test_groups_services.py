"""Leading groups through their services: members by post, history kept, duties' units and
persons checked, bad input refused with its message and nothing changed, stale edits refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.governance.groups import (
    DutiesData,
    GroupData,
    MemberData,
    current_members,
    former_members,
    group_create,
    group_dissolve,
    group_update,
    member_add,
    member_change_post,
    member_end,
    member_update,
)
from guanai.governance.models import GroupMember, LeadingGroup, Post
from tests import factories
from tests.conftest import Region
from tests.governance.groups_support import SET_UP, Township, lengqi_leader, lengqi_viewer, township

__all__ = ["lengqi_leader", "lengqi_viewer", "township"]

TODAY = date(2026, 3, 1)


def test_members_are_listed_by_post_then_order(township: Township) -> None:
    member_add(
        township.leader_user,
        township.group,
        data=MemberData(post=Post.MEMBER, name="张平", start_on=SET_UP),
    )
    names = [(m.post, m.name) for m in current_members(township.group, TODAY)]
    assert names == [
        (Post.LEADER, "王耀亮"),
        (Post.DEPUTY, "刘冬梅"),
        (Post.MEMBER, "张平"),
        (Post.OFFICE_DIRECTOR, "测试用户"),
    ]


def test_an_accounts_name_is_copied_and_a_named_person_needs_no_account(
    township: Township,
) -> None:
    assert township.leader.name == "王耀亮" and township.leader.user == township.leader_user
    assert township.deputy.user is None and township.deputy.name == "刘冬梅"


def test_a_change_of_post_ends_the_row_and_starts_a_new_one(township: Township) -> None:
    # Given the deputy serving since the group was set up
    # When she becomes group leader from 2026-02-01
    new = member_change_post(
        township.leader_user,
        township.deputy,
        version=township.deputy.version,
        post=Post.LEADER,
        on=date(2026, 2, 1),
    )
    # Then her old row ended the day before and a new one begins, with the same title
    old = GroupMember.objects.get(pk=township.deputy.pk)
    assert old.end_on == date(2026, 1, 31) and old.post == Post.DEPUTY
    assert (new.post, new.start_on, new.end_on, new.title) == (
        Post.LEADER,
        date(2026, 2, 1),
        None,
        "乡长",
    )
    assert [m.pk for m in former_members(township.group, TODAY)] == [old.pk]
    assert new.pk in {m.pk for m in current_members(township.group, TODAY)}


def test_a_member_leaving_keeps_the_row(township: Township) -> None:
    member_end(
        township.leader_user, township.deputy, version=township.deputy.version, on=date(2026, 1, 1)
    )
    assert GroupMember.objects.filter(pk=township.deputy.pk, end_on=date(2026, 1, 1)).exists()
    assert township.deputy.pk not in {m.pk for m in current_members(township.group, TODAY)}


def test_end_before_start_is_refused_and_nothing_changes(township: Township) -> None:
    with pytest.raises(ValidationFailed) as refused:
        member_end(
            township.leader_user,
            township.deputy,
            version=township.deputy.version,
            on=SET_UP - timedelta(days=1),
        )
    assert refused.value.field == "end_on"
    assert "2025-01-06" in str(refused.value.message)
    assert GroupMember.objects.get(pk=township.deputy.pk).end_on is None


def test_a_post_change_on_the_first_day_is_refused(township: Township) -> None:
    with pytest.raises(ValidationFailed) as refused:
        member_change_post(
            township.leader_user,
            township.deputy,
            version=township.deputy.version,
            post=Post.MEMBER,
            on=SET_UP,
        )
    assert refused.value.field == "start_on"
    assert township.group.members.count() == 3


def test_an_over_long_name_is_refused_not_cut(township: Township) -> None:
    with pytest.raises(ValidationFailed) as refused:
        member_add(
            township.leader_user,
            township.group,
            data=MemberData(post=Post.MEMBER, name="张" * 61, start_on=SET_UP),
        )
    assert refused.value.field == "name" and "60" in str(refused.value.message)
    with pytest.raises(ValidationFailed) as group_refused:
        group_create(
            township.leader_user,
            unit=township.group.org_unit,
            data=GroupData(name="组" * 101, established_on=SET_UP),
        )
    assert group_refused.value.field == "name"
    assert township.group.members.count() == 3
    assert LeadingGroup.objects.count() == 1


def test_a_second_group_in_force_of_the_same_name_is_refused(township: Township) -> None:
    with pytest.raises(ValidationFailed, match="爱心帮扶工作领导小组"):
        group_create(
            township.leader_user,
            unit=township.group.org_unit,
            data=GroupData(name="爱心帮扶工作领导小组", established_on=SET_UP),
        )


def test_the_same_account_twice_is_refused(township: Township) -> None:
    with pytest.raises(ValidationFailed, match="王耀亮"):
        member_add(
            township.leader_user,
            township.group,
            data=MemberData(post=Post.MEMBER, user=township.leader_user, start_on=SET_UP),
        )


def test_an_account_the_user_cannot_see_is_refused(
    township: Township, other_township_worker: User
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        member_add(
            township.leader_user,
            township.group,
            data=MemberData(post=Post.LIAISON, user=other_township_worker, start_on=SET_UP),
        )
    assert refused.value.field == "user"
    assert township.group.members.count() == 3


def test_duties_take_units_and_persons_of_the_subtree(township: Township, region: Region) -> None:
    pupil = factories.person(region.lengqi_school, "周小燕")
    member = member_update(
        township.leader_user,
        township.director,
        version=township.director.version,
        data=DutiesData(
            duties="负责甘露寺村和中心小学",
            units=[region.ganlusi, region.lengqi_school],
            persons=[pupil],
        ),
    )
    assert set(member.units.all()) == {region.ganlusi, region.lengqi_school}
    assert list(member.persons.all()) == [pupil]
    assert member.version == township.director.version + 1


def test_a_unit_outside_the_groups_subtree_is_refused(township: Township, region: Region) -> None:
    with pytest.raises(ValidationFailed) as refused:
        member_update(
            township.leader_user,
            township.director,
            version=township.director.version,
            data=DutiesData(duties="新分工", units=[region.shencun]),
        )
    assert refused.value.field == "units" and "沈村" in str(refused.value.message)
    member = GroupMember.objects.get(pk=township.director.pk)
    assert member.duties == "负责领导小组办公室日常工作" and not member.units.exists()


def test_a_person_the_user_cannot_read_is_refused(township: Township, region: Region) -> None:
    outsider = factories.person(region.xinglong, "李四")
    with pytest.raises(ValidationFailed) as refused:
        member_update(
            township.leader_user,
            township.director,
            version=township.director.version,
            data=DutiesData(persons=[outsider]),
        )
    assert refused.value.field == "persons"
    assert not township.director.persons.exists()


def test_persons_the_editor_cannot_read_are_kept(
    township: Township, region: Region, township_worker: User
) -> None:
    # Given a pupil on the director's duties, who then moved to 兴隆镇 (out of the worker's
    # roster)
    pupil = factories.person(region.lengqi_school, "周小燕")
    member = member_update(
        township.leader_user,
        township.director,
        version=township.director.version,
        data=DutiesData(persons=[pupil]),
    )
    type(pupil).objects.filter(pk=pupil.pk).update(org_unit=region.xinglong)
    # When the township's worker saves the duties with the persons they can read (none)
    member_update(township_worker, member, version=member.version, data=DutiesData(duties="新分工"))
    # Then the pupil they could not see is kept
    assert list(GroupMember.objects.get(pk=member.pk).persons.all()) == [pupil]


def test_a_stale_edit_is_refused(township: Township) -> None:
    member_update(
        township.leader_user,
        township.director,
        version=township.director.version,
        data=DutiesData(duties="第一次"),
    )
    with pytest.raises(StaleEdit):
        member_update(
            township.leader_user,
            township.director,
            version=township.director.version,
            data=DutiesData(duties="第二次"),
        )
    assert GroupMember.objects.get(pk=township.director.pk).duties == "第一次"
    with pytest.raises(StaleEdit):
        group_update(
            township.leader_user,
            township.group,
            version=township.group.version - 1,
            data=GroupData(name="新名称", established_on=SET_UP),
        )


def test_a_viewer_cannot_edit(township: Township, lengqi_viewer: User) -> None:
    with pytest.raises(PermissionRefused):
        member_add(
            lengqi_viewer,
            township.group,
            data=MemberData(post=Post.MEMBER, name="张平", start_on=SET_UP),
        )
    with pytest.raises(PermissionRefused):
        group_create(
            lengqi_viewer,
            unit=township.group.org_unit,
            data=GroupData(name="另一个小组", established_on=SET_UP),
        )
    assert township.group.members.count() == 3


def test_dissolving_ends_the_members_and_keeps_them(township: Township) -> None:
    group_dissolve(
        township.leader_user, township.group, version=township.group.version, on=date(2026, 2, 1)
    )
    rows = GroupMember.objects.filter(group=township.group)
    assert {m.end_on for m in rows} == {date(2026, 2, 1)}
    assert LeadingGroup.objects.get(pk=township.group.pk).dissolved_on == date(2026, 2, 1)
    assert len(former_members(township.group, TODAY)) == 3
    with pytest.raises(ValidationFailed):
        member_add(
            township.leader_user,
            LeadingGroup.objects.get(pk=township.group.pk),
            data=MemberData(post=Post.MEMBER, name="张平", start_on=date(2026, 3, 1)),
        )

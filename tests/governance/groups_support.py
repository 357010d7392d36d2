"""Fixtures of the leading groups' and work plans' tests: 冷碛镇's group with a leader user,
a deputy without an account and a worker as office director; 冷碛镇's plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from guanai.accounts.models import Role, User
from guanai.core.actors import SYSTEM
from guanai.governance.groups import GroupData, MemberData, group_create, member_add
from guanai.governance.models import GroupMember, LeadingGroup, Post
from tests import factories
from tests.conftest import Region

SET_UP = date(2025, 1, 6)


@dataclass
class Township:
    group: LeadingGroup
    leader_user: User
    leader: GroupMember
    deputy: GroupMember
    director: GroupMember


@pytest.fixture
def lengqi_leader(region: Region) -> User:
    return factories.user(
        unit=region.lengqi, role=Role.LEADER, username="lengqi_leader", full_name="王耀亮"
    )


@pytest.fixture
def lengqi_viewer(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.VIEWER, username="lengqi_viewer")


@pytest.fixture
def township(region: Region, lengqi_leader: User, township_worker: User) -> Township:
    group = group_create(
        lengqi_leader,
        unit=region.lengqi,
        data=GroupData(
            name="爱心帮扶工作领导小组",
            office="领导小组办公室设在乡民政办",
            established_on=SET_UP,
        ),
    )
    leader = member_add(
        lengqi_leader,
        group,
        data=MemberData(post=Post.LEADER, user=lengqi_leader, title="乡党委书记", start_on=SET_UP),
    )
    deputy = member_add(
        lengqi_leader,
        group,
        data=MemberData(post=Post.DEPUTY, name="刘冬梅", title="乡长", start_on=SET_UP),
    )
    director = member_add(
        lengqi_leader,
        group,
        data=MemberData(
            post=Post.OFFICE_DIRECTOR,
            user=township_worker,
            title="民政办主任",
            duties="负责领导小组办公室日常工作",
            start_on=SET_UP,
        ),
    )
    group.refresh_from_db()
    return Township(group, lengqi_leader, leader, deputy, director)


def by_system_group(unit: object) -> LeadingGroup:
    return group_create(
        SYSTEM,
        unit=unit,  # type: ignore[arg-type]
        data=GroupData(name="关爱留守儿童工作领导小组", established_on=SET_UP),
    )

"""Leading groups (领导小组): a unit's group with its office, members by post and their duties
(分工), kept with its history. Import the public names from ``guanai.governance.groups``."""

from guanai.governance.groups.access import (
    access_group,
    access_member,
    groups_visible,
)
from guanai.governance.groups.selectors import (
    current_members,
    former_members,
    group_in_force,
    serving,
    unit_groups,
)
from guanai.governance.groups.services import (
    DutiesData,
    GroupData,
    MemberData,
    group_create,
    group_dissolve,
    group_update,
    member_add,
    member_change_post,
    member_end,
    member_update,
)

__all__ = [
    "DutiesData",
    "GroupData",
    "MemberData",
    "access_group",
    "access_member",
    "current_members",
    "former_members",
    "group_create",
    "group_dissolve",
    "group_in_force",
    "group_update",
    "groups_visible",
    "member_add",
    "member_change_post",
    "member_end",
    "member_update",
    "serving",
    "unit_groups",
]

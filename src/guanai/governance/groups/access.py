"""Who reads and keeps a leading group (``governance.access``): a group is read by the roles of
its unit, the units below and the units above; kept by a leader or worker of its unit or above.
A group or member outside the user's scope is ``Http404``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import Actor, AnyUser
from guanai.governance import access
from guanai.governance.models import GroupMember, LeadingGroup
from guanai.orgs.models import OrgUnit


def groups_visible(user: AnyUser) -> QuerySet[LeadingGroup]:
    return LeadingGroup.objects.filter(access.read_q(user)).select_related("org_unit")


def access_group(user: AnyUser, pk: int) -> LeadingGroup:
    """Return a group the user reads, or raise Http404."""
    return get_object_or_404(groups_visible(user), pk=pk)


def access_member(user: AnyUser, pk: int) -> GroupMember:
    """Return a member row of a group the user reads, or raise Http404."""
    members = GroupMember.objects.filter(
        access.read_q(user, field="group__org_unit__path")
    ).select_related("group__org_unit", "user")
    return get_object_or_404(members, pk=pk)


def managed_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the active units a group may be set up for by the user (their subtrees)."""
    units = scoping.units_for(user, access.MANAGERS)
    return OrgUnit.objects.filter(scoping.subtree_q(units), is_active=True).order_by("path")


def can_manage(user: Actor, group: LeadingGroup) -> bool:
    return access.can_manage(user, group.org_unit)


def access_group_to_manage(user: User, pk: int) -> LeadingGroup:
    """Return a group the user keeps: outside their scope Http404, read only 403."""
    group = access_group(user, pk)
    if not access.can_manage(user, group.org_unit):
        raise PermissionDenied
    return group


def access_member_to_manage(user: User, pk: int) -> GroupMember:
    member = access_member(user, pk)
    if not access.can_manage(user, member.group.org_unit):
        raise PermissionDenied
    return member

"""Reads of leading groups: a unit's groups, a group's current members by post and its former
members (the history), and what a member may be chosen from. Every read costs a fixed number
of queries, whatever the number of members."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.governance.groups.access import groups_visible
from guanai.governance.models import GroupMember, LeadingGroup, Post
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.registry.selectors import persons_visible

# The posts in the order the plans print them: 组长, 副组长, 成员, 办公室主任, 联络员.
POST_ORDER = Case(
    *(When(post=post, then=Value(rank)) for rank, post in enumerate(Post.values)),
    output_field=IntegerField(),
)


def current_q(today: date, prefix: str = "") -> Q:
    """Members serving on ``today``: not ended before it (a row ends on its last day)."""
    return Q(**{f"{prefix}end_on__isnull": True}) | Q(**{f"{prefix}end_on__gte": today})


def unit_groups(user: AnyUser, unit: OrgUnit, today: date) -> QuerySet[LeadingGroup]:
    """Return the unit's groups the user reads, those in force first, each with
    ``member_count`` (its members serving today); one query."""
    return (
        groups_visible(user)
        .filter(org_unit=unit)
        .annotate(
            member_count=Count("members", filter=current_q(today, "members__"), distinct=True),
            dissolved=Case(
                When(dissolved_on__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("dissolved", "-established_on", "pk")
    )


def group_in_force(unit: OrgUnit) -> LeadingGroup | None:
    """Return the unit's newest group not dissolved, or None."""
    return (
        LeadingGroup.objects.filter(org_unit=unit, dissolved_on__isnull=True)
        .order_by("-established_on", "-pk")
        .first()
    )


def _members(group: LeadingGroup, viewer: AnyUser | None) -> QuerySet[GroupMember]:
    """The group's rows with their units and, for ``viewer``, the persons they may read
    (``visible_persons``; none without a viewer); three queries."""
    persons: QuerySet[Person] = (
        persons_visible(viewer).order_by("name_sort", "pk")
        if viewer is not None
        else Person.objects.none()
    )
    return (
        GroupMember.objects.filter(group=group)
        .select_related("user")
        .prefetch_related(
            Prefetch("units", queryset=OrgUnit.objects.order_by("path")),
            Prefetch("persons", queryset=persons, to_attr="visible_persons"),
        )
    )


def current_members(
    group: LeadingGroup, today: date, *, viewer: AnyUser | None = None
) -> list[GroupMember]:
    """Return the members serving on ``today`` by post, then position (the printed order)."""
    rows = _members(group, viewer).filter(current_q(today))
    return list(rows.annotate(post_rank=POST_ORDER).order_by("post_rank", "position", "pk"))


def former_members(
    group: LeadingGroup, today: date, *, viewer: AnyUser | None = None
) -> list[GroupMember]:
    """Return the rows ended before ``today`` (a member who left, a post changed), the
    latest ended first: the group's history."""
    rows = _members(group, viewer).filter(end_on__lt=today)
    return list(rows.order_by("-end_on", "position", "pk"))


def serving(group: LeadingGroup, today: date) -> QuerySet[GroupMember]:
    """Return the members serving on ``today``, for choosing a plan task's owners."""
    return (
        GroupMember.objects.filter(current_q(today), group=group)
        .annotate(post_rank=POST_ORDER)
        .order_by("post_rank", "position", "pk")
    )


def user_choices(user: AnyUser) -> QuerySet[User]:
    """Return the accounts a member may be chosen among: those the user sees, active."""
    return scoping.users_visible(user).filter(is_active=True).order_by("full_name", "username")


def unit_choices(group: LeadingGroup) -> QuerySet[OrgUnit]:
    """Return the units a member may be responsible for: the group's unit's subtree."""
    return OrgUnit.objects.filter(scoping.subtree_q([group.org_unit]), is_active=True).order_by(
        "path"
    )


def person_choices(user: AnyUser, group: LeadingGroup) -> QuerySet[Person]:
    """Return the persons a member may be responsible for: those the user reads, managed in
    the group's unit's subtree."""
    inside = scoping.subtree_q([group.org_unit], field="org_unit__path")
    return persons_visible(user).filter(inside).order_by("name_sort", "pk")

"""Leading groups through the API, as the pages (``governance.groups``): a unit's groups, a
group with its members serving and its former members, set up, changed and dissolved; members
added (an account or a person named only), their duties changed, their row ended or moved to
another post.

Scoped as the pages: a group or member outside the caller's scope is 404, a change the caller
may not make 403; the same services refuse bad input with 400 and change nothing, a stale
version 409. A member's persons are listed only where the caller reads them.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PersonRefOut,
    RefOut,
    Text60,
    Text100,
    Text200,
    Text1000,
    Text2000,
    UnitRefOut,
)
from guanai.api.types import Date
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.governance import selectors as unit_selectors
from guanai.governance.groups import access, selectors, services
from guanai.governance.models import GroupMember, LeadingGroup, Post
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.registry.selectors import persons_visible

router = Router(tags=["governance"])

# The version read (optimistic locking): a stale one is answered 409.
GovernanceVersion = Annotated[int, Field(ge=1, le=2**31 - 1, description="The version read.")]


class GovernanceMemberOut(Schema):
    id: int
    version: int
    post: Post
    user: RefOut | None = Field(description="The account, for a member who has one.")
    name: str = Field(description="The name printed (an account's name when they joined).")
    title: str = Field(description="Their own office, e.g. 乡党委书记.")
    duties: str
    units: list[UnitRefOut]
    persons: list[PersonRefOut] = Field(description="Only the persons the caller reads.")
    start_on: date
    end_on: date | None


class GovernanceGroupOut(Schema):
    id: int
    version: int
    unit: UnitRefOut
    name: str
    office: str
    established_on: date
    dissolved_on: date | None


class GovernanceGroupRowOut(GovernanceGroupOut):
    member_count: int = Field(description="Members serving today.")


class GovernanceGroupDetailOut(GovernanceGroupOut):
    remit: str
    members: list[GovernanceMemberOut] = Field(description="Serving today, by post.")
    former: list[GovernanceMemberOut] = Field(description="Rows ended: the history.")


class GovernanceGroupPage(Schema):
    items: list[GovernanceGroupRowOut]
    count: int


class GovernanceGroupQuery(Pages.Input):
    unit_id: Id | None = Field(None, description="Default: the caller's first unit.")


class GovernanceGroupIn(Schema):
    unit_id: Id
    name: Text100
    office: Text200 = ""
    remit: Text2000 = ""
    established_on: Date


class GovernanceGroupPatchIn(Schema):
    version: GovernanceVersion
    name: Text100 | None = None
    office: Text200 | None = None
    remit: Text2000 | None = None
    established_on: Date | None = None


class GovernanceDissolveIn(Schema):
    version: GovernanceVersion
    on: Date


class GovernanceMemberIn(Schema):
    post: Post
    user_id: Id | None = Field(None, description="An account the caller sees; or give name.")
    name: Text60 = Field("", description="For a member without an account.")
    title: Text60 = ""
    duties: Text1000 = ""
    start_on: Date


class GovernanceMemberPatchIn(Schema):
    version: GovernanceVersion
    title: Text60 | None = None
    duties: Text1000 | None = None
    unit_ids: list[Id] | None = Field(None, description="Units of the group's subtree.")
    person_ids: list[Id] | None = Field(
        None, description="Persons the caller reads, in the group's subtree; others kept."
    )


class GovernanceMemberEndIn(Schema):
    version: GovernanceVersion
    on: Date = Field(description="The member's last day.")


class GovernanceMemberPostIn(Schema):
    version: GovernanceVersion
    post: Post
    on: Date = Field(description="The first day in the new post.")


def _ref(user: User | None) -> RefOut | None:
    return None if user is None else RefOut(id=user.pk, name=user.full_name or user.username)


def member_out(member: GroupMember, persons: list[Person] | None = None) -> GovernanceMemberOut:
    shown = persons if persons is not None else getattr(member, "visible_persons", [])
    return GovernanceMemberOut(
        id=member.pk,
        version=member.version,
        post=Post(member.post),
        user=_ref(member.user),
        name=member.name,
        title=member.title,
        duties=member.duties,
        units=[UnitRefOut(id=u.pk, name=u.name) for u in member.units.all()],
        persons=[PersonRefOut(id=p.pk, name=p.name) for p in shown],
        start_on=member.start_on,
        end_on=member.end_on,
    )


def _group_fields(group: LeadingGroup) -> dict[str, Any]:
    return {
        "id": group.pk,
        "version": group.version,
        "unit": UnitRefOut(id=group.org_unit.pk, name=group.org_unit.name),
        "name": group.name,
        "office": group.office,
        "established_on": group.established_on,
        "dissolved_on": group.dissolved_on,
    }


def _detail(user: User, group: LeadingGroup) -> GovernanceGroupDetailOut:
    today = timezone.localdate()
    return GovernanceGroupDetailOut(
        **_group_fields(group),
        remit=group.remit,
        members=[member_out(m) for m in selectors.current_members(group, today, viewer=user)],
        former=[member_out(m) for m in selectors.former_members(group, today, viewer=user)],
    )


def _member_read(user: User, member: GroupMember) -> GovernanceMemberOut:
    persons = list(member.persons.filter(pk__in=persons_visible(user).values("pk")))
    return member_out(member, persons)


@router.get("/governance/groups", response={200: GovernanceGroupPage, **READ_ERRORS})
def group_list(request: HttpRequest, filters: Query[GovernanceGroupQuery]) -> GovernanceGroupPage:
    """A unit's groups, those in force first, each with its members serving today."""
    user = acting_user(request)
    if filters.unit_id is not None:
        unit: OrgUnit = unit_selectors.access_unit(user, filters.unit_id)
    else:
        home = unit_selectors.home_units(user)
        if not home:
            raise PermissionRefused(_("Your roles read no unit's leading groups."))
        unit = home[0]
    found = selectors.unit_groups(user, unit, timezone.localdate())
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    rows = [
        GovernanceGroupRowOut(**_group_fields(g), member_count=g.member_count)  # type: ignore[attr-defined]
        for g in found[start : start + size]
    ]
    return GovernanceGroupPage(items=rows, count=found.count())


@router.get(
    "/governance/groups/{group_id}", response={200: GovernanceGroupDetailOut, **READ_ERRORS}
)
def group_detail(request: HttpRequest, group_id: Id) -> GovernanceGroupDetailOut:
    """A group with its members serving by post, their duties, and the former members."""
    user = acting_user(request)
    return _detail(user, access.access_group(user, group_id))


@router.post("/governance/groups", response={201: GovernanceGroupDetailOut, **WRITE_ERRORS})
def group_new(request: HttpRequest, payload: GovernanceGroupIn) -> Status:
    """Set up a group of a unit (a leader or worker of the unit or above)."""
    user = acting_user(request)
    unit = unit_selectors.access_unit(user, payload.unit_id)
    data = services.GroupData(**payload.model_dump(exclude={"unit_id"}))
    return Status(201, _detail(user, services.group_create(user, unit=unit, data=data)))


@router.patch(
    "/governance/groups/{group_id}", response={200: GovernanceGroupDetailOut, **EDIT_ERRORS}
)
def group_change(
    request: HttpRequest, group_id: Id, payload: GovernanceGroupPatchIn
) -> GovernanceGroupDetailOut:
    """Change the fields sent of a group in force."""
    user = acting_user(request)
    group = access.access_group(user, group_id)
    values = {
        "name": group.name,
        "office": group.office,
        "remit": group.remit,
        "established_on": group.established_on,
    }
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    values.update({k: v for k, v in sent.items() if v is not None})
    saved = services.group_update(
        user,
        group,
        version=payload.version,
        data=services.GroupData(**values),  # type: ignore[arg-type]
    )
    return _detail(user, saved)


@router.post(
    "/governance/groups/{group_id}/dissolve",
    response={200: GovernanceGroupDetailOut, **EDIT_ERRORS},
)
def group_dissolve(
    request: HttpRequest, group_id: Id, payload: GovernanceDissolveIn
) -> GovernanceGroupDetailOut:
    """Dissolve a group: the members serving end that day; every row is kept."""
    user = acting_user(request)
    group = access.access_group(user, group_id)
    return _detail(
        user, services.group_dissolve(user, group, version=payload.version, on=payload.on)
    )


@router.post(
    "/governance/groups/{group_id}/members", response={201: GovernanceMemberOut, **WRITE_ERRORS}
)
def member_new(request: HttpRequest, group_id: Id, payload: GovernanceMemberIn) -> Status:
    """Add a member: an account the caller sees (its name copied) or a person named only."""
    user = acting_user(request)
    group = access.access_group(user, group_id)
    account = None
    if payload.user_id is not None:
        account = User.objects.filter(pk=payload.user_id).first()
        if account is None:
            raise ValidationFailed(_("Choose an account you can see."), field="user_id")
    data = services.MemberData(
        post=payload.post.value,
        user=account,
        name=payload.name,
        title=payload.title,
        duties=payload.duties,
        start_on=payload.start_on,
    )
    return Status(201, _member_read(user, services.member_add(user, group, data=data)))


@router.patch("/governance/members/{member_id}", response={200: GovernanceMemberOut, **EDIT_ERRORS})
def member_change(
    request: HttpRequest, member_id: Id, payload: GovernanceMemberPatchIn
) -> GovernanceMemberOut:
    """Change a serving member's title and duties: the text, units and persons sent."""
    user = acting_user(request)
    member = access.access_member(user, member_id)
    units = list(member.units.all())
    if payload.unit_ids is not None:
        units = list(OrgUnit.objects.filter(pk__in=payload.unit_ids))
        if len(units) != len(set(payload.unit_ids)):
            raise ValidationFailed(_("A unit sent does not exist."), field="unit_ids")
    readable = persons_visible(user)
    persons = list(member.persons.filter(pk__in=readable.values("pk")))
    if payload.person_ids is not None:
        persons = list(Person.objects.filter(pk__in=payload.person_ids))
    data = services.DutiesData(
        title=member.title if payload.title is None else payload.title,
        duties=member.duties if payload.duties is None else payload.duties,
        units=units,
        persons=persons,
    )
    saved = services.member_update(user, member, version=payload.version, data=data)
    return _member_read(user, saved)


@router.post(
    "/governance/members/{member_id}/end", response={200: GovernanceMemberOut, **EDIT_ERRORS}
)
def member_end(
    request: HttpRequest, member_id: Id, payload: GovernanceMemberEndIn
) -> GovernanceMemberOut:
    """End a member's row on their last day; the row stays as the group's history."""
    user = acting_user(request)
    member = access.access_member(user, member_id)
    saved = services.member_end(user, member, version=payload.version, on=payload.on)
    return _member_read(user, saved)


@router.post(
    "/governance/members/{member_id}/post", response={201: GovernanceMemberOut, **EDIT_ERRORS}
)
def member_post(request: HttpRequest, member_id: Id, payload: GovernanceMemberPostIn) -> Status:
    """Move a member to another post from a day: the row ends the day before and the new row,
    returned, begins."""
    user = acting_user(request)
    member = access.access_member(user, member_id)
    new = services.member_change_post(
        user, member, version=payload.version, post=payload.post.value, on=payload.on
    )
    return Status(201, _member_read(user, new))

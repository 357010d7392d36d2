"""Writes of leading groups: set up, change, dissolve a group; add a member, change their
duties, end their row or move them to another post.

A change of membership never rewrites a row: a member leaving ends their row
(``member_end``), a change of post ends the row the day before and begins a new one
(``member_change_post``), so the group's history is its rows (篇八: the group and its office
answer for the year's work, and who answered when must stay readable). Edits carry the
version the form was opened at (``core.locking``). Only a leader or worker of the group's unit
or above keeps it (``governance.access.require_manage``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of, is_system
from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.names import check_name_characters
from guanai.core.text import fits
from guanai.governance import access
from guanai.governance.groups.selectors import current_q
from guanai.governance.models import GroupMember, LeadingGroup, Post
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside
from guanai.registry.models import Person
from guanai.registry.selectors import persons_visible

GROUP_FIELDS = ("name", "office", "remit", "established_on", "dissolved_on")
MEMBER_FIELDS = ("post", "title", "duties", "end_on")


@dataclass
class GroupData:
    name: str
    established_on: date
    office: str = ""
    remit: str = ""


@dataclass
class MemberData:
    post: str
    start_on: date
    user: User | None = None
    name: str = ""
    title: str = ""
    duties: str = ""


@dataclass
class DutiesData:
    title: str = ""
    duties: str = ""
    units: Sequence[OrgUnit] = field(default_factory=list)
    persons: Sequence[Person] = field(default_factory=list)


def _day(value: date, name: str) -> date:
    return check_plausible_day(value, field=name, days_ahead=None)


def _group_clean(data: GroupData) -> GroupData:
    name = data.name.strip()
    if not name:
        raise ValidationFailed(_("Enter the group's name."), field="name")
    return GroupData(
        name=fits(check_name_characters(name), LeadingGroup, "name"),
        office=fits(data.office.strip(), LeadingGroup, "office"),
        remit=fits(data.remit.strip(), LeadingGroup, "remit"),
        established_on=_day(data.established_on, "established_on"),
    )


def _refuse_name_taken(unit: OrgUnit, name: str, *, but: int | None = None) -> None:
    taken = LeadingGroup.objects.filter(org_unit=unit, name=name, dissolved_on__isnull=True)
    if but is not None:
        taken = taken.exclude(pk=but)
    if taken.exists():
        raise ValidationFailed(
            _("The unit already has a group in force named %(name)s.") % {"name": name},
            field="name",
        )


@transaction.atomic
def group_create(user: Actor, *, unit: OrgUnit, data: GroupData) -> LeadingGroup:
    """Set up a leading group of ``unit`` (a leader or worker of the unit or above)."""
    access.require_manage(user, unit)
    clean = _group_clean(data)
    _refuse_name_taken(unit, clean.name)
    return LeadingGroup.objects.create(org_unit=unit, created_by=account_of(user), **vars(clean))


def _lock_group(user: Actor, group: LeadingGroup, version: int | None) -> LeadingGroup:
    current = LeadingGroup.objects.select_for_update().select_related("org_unit").get(pk=group.pk)
    access.require_manage(user, current.org_unit)
    if version is not None:
        refuse_stale(
            current,
            version,
            message=_(
                "Someone changed this group after you opened it (%(fields)s); reload and try again."
            ),
            fields=GROUP_FIELDS,
        )
    if current.dissolved_on is not None:
        raise ValidationFailed(_("This group is dissolved; it is kept as it was."))
    return current


@transaction.atomic
def group_update(
    user: Actor, group: LeadingGroup, *, version: int, data: GroupData
) -> LeadingGroup:
    """Change a group's name, office, remit or founding day."""
    current = _lock_group(user, group, version)
    clean = _group_clean(data)
    _refuse_name_taken(current.org_unit, clean.name, but=current.pk)
    first = current.members.order_by("start_on").values_list("start_on", flat=True).first()
    if first is not None and clean.established_on > first:
        raise ValidationFailed(
            _("A member serves from %(day)s: the group cannot be set up after that.")
            % {"day": f"{first:%Y-%m-%d}"},
            field="established_on",
        )
    for name, value in vars(clean).items():
        setattr(current, name, value)
    bump(current)
    current.save()
    return current


@transaction.atomic
def group_dissolve(user: Actor, group: LeadingGroup, *, version: int, on: date) -> LeadingGroup:
    """Dissolve a group on ``on``: the members still serving end that day; every row stays."""
    current = _lock_group(user, group, version)
    on = _day(on, "dissolved_on")
    if on < current.established_on:
        raise ValidationFailed(
            _("A group cannot be dissolved before it was set up (%(day)s).")
            % {"day": f"{current.established_on:%Y-%m-%d}"},
            field="dissolved_on",
        )
    serving = list(current.members.select_for_update().filter(current_q(on)))
    if any(m.start_on > on for m in serving):
        raise ValidationFailed(
            _("A member starts after that day; end their row first."), field="dissolved_on"
        )
    for member in serving:
        member.end_on = on
        bump(member)
        member.save(update_fields=["end_on", "version"])
    current.dissolved_on = on
    bump(current)
    current.save(update_fields=["dissolved_on", "version"])
    return current


def _post(value: str) -> str:
    if value not in Post.values:
        raise ValidationFailed(_("Choose the member's post."), field="post")
    return value


def _member_name(user: Actor, data: MemberData) -> str:
    """The name printed: an account's full name (copied), or the name typed."""
    if data.user is not None:
        visible = is_system(user) or (
            isinstance(user, User)
            and scoping.users_visible(user).filter(pk=data.user.pk, is_active=True).exists()
        )
        if not visible or not data.user.is_active:
            raise ValidationFailed(_("Choose an account you can see."), field="user")
        return fits(data.user.full_name or data.user.get_username(), GroupMember, "name")
    name = data.name.strip()
    if not name:
        raise ValidationFailed(_("Choose an account or enter the member's name."), field="name")
    return fits(check_name_characters(name), GroupMember, "name")


@transaction.atomic
def member_add(user: Actor, group: LeadingGroup, *, data: MemberData) -> GroupMember:
    """Add a member in a post from ``data.start_on``: an account or a person named only."""
    current = _lock_group(user, group, None)
    post = _post(data.post)
    name = _member_name(user, data)
    title = fits(data.title.strip(), GroupMember, "title")
    duties = fits(data.duties.strip(), GroupMember, "duties")
    start = _day(data.start_on, "start_on")
    if start < current.established_on:
        raise ValidationFailed(
            _("The group was set up on %(day)s; a member cannot start before.")
            % {"day": f"{current.established_on:%Y-%m-%d}"},
            field="start_on",
        )
    same = current.members.filter(current_q(start))
    same = same.filter(user=data.user) if data.user else same.filter(user=None, name=name)
    if same.exists():
        raise ValidationFailed(
            _("%(name)s is already a member; change their post instead.") % {"name": name},
            field="user" if data.user else "name",
        )
    last = current.members.aggregate(last=Max("position"))["last"]
    return GroupMember.objects.create(
        group=current,
        post=post,
        user=data.user,
        name=name,
        title=title,
        duties=duties,
        start_on=start,
        position=0 if last is None else last + 1,
    )


def _lock_member(user: Actor, member: GroupMember, version: int) -> GroupMember:
    current = (
        GroupMember.objects.select_for_update(of=("self",))
        .select_related("group__org_unit")
        .get(pk=member.pk)
    )
    access.require_manage(user, current.group.org_unit)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this member after you opened it (%(fields)s); reload and try again."
        ),
        fields=MEMBER_FIELDS,
    )
    if current.end_on is not None:
        raise ValidationFailed(_("This member's row has ended; it is kept as history."))
    return current


def _units(group: LeadingGroup, units: Sequence[OrgUnit]) -> list[OrgUnit]:
    outside = [u.name for u in units if not is_inside(u, group.org_unit)]
    if outside:
        raise ValidationFailed(
            _("%(names)s is not in %(unit)s or below it.")
            % {"names": "、".join(outside), "unit": group.org_unit.name},
            field="units",
        )
    return list(units)


def _persons(user: Actor, member: GroupMember, persons: Sequence[Person]) -> list[int]:
    """The persons' ids to keep: those chosen, each read by the user and managed in the group's
    unit's subtree, and those already set that the user cannot read (never lost)."""
    unit = member.group.org_unit
    inside = scoping.subtree_q([unit], field="org_unit__path")
    if is_system(user):
        readable = Person.objects.filter(inside)
    elif isinstance(user, User):
        readable = persons_visible(user).filter(inside)
    else:  # pragma: no cover - an Actor is an account or the system
        raise TypeError(user)
    wanted = {p.pk for p in persons}
    found = set(readable.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        raise ValidationFailed(
            _("Choose persons you can read, managed in %(unit)s or below it.")
            % {"unit": unit.name},
            field="persons",
        )
    kept = member.persons.exclude(pk__in=readable.values("pk")).values_list("pk", flat=True)
    return sorted(found | set(kept))


@transaction.atomic
def member_update(
    user: Actor, member: GroupMember, *, version: int, data: DutiesData
) -> GroupMember:
    """Change a serving member's title and duties (分工): a text, the units and the persons
    they are responsible for."""
    current = _lock_member(user, member, version)
    current.title = fits(data.title.strip(), GroupMember, "title")
    current.duties = fits(data.duties.strip(), GroupMember, "duties")
    units = _units(current.group, data.units)
    persons = _persons(user, current, data.persons)
    bump(current)
    current.save()
    current.units.set(units)
    current.persons.set(persons)
    return current


def _end_day(member: GroupMember, on: date, name: str) -> date:
    on = _day(on, name)
    if on < member.start_on:
        raise ValidationFailed(
            _("The end date cannot be before the start date (%(day)s).")
            % {"day": f"{member.start_on:%Y-%m-%d}"},
            field=name,
        )
    return on


@transaction.atomic
def member_end(user: Actor, member: GroupMember, *, version: int, on: date) -> GroupMember:
    """End a member's row on ``on`` (their last day); the row stays as the group's history."""
    current = _lock_member(user, member, version)
    current.end_on = _end_day(current, on, "end_on")
    bump(current)
    current.save(update_fields=["end_on", "version"])
    return current


@transaction.atomic
def member_change_post(
    user: Actor, member: GroupMember, *, version: int, post: str, on: date
) -> GroupMember:
    """Move a member to ``post`` from ``on``: their row ends the day before and a new row
    begins with the same person, title and duties. Return the new row."""
    current = _lock_member(user, member, version)
    post = _post(post)
    if post == current.post:
        raise ValidationFailed(_("Choose a post other than the present one."), field="post")
    on = _day(on, "start_on")
    if on <= current.start_on:
        raise ValidationFailed(
            _("The new post must start after %(day)s, when the present one began.")
            % {"day": f"{current.start_on:%Y-%m-%d}"},
            field="start_on",
        )
    units = list(current.units.all())
    persons = list(current.persons.values_list("pk", flat=True))
    current.end_on = on - timedelta(days=1)
    bump(current)
    current.save(update_fields=["end_on", "version"])
    successor = GroupMember.objects.create(
        group=current.group,
        post=post,
        user=current.user,
        name=current.name,
        title=current.title,
        duties=current.duties,
        start_on=on,
        position=current.position,
    )
    successor.units.set(units)
    successor.persons.set(persons)
    return successor

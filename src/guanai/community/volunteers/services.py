"""Writes of volunteers: add one to a group, edit one.

Every change is audited by django-auditlog (the app registers all its models). The phone
number is checked by ``core.phone`` and stored encrypted; bad input is refused with a
message and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.accounts.scoping import Actor
from guanai.community.models import Skill, Volunteer
from guanai.community.volunteers.access import require_manage_group
from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.names import check_name_characters
from guanai.core.phone import parse_phone
from guanai.core.pinyin import full_pinyin, initials, sort_key
from guanai.core.text import fits
from guanai.orgs.models import OrgKind, OrgUnit


@dataclass
class VolunteerData:
    name: str
    joined_on: date
    # None keeps the stored number (an edit form never shows it whole); "" removes it.
    phone: str | None = ""
    skills: Sequence[str] = field(default_factory=list)
    skills_note: str = ""
    availability: str = ""
    is_active: bool = True
    user: User | None = None


def _clean(data: VolunteerData, *, volunteer: Volunteer | None = None) -> VolunteerData:
    """Return ``data`` checked and tidied; refuse what cannot be stored as it was written."""
    name = " ".join(data.name.split())
    if not name:
        raise ValidationFailed(_("Enter the volunteer's name."), field="name")
    check_name_characters(name)
    fits(name, Volunteer, "name")
    phone = data.phone
    if phone is not None:
        phone = parse_phone(phone) if phone.strip() else ""
    unknown = [s for s in data.skills if s not in Skill.values]
    if unknown:
        raise ValidationFailed(
            _("Unknown skill: %(codes)s.") % {"codes": "、".join(unknown)}, field="skills"
        )
    skills_note = " ".join(data.skills_note.split())
    fits(skills_note, Volunteer, "skills_note")
    availability = " ".join(data.availability.split())
    fits(availability, Volunteer, "availability")
    check_plausible_day(data.joined_on, field="joined_on")
    if data.user is not None:
        holds = scoping.memberships_in_force().filter(user=data.user, role=Role.VOLUNTEER)
        if not holds.exists():
            raise ValidationFailed(
                _("%(name)s holds no volunteer role.") % {"name": data.user}, field="user"
            )
        taken = Volunteer.objects.filter(user=data.user)
        if volunteer is not None:
            taken = taken.exclude(pk=volunteer.pk)
        if taken.exists():
            raise ValidationFailed(
                _("The account %(name)s already belongs to another volunteer.")
                % {"name": data.user},
                field="user",
            )
    return VolunteerData(
        name=name,
        joined_on=data.joined_on,
        phone=phone,
        skills=list(dict.fromkeys(data.skills)),
        skills_note=skills_note,
        availability=availability,
        is_active=data.is_active,
        user=data.user,
    )


def _apply(volunteer: Volunteer, data: VolunteerData) -> None:
    volunteer.name = data.name
    volunteer.name_pinyin = full_pinyin(data.name)
    volunteer.name_initials = initials(data.name)
    volunteer.name_sort = sort_key(data.name)
    if data.phone is not None:
        volunteer.phone = data.phone
    volunteer.skills = list(data.skills)
    volunteer.skills_note = data.skills_note
    volunteer.availability = data.availability
    volunteer.is_active = data.is_active
    volunteer.joined_on = data.joined_on
    volunteer.user = data.user


@transaction.atomic
def volunteer_add(*, acting_user: Actor, group: OrgUnit, data: VolunteerData) -> Volunteer:
    """Add a volunteer to ``group`` (a unit of kind volunteer group)."""
    require_manage_group(acting_user, group)
    if group.kind != OrgKind.VOLUNTEER_GROUP:
        raise ValidationFailed(_("Volunteers belong to a volunteer group."), field="group")
    data = _clean(data)
    volunteer = Volunteer(group=group)
    _apply(volunteer, data)
    volunteer.save()
    return volunteer


@transaction.atomic
def volunteer_update(
    *, acting_user: Actor, volunteer: Volunteer, data: VolunteerData, version: int
) -> Volunteer:
    """Save an edited volunteer opened at ``version``."""
    require_manage_group(acting_user, volunteer.group)
    current = Volunteer.objects.select_for_update().select_related("group").get(pk=volunteer.pk)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this volunteer after you opened it (%(fields)s). Reload it and "
            "make your change again."
        ),
        fields=["name", "skills", "skills_note", "availability", "is_active", "joined_on"],
    )
    data = _clean(data, volunteer=current)
    _apply(current, data)
    bump(current)
    current.save()
    return current

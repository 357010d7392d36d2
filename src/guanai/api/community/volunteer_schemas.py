"""The schemas of the volunteers API (``api.community.volunteers``).

A volunteer's phone is given as the caller may see it: masked for the roster roles of the
group, empty for everyone else (a volunteer sees no phone number, DESIGN §1).
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.schemas import Id, RefOut, Text50, Text100, Text1000, UnitRefOut
from guanai.api.types import Bool, Date, DateTime
from guanai.community.models import Skill, VisitRoleKind, Volunteer, VolunteerVisit
from guanai.core.masking import show_phone


class VolunteerQuery(Schema):
    group_id: Id | None = Field(None, description="The volunteers of this group.")
    q: Text50 = Field(
        "", description="A name, its full pinyin or its initials (王芳, wangfang, wf)."
    )
    year: int | None = Field(
        None, ge=2000, le=2100, description="The year of the hours; this year."
    )


class VolunteerFields(Schema):
    name: Text50
    joined_on: Date
    skills: list[Skill] = Field([], max_length=len(Skill.values))
    skills_note: Text100 = ""
    availability: Text100 = ""
    is_active: Bool = True
    user_id: Id | None = Field(None, description="The volunteer's own account (role volunteer).")


class VolunteerCreateIn(VolunteerFields):
    group_id: Id
    phone: Text50 = ""


class VolunteerUpdateIn(VolunteerFields):
    version: int = Field(ge=1, le=2**31 - 1)
    phone: Text50 | None = Field(
        None, description="A new number; null keeps the stored one, an empty text removes it."
    )


class VolunteerOut(Schema):
    id: int
    group: UnitRefOut
    name: str
    phone: str = Field(description="Masked (138****5678), or empty where the caller sees none.")
    skills: list[Skill]
    skills_note: str
    availability: str
    is_active: bool
    joined_on: date
    user_id: int | None
    version: int
    hours_year: Decimal = Field(description="Confirmed service hours of the year asked.")

    @staticmethod
    def resolve_group(obj: Volunteer) -> UnitRefOut:
        return UnitRefOut(id=obj.group_id, name=obj.group.name)

    @staticmethod
    def resolve_phone(obj: Volunteer, context: Any) -> str:
        """Masked for the roster roles of the group; nothing for anyone else (``scoping``)."""
        request = (context or {}).get("request")
        user = getattr(request, "auth", None)
        if not isinstance(user, User):
            return ""
        return show_phone(obj.phone, scoping.numbers_shown(user, obj.group))


class VisitQuery(Schema):
    group_id: Id | None = Field(None, description="The visits of this volunteer group.")


class VisitOpenIn(Schema):
    event_id: Id = Field(description="An event of kind volunteer_visit that the caller holds.")
    group_id: Id
    volunteer_cap: int = Field(ge=1, le=2**31 - 1)


class VisitCapIn(Schema):
    volunteer_cap: int = Field(ge=1, le=2**31 - 1)


class VisitFields(Schema):
    id: int = Field(description="The event's id.")
    title: str
    starts_at: datetime
    ends_at: datetime
    host: UnitRefOut
    group: UnitRefOut
    volunteer_cap: int
    signed_count: int


class VisitOut(VisitFields):
    """A visit in the list: read from the visit with its event (``visits_list``)."""

    @staticmethod
    def resolve_id(obj: VolunteerVisit) -> int:
        return obj.pk

    @staticmethod
    def resolve_title(obj: VolunteerVisit) -> str:
        return obj.event.title

    @staticmethod
    def resolve_starts_at(obj: VolunteerVisit) -> datetime:
        return obj.event.starts_at

    @staticmethod
    def resolve_ends_at(obj: VolunteerVisit) -> datetime:
        return obj.event.ends_at

    @staticmethod
    def resolve_host(obj: VolunteerVisit) -> UnitRefOut:
        return UnitRefOut(id=obj.event.org_unit_id, name=obj.event.org_unit.name)

    @staticmethod
    def resolve_group(obj: VolunteerVisit) -> UnitRefOut:
        return UnitRefOut(id=obj.group_id, name=obj.group.name)


class VisitRoleOut(Schema):
    id: int
    volunteer: RefOut
    role: VisitRoleKind


class ServiceShiftOut(Schema):
    volunteer: RefOut
    in_at: datetime
    out_at: datetime | None
    hours: Decimal | None
    confirmed_at: datetime | None


class VisitDetailOut(VisitFields):
    roles: list[VisitRoleOut]
    shifts: list[ServiceShiftOut]


class SignUpIn(Schema):
    volunteer_ids: list[Id] = Field(max_length=1000)


class RoleIn(Schema):
    volunteer_id: Id
    role: VisitRoleKind


class VolunteerIn(Schema):
    volunteer_id: Id


class ShiftCorrectIn(Schema):
    in_at: DateTime = Field(description="YYYY-MM-DDTHH:MM; without an offset, local time.")
    out_at: DateTime | None = Field(
        None, description="The check-out; none while the volunteer is still there."
    )
    reason: Text1000 = Field(description="Why the times are corrected (required).")


class ConfirmedOut(Schema):
    confirmed: int


class GroupHoursQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="The year; this year.")


class GroupHoursOut(Schema):
    """A volunteer group's year: active volunteers, those who served, confirmed hours."""

    group: UnitRefOut
    active: int
    served: int
    hours: Decimal

    @staticmethod
    def resolve_group(obj: Any) -> UnitRefOut:
        return UnitRefOut(id=obj.pk, name=obj.name)

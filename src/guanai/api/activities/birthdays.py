"""Birthdays through the API: a month's birthdays of the caller's persons (solar, or lunar
converted to the year), a person's lunar birthday set or cleared, a celebration recorded
or taken back.

Reads and writes go through ``activities.birthdays``: the persons are those the caller may
read, the lunar birthday is set by the roster keepers, a celebration is recorded by them
and the helpers paired with the person. To anyone else the person is 404; bad input is 400.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.activities import birthdays
from guanai.activities.birthdays.access import persons_to_celebrate
from guanai.activities.models.birthdays import Celebration, CelebrationHow, LunarBirthday
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PersonRefOut,
    RefOut,
    Small,
    Text200,
    UnitRefOut,
)
from guanai.api.types import Bool, Date
from guanai.core.months import parse_month, this_month
from guanai.registry.models import Person

router = Router(tags=["activities"])

Month = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-10"])]
# A birthday's year: lunar for a lunar birthday, solar for a solar one.
Year = Annotated[int, Field(ge=1, le=9999)]


class BirthdayQuery(Schema):
    month: Month | None = Field(None, description="YYYY-MM; this month if not given.")
    unit_id: Id | None = Field(None, description="The persons of this unit's subtree.")


class LunarOut(Schema):
    month: int
    day: int
    leap: bool


class CelebrationOut(Schema):
    year: int
    lunar: bool
    how: CelebrationHow
    on: date
    by: RefOut | None
    note: str
    created_at: datetime


def celebration_out(celebration: Celebration) -> CelebrationOut:
    by = celebration.by
    return CelebrationOut(
        year=celebration.year,
        lunar=celebration.lunar,
        how=CelebrationHow(celebration.how),
        on=celebration.on,
        by=None if by is None else RefOut(id=by.pk, name=by.get_full_name()),
        note=celebration.note,
        created_at=celebration.created_at,
    )


class BirthdayOut(Schema):
    person: PersonRefOut
    unit: UnitRefOut
    on: date = Field(description="The day of the birthday in the month.")
    year: int = Field(description="The birthday's year: lunar for a lunar birthday.")
    lunar: LunarOut | None = Field(description="The lunar birthday kept, if any.")
    celebration: CelebrationOut | None
    can_celebrate: bool = Field(description="Whether the caller may record its celebration.")


class LunarBirthdayIn(Schema):
    month: Small = Field(description="Lunar month, 1–12.")
    day: Small = Field(description="Lunar day, 1–30.")
    leap: Bool = Field(False, description="A leap month.")


class LunarBirthdayOut(Schema):
    person: PersonRefOut
    month: int
    day: int
    leap: bool

    @staticmethod
    def resolve_person(obj: LunarBirthday) -> PersonRefOut:
        return PersonRefOut(id=obj.person_id, name=obj.person.name)

    @staticmethod
    def resolve_leap(obj: LunarBirthday) -> bool:
        return obj.is_leap


class CelebrationIn(Schema):
    year: Year = Field(description="The birthday's year, as the month's list gives it.")
    how: CelebrationHow
    on: Date | None = Field(None, description="The day it was celebrated; today if not given.")
    note: Text200 = ""


@router.get(
    "/activities/birthdays", response={200: list[BirthdayOut], 400: ErrorOut, **READ_ERRORS}
)
@paginate(Pages)
def birthday_list(request: HttpRequest, filters: Query[BirthdayQuery]) -> list[BirthdayOut]:
    """List a month's birthdays of the persons the caller reads, by day; a month no
    calendar has (2026-13) or outside the years the lunar calendar is known for is 400."""
    user = acting_user(request)
    month = parse_month(filters.month) if filters.month else this_month()
    unit = None
    if filters.unit_id is not None:
        unit = next((u for u in birthdays.birthday_units(user) if u.pk == filters.unit_id), None)
        if unit is None:
            raise Http404
    rows = birthdays.birthdays_of_month(user, month, unit)
    allowed = persons_to_celebrate(user, [row.person for row in rows])
    return [
        BirthdayOut(
            person=PersonRefOut(id=row.person.pk, name=row.person.name),
            unit=UnitRefOut(id=row.person.org_unit_id, name=row.person.org_unit.name),
            on=row.on,
            year=row.year,
            lunar=None
            if row.lunar_date is None
            else LunarOut(
                month=row.lunar_date.month, day=row.lunar_date.day, leap=row.lunar_date.leap
            ),
            celebration=None if row.celebration is None else celebration_out(row.celebration),
            can_celebrate=row.person.pk in allowed,
        )
        for row in rows
    ]


@router.put(
    "/activities/persons/{person_id}/lunar-birthday",
    response={200: LunarBirthdayOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def lunar_birthday_set(
    request: HttpRequest, person_id: Id, payload: LunarBirthdayIn
) -> LunarBirthday:
    """Set (or change) the lunar birthday a person keeps."""
    user = acting_user(request)
    person = birthdays.access_person_for_lunar_birthday(user, person_id)
    return birthdays.lunar_birthday_set(
        acting_user=user, person=person, month=payload.month, day=payload.day, leap=payload.leap
    )


@router.delete(
    "/activities/persons/{person_id}/lunar-birthday",
    response={204: None, **WRITE_ERRORS, **AUTH_ERRORS},
)
def lunar_birthday_clear(request: HttpRequest, person_id: Id) -> Status:
    """Let the person's birthday be the solar one again."""
    user = acting_user(request)
    person = birthdays.access_person_for_lunar_birthday(user, person_id)
    birthdays.lunar_birthday_clear(acting_user=user, person=person)
    return Status(204, None)


@router.post(
    "/activities/persons/{person_id}/celebrations",
    response={201: CelebrationOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def celebration_record(request: HttpRequest, person_id: Id, payload: CelebrationIn) -> Status:
    """Record that a person's birthday of a year was celebrated (once a year)."""
    user = acting_user(request)
    person: Person = birthdays.access_person_to_celebrate(user, person_id)
    celebration = birthdays.celebration_record(
        acting_user=user,
        person=person,
        year=payload.year,
        how=payload.how.value,
        on=payload.on,
        note=payload.note,
    )
    return Status(201, celebration_out(celebration))


@router.delete(
    "/activities/persons/{person_id}/celebrations/{year}",
    response={204: None, **WRITE_ERRORS, **AUTH_ERRORS},
)
def celebration_undo(request: HttpRequest, person_id: Id, year: Id) -> Status:
    """Take back a celebration recorded by mistake (the audit trail keeps it)."""
    user = acting_user(request)
    person = birthdays.access_person_to_celebrate(user, person_id)
    birthdays.celebration_undo(acting_user=user, person=person, year=year)
    return Status(204, None)

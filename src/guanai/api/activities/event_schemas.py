"""The schemas of the events API (``api.activities.events``): events, their lists of
enrolled and waiting persons, attendance and coverage.

Persons are named by id, name and class only: a volunteer who serves an event reads these
lists, and sees no ID or phone number (DESIGN §1).
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from guanai.activities.models.events import (
    Enrolment,
    EnrolmentState,
    Event,
    EventKind,
    EventSeries,
    EventStatus,
    Repeat,
)
from guanai.api.schemas import (
    Id,
    PersonRefOut,
    RefOut,
    Text20,
    Text40,
    Text100,
    Text2000,
    UnitRefOut,
)
from guanai.api.types import Bool, Date, DateTime
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person

EventWhen = Literal["upcoming", "past"]


class EventQuery(Schema):
    when: EventWhen = Field("upcoming", description="Not yet over (soonest first), or over.")
    unit_id: Id | None = Field(None, description="The events held in this unit's subtree.")


class EventFields(Schema):
    id: int
    title: str
    kind: EventKind
    starts_at: datetime
    ends_at: datetime
    place: str
    capacity: int | None = Field(description="Places; null for no limit.")
    status: EventStatus
    version: int
    plan_item_id: int | None = Field(description="The plan item the event was made from.")
    series_id: int | None = Field(description="The series the event is an occurrence of.")


class EventListOut(EventFields):
    unit: UnitRefOut
    enrolled_count: int
    waiting_count: int

    @staticmethod
    def resolve_unit(obj: Event) -> UnitRefOut:
        return UnitRefOut(id=obj.org_unit_id, name=obj.org_unit.name)


class PersonInEventOut(PersonRefOut):
    """A person on an event's lists: name and class, no numbers."""

    school: str
    grade: str
    class_name: str


def person_in_event(person: Person) -> PersonInEventOut:
    return PersonInEventOut(
        id=person.pk,
        name=person.name,
        school=person.school.name if person.school else "",
        grade=person.grade,
        class_name=person.class_name,
    )


class NotJoinedOut(PersonRefOut):
    """A special-group person who joined no activity in the term: name and class."""

    school: str
    grade: str
    class_name: str

    @staticmethod
    def resolve_school(obj: Person) -> str:
        return obj.school.name if obj.school else ""


class EnrolmentOut(Schema):
    person: PersonInEventOut
    state: EnrolmentState
    priority_rank: int = Field(description="1 is served first.")
    position: int = Field(description="The order of arrival in the event.")


def enrolment_out(enrolment: Enrolment) -> EnrolmentOut:
    return EnrolmentOut(
        person=person_in_event(enrolment.person),
        state=EnrolmentState(enrolment.state),
        priority_rank=enrolment.priority_rank,
        position=enrolment.position,
    )


class SeriesOut(Schema):
    """How a series repeats: weekly on the same weekday, or monthly on the same day of the
    month (a shorter month holds it on its last day)."""

    id: int
    unit: UnitRefOut
    repeat: Repeat
    first_day: date
    until: date
    occurrences: int = Field(description="Occurrences (days); with per_class, times classes.")
    per_class: bool = Field(description="One event per class for each occurrence.")


def series_out(series: EventSeries, unit: OrgUnit | None = None) -> SeriesOut:
    """Return the series out; ``unit`` is its unit when the caller has it at hand."""
    unit = unit or series.org_unit
    return SeriesOut(
        id=series.pk,
        unit=UnitRefOut(id=unit.pk, name=unit.name),
        repeat=Repeat(series.repeat),
        first_day=series.first_day,
        until=series.until,
        occurrences=series.occurrences,
        per_class=series.per_class,
    )


class SeriesEventOut(Schema):
    id: int
    starts_at: datetime
    target_classes: list[str]
    status: EventStatus


class SeriesDetailOut(SeriesOut):
    events: list[SeriesEventOut] = Field(description="The occurrences the caller sees.")


class SeriesCancelIn(Schema):
    since: Date = Field(description="Cancel the occurrences of this day and after.")


class SeriesCancelOut(SeriesDetailOut):
    cancelled: list[int] = Field(description="The events cancelled now.")


class EventDetailOut(EventFields):
    unit: UnitRefOut
    series: SeriesOut | None
    organiser: RefOut | None
    target_categories: list[str]
    target_classes: list[str]
    notes: str
    helpers: list[RefOut]
    enrolled: list[EnrolmentOut]
    waiting: list[EnrolmentOut] = Field(description="The waiting list, in its order.")


Classes = Annotated[list[Text40], Field(max_length=100)]


class EventIn(Schema):
    title: Text100
    kind: EventKind
    starts_at: DateTime = Field(description="YYYY-MM-DDTHH:MM; without an offset, local time.")
    ends_at: DateTime
    place: Text100 = ""
    target_categories: Annotated[list[Category], Field(max_length=50)] = []
    target_classes: Classes = Field([], description="Classes as on the roster: 三年级2班.")
    capacity: int | None = Field(None, ge=-(2**31), le=2**31 - 1, description="Null: no limit.")
    status: EventStatus = EventStatus.DRAFT
    notes: Text2000 = ""
    helper_ids: Annotated[list[Id], Field(max_length=100)] = Field(
        [], description="The accounts who serve the event (volunteers, subject teachers)."
    )


class EventCreateIn(EventIn):
    unit_id: Id = Field(description="The unit that holds the event.")
    plan_item_id: Id | None = Field(
        None, description="The item of a published plan the event is made from."
    )
    repeat: Repeat | None = Field(
        None,
        description="Make a series: weekly (same weekday) or monthly (same day of the month, "
        "the month's last day when shorter). The event given is the first occurrence.",
    )
    until: Date | None = Field(
        None, description="With repeat: the last day; at most 12 months, 52 occurrences."
    )
    per_class: Bool = Field(
        False, description="With repeat: one event per class of target_classes."
    )


class EventUpdateIn(EventIn):
    """All the event's fields, as they are to be; ``version`` is the one read."""

    version: int


class EnrolIn(Schema):
    person_ids: Annotated[list[Id], Field(max_length=500)]


class EnrolClassIn(Schema):
    school_id: Id
    grade: Text20
    class_name: Text20


class MovesOut(Schema):
    enrolled: list[PersonRefOut] = Field(description="Given a place.")
    waiting: list[PersonRefOut] = Field(description="No place left: on the waiting list.")
    already: list[PersonRefOut] = Field(description="Already on the lists, left as they were.")
    moved_up: list[PersonRefOut] = Field(description="Moved up from the waiting list.")
    moved_down: list[PersonRefOut] = Field(
        description="Moved to the waiting list to give priority places."
    )


class AttendanceIn(Schema):
    present: Bool


class AttendanceRowOut(Schema):
    person: PersonInEventOut
    present: bool | None = Field(description="null: not marked yet.")


class AttendanceOut(Schema):
    event_id: int
    present: int
    absent: int
    unmarked: int
    rows: list[AttendanceRowOut]


class EventCoverageQuery(Schema):
    unit_id: Id
    term: Annotated[str, Field(pattern=r"^(19|20|21)\d{2}-(autumn|spring)$")] | None = Field(
        None, description="2026-autumn or 2027-spring; the current term if not given."
    )


class CoverageShareOut(Schema):
    label: str
    total: int
    joined: int
    percent: int


class CoverageKindShareOut(Schema):
    label: str
    events: int
    present: int


class EventCoverageOut(Schema):
    unit: UnitRefOut
    term: str
    term_label: str
    totals: CoverageShareOut
    by_category: list[CoverageShareOut]
    by_class: list[CoverageShareOut]
    by_kind: list[CoverageKindShareOut]

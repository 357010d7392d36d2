"""Reads of events, a fixed number of queries each whatever the size of the lists.

Callers pass an event from ``access_event``, which has already checked the user's scope;
the lists of persons show names, classes and categories, never ID or phone numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.activities.events.access import events_visible
from guanai.activities.events.enrolment import ACTIVE, enrollable_persons
from guanai.activities.models.events import Attendance, Enrolment, EnrolmentState, Event
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

# How many persons the "add persons" list offers at once (a name search narrows it).
OFFERED = 60


def events_list(user: AnyUser, *, past: bool = False) -> QuerySet[Event]:
    """Return the user's events not yet over (soonest first), or those over (latest first),
    each with its counts of enrolled and waiting persons."""
    now = timezone.now()
    events = events_visible(user).annotate(
        enrolled_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED)),
        waiting_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITING)),
    )
    if past:
        return events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return events.filter(ends_at__gte=now).order_by("starts_at", "pk")


@dataclass
class EventLists:
    enrolled: list[Enrolment]
    waiting: list[Enrolment]


def event_lists(event: Event) -> EventLists:
    """Return the enrolled persons (by priority) and the waiting list in its order."""
    rows = list(
        Enrolment.objects.filter(event=event, state__in=ACTIVE)
        .select_related("person", "person__school")
        .order_by("priority_rank", "position")
    )
    return EventLists(
        enrolled=[e for e in rows if e.state == EnrolmentState.ENROLLED],
        waiting=[e for e in rows if e.state == EnrolmentState.WAITING],
    )


@dataclass
class AttendanceRow:
    person: Person
    present: bool | None


@dataclass
class AttendanceSheet:
    rows: list[AttendanceRow]

    @property
    def present(self) -> int:
        return sum(1 for r in self.rows if r.present is True)

    @property
    def absent(self) -> int:
        return sum(1 for r in self.rows if r.present is False)

    @property
    def unmarked(self) -> int:
        return sum(1 for r in self.rows if r.present is None)


def attendance_sheet(event: Event) -> AttendanceSheet:
    """Return the enrolled persons, in class and roster order, with what was marked."""
    marked = Attendance.objects.filter(event=event, person=OuterRef("person")).values("present")
    rows = (
        Enrolment.objects.filter(event=event, state=EnrolmentState.ENROLLED)
        .select_related("person", "person__school")
        .annotate(present=Subquery(marked[:1]))
        .order_by("person__grade", "person__class_name", "person__name_sort", "person__pk")
    )
    return AttendanceSheet(rows=[AttendanceRow(e.person, e.present) for e in rows])


@dataclass(frozen=True)
class SchoolClass:
    school: OrgUnit
    grade: str
    class_name: str
    persons: int

    @property
    def key(self) -> str:
        """The class in a form's value: ``<school id>|<grade>|<class>``."""
        return f"{self.school.pk}|{self.grade}|{self.class_name}"


def event_classes(user: User, event: Event) -> list[SchoolClass]:
    """Return the classes of the persons the user may enrol in the event, with their size."""
    rows = (
        Person.objects.filter(enrollable_persons(user, event), school__isnull=False)
        .exclude(grade="")
        .exclude(class_name="")
        .order_by()
        .values("school", "grade", "class_name")
        .annotate(persons=Count("pk"))
        .order_by("school", "grade", "class_name")
    )
    found = list(rows)
    schools = OrgUnit.objects.in_bulk({r["school"] for r in found})
    return [
        SchoolClass(schools[r["school"]], r["grade"], r["class_name"], r["persons"]) for r in found
    ]


def persons_offered(user: User, event: Event, search: str = "") -> list[Person]:
    """Return persons the user may add to the event who are not enrolled or waiting yet,
    in roster order (``OFFERED`` at most; ``search`` narrows by name)."""
    active = Enrolment.objects.filter(event=event, state__in=ACTIVE).values("person_id")
    persons = (
        Person.objects.filter(enrollable_persons(user, event))
        .exclude(pk__in=active)
        .select_related("school")
    )
    if search:
        persons = persons.filter(name__contains=search)
    return list(persons.order_by("name_sort", "pk")[:OFFERED])

"""Events through the API: the lists, an event with its enrolled and waiting persons,
create and change; enrol persons or a class (places by priority, the others wait),
cancel an enrolment (the first one waiting moves up), mark attendance; coverage of a term.

Every operation reads through ``activities.events`` (scoped: an event is seen by the roster
roles of its unit and above and by the helpers who serve it; another is 404) and writes
through its services, which refuse bad input (400), a caller who may not (403) and a stale
``version`` of the event (409). The schemas are in ``event_schemas``.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.activities import events
from guanai.activities.events import coverage, selectors
from guanai.activities.events.access import helpers_offered
from guanai.activities.events.enrolment import Moves, enrollable_persons
from guanai.activities.events.terms import parse_term
from guanai.activities.models.events import Event, EventKind, EventStatus
from guanai.activities.plans.access import access_plan_item
from guanai.api.activities.event_schemas import (
    AttendanceIn,
    AttendanceOut,
    AttendanceRowOut,
    CoverageKindShareOut,
    CoverageShareOut,
    EnrolClassIn,
    EnrolIn,
    EventCoverageOut,
    EventCoverageQuery,
    EventCreateIn,
    EventDetailOut,
    EventIn,
    EventListOut,
    EventQuery,
    EventUpdateIn,
    MovesOut,
    NotJoinedOut,
    enrolment_out,
    person_in_event,
    series_out,
)
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PersonRefOut,
    RefOut,
    UnitRefOut,
)
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person

router = Router(tags=["activities"])


def _detail(event: Event) -> EventDetailOut:
    lists = events.event_lists(event)
    organiser = event.organiser
    return EventDetailOut(
        id=event.pk,
        unit=UnitRefOut(id=event.org_unit_id, name=event.org_unit.name),
        title=event.title,
        kind=EventKind(event.kind),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        place=event.place,
        capacity=event.capacity,
        status=EventStatus(event.status),
        version=event.version,
        plan_item_id=event.plan_item_id,
        series_id=event.series_id,
        series=None if event.series is None else series_out(event.series, event.org_unit),
        organiser=None
        if organiser is None
        else RefOut(id=organiser.pk, name=organiser.get_full_name()),
        target_categories=list(event.target_categories),
        target_classes=list(event.target_classes),
        notes=event.notes,
        helpers=[
            RefOut(id=h.pk, name=h.get_full_name())
            for h in event.helpers.order_by("full_name", "pk")
        ],
        enrolled=[enrolment_out(e) for e in lists.enrolled],
        waiting=[enrolment_out(e) for e in lists.waiting],
    )


def _saved(user: User, pk: int) -> EventDetailOut:
    """Return an event as it is after a change, read anew (not a second ``access_event``)."""
    return _detail(events.events_visible(user).get(pk=pk))


def _data(user: User, payload: EventIn) -> events.EventData:
    """Return the service's input; the helpers named must be accounts the caller may name."""
    ids = set(payload.helper_ids)
    helpers = list(helpers_offered(user).filter(pk__in=ids).prefetch_related("memberships"))
    if len(helpers) != len(ids):
        raise ValidationFailed(
            _("Some of the helpers chosen cannot serve this event: name accounts you see."),
            field="helper_ids",
        )
    return events.EventData(
        title=payload.title,
        kind=payload.kind.value,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        target_categories=[c.value for c in payload.target_categories],
        target_classes=payload.target_classes,
        capacity=payload.capacity,
        status=payload.status.value,
        notes=payload.notes,
        helpers=helpers,
    )


def _refs(persons: list[Person]) -> list[PersonRefOut]:
    return [PersonRefOut(id=p.pk, name=p.name) for p in persons]


def _moves(moves: Moves) -> MovesOut:
    return MovesOut(
        enrolled=_refs(moves.enrolled),
        waiting=_refs(moves.waiting),
        already=_refs(moves.already),
        moved_up=_refs(moves.moved_up),
        moved_down=_refs(moves.moved_down),
    )


@router.get("/activities/events", response={200: list[EventListOut], **READ_ERRORS})
@paginate(Pages)
def event_list(request: HttpRequest, filters: Query[EventQuery]) -> QuerySet[Event]:
    """List the caller's events not yet over (soonest first), or those over (latest first),
    with their counts of enrolled and waiting persons."""
    user = acting_user(request)
    found = events.events_list(user, past=filters.when == "past")
    if filters.unit_id is not None:
        unit = scoping.access_org_unit(user, filters.unit_id)
        found = found.filter(subtree_q([unit], field="org_unit__path"))
    return found


@router.post("/activities/events", response={201: EventDetailOut, **WRITE_ERRORS, **AUTH_ERRORS})
def event_create(request: HttpRequest, payload: EventCreateIn) -> Status:
    """Create an event held by a unit; the caller is its organiser. With ``repeat``, make a
    series at once (every occurrence, for every class with ``per_class``) and answer its
    first event; ``GET /activities/series/{id}`` lists the others."""
    user = acting_user(request)
    unit = scoping.access_org_unit(user, payload.unit_id)
    item = None if payload.plan_item_id is None else access_plan_item(user, payload.plan_item_id)
    data = _data(user, payload)
    if payload.repeat is None:
        if payload.until is not None or payload.per_class:
            raise ValidationFailed(
                _("Choose how the event repeats, or leave the end and the classes out."),
                field="repeat",
            )
        event = events.event_create(acting_user=user, org_unit=unit, data=data, plan_item=item)
    else:
        if payload.until is None:
            raise ValidationFailed(
                _("Give the last day on which the event repeats."), field="until"
            )
        recurrence = events.Recurrence(
            repeat=payload.repeat.value, until=payload.until, per_class=payload.per_class
        )
        event = events.event_series_create(
            acting_user=user, org_unit=unit, data=data, recurrence=recurrence, plan_item=item
        )[0]
    return Status(201, _saved(user, event.pk))


@router.get("/activities/events/{event_id}", response={200: EventDetailOut, **READ_ERRORS})
def event_detail(request: HttpRequest, event_id: Id) -> EventDetailOut:
    """Return an event with its enrolled persons (by priority) and its waiting list."""
    return _detail(events.access_event(acting_user(request), event_id))


@router.put(
    "/activities/events/{event_id}", response={200: EventDetailOut, **EDIT_ERRORS, **AUTH_ERRORS}
)
def event_update(request: HttpRequest, event_id: Id, payload: EventUpdateIn) -> EventDetailOut:
    """Change an event; fewer places or a cancellation reshuffle its lists."""
    user = acting_user(request)
    event = events.access_event(user, event_id)
    events.event_update(
        acting_user=user, event=event, data=_data(user, payload), version=payload.version
    )
    return _saved(user, event_id)


@router.post(
    "/activities/events/{event_id}/enrolments",
    response={200: MovesOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def enrol(request: HttpRequest, event_id: Id, payload: EnrolIn) -> MovesOut:
    """Enrol persons: places by priority, the others on the waiting list."""
    user = acting_user(request)
    event = events.access_event(user, event_id)
    ids = set(payload.person_ids)
    if not ids:
        raise ValidationFailed(_("Choose at least one person to enrol."), field="person_ids")
    persons = list(Person.objects.filter(enrollable_persons(user, event), pk__in=ids))
    if len(persons) != len(ids):
        raise ValidationFailed(
            _("Some of the persons chosen cannot be enrolled here."), field="person_ids"
        )
    return _moves(events.enrol_persons(acting_user=user, event=event, persons=persons))


@router.post(
    "/activities/events/{event_id}/enrolments/class",
    response={200: MovesOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def enrol_class(request: HttpRequest, event_id: Id, payload: EnrolClassIn) -> MovesOut:
    """Enrol a whole class of the caller's roster in one step."""
    user = acting_user(request)
    event = events.access_event(user, event_id)
    key = f"{payload.school_id}|{payload.grade}|{payload.class_name}"
    chosen = {c.key: c for c in selectors.event_classes(user, event)}
    klass = chosen.get(key)
    if klass is None:
        raise ValidationFailed(_("Choose a class from the list."), field="class_name")
    moves = events.enrol_class(
        acting_user=user,
        event=event,
        school=klass.school,
        grade=klass.grade,
        class_name=klass.class_name,
    )
    return _moves(moves)


@router.delete(
    "/activities/events/{event_id}/enrolments/{person_id}",
    response={200: MovesOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def enrolment_cancel(request: HttpRequest, event_id: Id, person_id: Id) -> MovesOut:
    """Cancel a person's place or waiting; the first one waiting moves up."""
    user = acting_user(request)
    event = events.access_event(user, event_id)
    person = get_object_or_404(Person.objects.filter(enrolments__event=event), pk=person_id)
    moved = events.enrolment_cancel(acting_user=user, event=event, person=person)
    return _moves(Moves(moved_up=moved))


@router.get(
    "/activities/events/{event_id}/attendance", response={200: AttendanceOut, **READ_ERRORS}
)
def attendance_sheet(request: HttpRequest, event_id: Id) -> AttendanceOut:
    """Return the enrolled persons, in class order, with what was marked."""
    event = events.access_event(acting_user(request), event_id)
    sheet = events.attendance_sheet(event)
    return AttendanceOut(
        event_id=event.pk,
        present=sheet.present,
        absent=sheet.absent,
        unmarked=sheet.unmarked,
        rows=[
            AttendanceRowOut(person=person_in_event(r.person), present=r.present)
            for r in sheet.rows
        ],
    )


@router.put(
    "/activities/events/{event_id}/attendance/{person_id}",
    response={200: AttendanceRowOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def attendance_mark(
    request: HttpRequest, event_id: Id, person_id: Id, payload: AttendanceIn
) -> AttendanceRowOut:
    """Record whether an enrolled person came (a second call corrects it)."""
    user = acting_user(request)
    event = events.access_event(user, event_id)
    person = get_object_or_404(
        Person.objects.filter(enrolments__event=event).select_related("school"), pk=person_id
    )
    marked = events.attendance_mark(
        acting_user=user, event=event, person=person, present=payload.present
    )
    return AttendanceRowOut(person=person_in_event(person), present=marked.present)


def _coverage_args(user: User, filters: EventCoverageQuery) -> tuple[OrgUnit, events.Term]:
    unit = coverage.coverage_units(user).filter(pk=filters.unit_id).first()
    if unit is None:
        raise Http404
    term = parse_term(filters.term) if filters.term else events.term_of(timezone.localdate())
    if term is None:  # pragma: no cover - the pattern admits only what parses
        raise Http404
    return unit, term


@router.get("/activities/coverage", response={200: EventCoverageOut, **READ_ERRORS})
def coverage_summary(request: HttpRequest, filters: Query[EventCoverageQuery]) -> EventCoverageOut:
    """Participation of a unit's special groups in a term: in all, by category, class and
    kind of event."""
    user = acting_user(request)
    unit, term = _coverage_args(user, filters)

    def share(s: coverage.Share) -> CoverageShareOut:
        return CoverageShareOut(label=s.label, total=s.total, joined=s.joined, percent=s.percent)

    return EventCoverageOut(
        unit=UnitRefOut(id=unit.pk, name=unit.name),
        term=term.code,
        term_label=term.label,
        totals=share(coverage.totals(user, unit, term)),
        by_category=[share(s) for s in events.by_category(user, unit, term)],
        by_class=[share(s) for s in events.by_class(user, unit, term)],
        by_kind=[
            CoverageKindShareOut(label=k.label, events=k.events, present=k.present)
            for k in events.by_kind(user, unit, term)
        ],
    )


@router.get("/activities/coverage/not-joined", response={200: list[NotJoinedOut], **READ_ERRORS})
@paginate(Pages)
def coverage_not_joined(
    request: HttpRequest, filters: Query[EventCoverageQuery]
) -> QuerySet[Person]:
    """List the special-group persons of the unit who joined no activity in the term."""
    user = acting_user(request)
    unit, term = _coverage_args(user, filters)
    return events.not_joined(user, unit, term)

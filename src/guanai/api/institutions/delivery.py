"""The services delivered to an institution's residents through the API: a resident's
sessions (list, log one, take one back), an institution's month by service type and by
resident with the follow-ups due, supported-employment placements (list, record, follow up,
end). Scoped and validated as the pages: the same services refuse the same input."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PersonRefOut,
    PlainText,
    RefOut,
    Text100,
    Text200,
    Text2000,
)
from guanai.api.types import Bool, Date
from guanai.core.errors import ValidationFailed
from guanai.core.months import parse_month, this_month
from guanai.institutions import delivery, register, roster
from guanai.institutions.models import FollowUp, Placement, Resident, ServiceLog, ServiceType, Staff
from guanai.institutions.models.services import MAX_MINUTES

router = Router(tags=["institutions"])

# A session's note, as long as its column.
Text500 = Annotated[PlainText, Field(max_length=500)]


class ServiceLogOut(Schema):
    id: int
    resident_id: int
    on: date
    type: ServiceType
    minutes: int
    staff: RefOut | None
    note: str


class ServiceLogIn(Schema):
    on: Date | None = Field(None, description="The day of the session; today if not given.")
    type: ServiceType
    minutes: int = Field(ge=1, le=MAX_MINUTES)
    staff_id: Id | None = Field(None, description="An active staff member of the institution.")
    note: Text500 = ""


class TallyOut(Schema):
    sessions: int
    minutes: int


class TypeTallyOut(TallyOut):
    type: ServiceType


class ResidentMonthOut(Schema):
    resident_id: int
    person: PersonRefOut
    sessions: int
    minutes: int
    by_type: list[TypeTallyOut]


class FollowUpDueOut(Schema):
    placement_id: int
    resident_id: int
    person: PersonRefOut
    employer: str
    last_on: date = Field(description="The last follow-up, or the start of the job.")
    due_on: date
    overdue: bool


class ServiceMonthOut(Schema):
    month: str = Field(description="YYYY-MM")
    total: TallyOut
    by_type: list[TypeTallyOut]
    residents: list[ResidentMonthOut] = Field(
        description="The residents present in the month, those with no session first."
    )
    follow_ups_due: list[FollowUpDueOut] = Field(description="Due by today.")


class ServiceMonthQuery(Schema):
    month: Text100 | None = Field(None, description="YYYY-MM; this month if not given.")


class FollowUpOut(Schema):
    id: int
    on: date
    staff: RefOut | None
    note: str


class PlacementOut(Schema):
    id: int
    resident_id: int
    version: int
    employer: str
    job: str
    started_on: date
    coach: RefOut | None
    follow_up_days: int
    stable_on: date | None
    ended_on: date | None
    end_reason: str
    follow_ups: list[FollowUpOut] = Field(description="Newest first.")


class PlacementIn(Schema):
    employer: Text100
    job: Text100
    started_on: Date
    coach_id: Id | None = Field(
        None, description="An employment-service instructor or social worker of the institution."
    )
    follow_up_days: int = Field(30, ge=1, le=366)


class FollowUpIn(Schema):
    on: Date | None = Field(None, description="Today if not given.")
    note: Text2000
    staff_id: Id | None = None
    stable: Bool = Field(False, description="The job is stable: the follow-ups end.")


class PlacementEndIn(Schema):
    ended_on: Date
    reason: Text200
    version: int = Field(ge=1, le=2**31 - 1)


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    register.require_reader(user)
    return user


def _ref(staff: Staff | None) -> RefOut | None:
    return None if staff is None else RefOut(id=staff.pk, name=staff.name)


def _staff(user: User, pk: int | None, field: str) -> Staff | None:
    """Return the staff member ``pk`` the caller reads; one outside the caller's scope is
    refused as unknown (its name is not shown)."""
    if pk is None:
        return None
    found = roster.staff_visible(user).filter(pk=pk).first()
    if found is None:
        raise ValidationFailed(_("Choose a staff member of the institution."), field=field)
    return found


def log_out(log: ServiceLog) -> ServiceLogOut:
    return ServiceLogOut(
        id=log.pk,
        resident_id=log.resident_id,
        on=log.on,
        type=ServiceType(log.type),
        minutes=log.minutes,
        staff=_ref(log.staff),
        note=log.note,
    )


def placement_out(p: Placement) -> PlacementOut:
    """Return a placement read with ``delivery.placements_of`` (follow-ups prefetched)."""
    follow_ups: list[FollowUp] = sorted(
        p.follow_ups.all(), key=lambda f: (f.on, f.pk), reverse=True
    )
    return PlacementOut(
        id=p.pk,
        resident_id=p.resident_id,
        version=p.version,
        employer=p.employer,
        job=p.job,
        started_on=p.started_on,
        coach=_ref(p.coach),
        follow_up_days=p.follow_up_days,
        stable_on=p.stable_on,
        ended_on=p.ended_on,
        end_reason=p.end_reason,
        follow_ups=[
            FollowUpOut(id=f.id, on=f.on, staff=_ref(f.staff), note=f.note) for f in follow_ups
        ],
    )


def _placement(resident: Resident, pk: int) -> PlacementOut:
    return placement_out(delivery.placements_of(resident).get(pk=pk))


@router.get(
    "/institution-residents/{resident_id}/services",
    response={200: list[ServiceLogOut], **READ_ERRORS},
)
@paginate(Pages)
def service_log_list(request: HttpRequest, resident_id: Id) -> list[ServiceLogOut]:
    """List a resident's sessions, newest first."""
    resident = delivery.access_resident(_reader(request), resident_id)
    return [log_out(log) for log in delivery.logs_of(resident)]


@router.post(
    "/institution-residents/{resident_id}/services",
    response={201: ServiceLogOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def service_log_create(request: HttpRequest, resident_id: Id, payload: ServiceLogIn) -> Status:
    """Log a session given to a resident (a refused applicant, a day outside the stay or in
    the future, a staff member of another institution or who left: 400 with its field)."""
    user = _reader(request)
    resident = delivery.access_resident(user, resident_id)
    log = delivery.service_log_add(
        acting_user=user,
        resident=resident,
        on=payload.on or timezone.localdate(),
        type=payload.type,
        minutes=payload.minutes,
        staff=_staff(user, payload.staff_id, "staff_id"),
        note=payload.note,
    )
    return Status(201, log_out(log))


@router.delete("/service-logs/{log_id}", response={204: None, **WRITE_ERRORS, **AUTH_ERRORS})
def service_log_remove(request: HttpRequest, log_id: Id) -> Status:
    """Take back a session logged by mistake (its author or an editor; audited)."""
    user = _reader(request)
    delivery.service_log_delete(acting_user=user, log=delivery.access_service_log(user, log_id))
    return Status(204, None)


@router.get(
    "/institutions/{institution_id}/services",
    response={200: ServiceMonthOut, 400: ErrorOut, **READ_ERRORS},
)
def service_month(
    request: HttpRequest, institution_id: Id, filters: Query[ServiceMonthQuery]
) -> ServiceMonthOut:
    """Return an institution's month: sessions and minutes by service type, by resident
    (those with none first) and in all, and the employment follow-ups due by today."""
    user = _reader(request)
    institution = register.access_institution(user, institution_id)
    month = parse_month(filters.month) if filters.month else this_month()
    summary = delivery.month_summary(institution, month)
    due = delivery.follow_ups_due(institution, timezone.localdate())
    return ServiceMonthOut(
        month=f"{month:%Y-%m}",
        total=TallyOut(sessions=summary.total.sessions, minutes=summary.total.minutes),
        by_type=[
            TypeTallyOut(type=ServiceType(t), sessions=tally.sessions, minutes=tally.minutes)
            for t, _label, tally in summary.by_type
        ],
        residents=[
            ResidentMonthOut(
                resident_id=row.resident.pk,
                person=PersonRefOut(id=row.resident.person_id, name=row.resident.person.name),
                sessions=row.total.sessions,
                minutes=row.total.minutes,
                by_type=[
                    TypeTallyOut(
                        type=ServiceType(t), sessions=tally.sessions, minutes=tally.minutes
                    )
                    for t, tally in row.by_type.items()
                ],
            )
            for row in summary.residents
        ],
        follow_ups_due=[
            FollowUpDueOut(
                placement_id=d.placement.pk,
                resident_id=d.placement.resident_id,
                person=PersonRefOut(
                    id=d.placement.resident.person_id, name=d.placement.resident.person.name
                ),
                employer=d.placement.employer,
                last_on=d.last_on,
                due_on=d.due_on,
                overdue=d.overdue,
            )
            for d in due
        ],
    )


@router.get(
    "/institution-residents/{resident_id}/placements",
    response={200: list[PlacementOut], **READ_ERRORS},
)
def placement_list(request: HttpRequest, resident_id: Id) -> list[PlacementOut]:
    """List a resident's supported-employment placements, newest first, with follow-ups."""
    resident = delivery.access_resident(_reader(request), resident_id)
    return [placement_out(p) for p in delivery.placements_of(resident)]


@router.post(
    "/institution-residents/{resident_id}/placements",
    response={201: PlacementOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def placement_create(request: HttpRequest, resident_id: Id, payload: PlacementIn) -> Status:
    """Record a resident's job with an ordinary employer."""
    user = _reader(request)
    resident = delivery.access_resident(user, resident_id)
    placement = delivery.placement_add(
        acting_user=user,
        resident=resident,
        employer=payload.employer,
        job=payload.job,
        started_on=payload.started_on,
        coach=_staff(user, payload.coach_id, "coach_id"),
        follow_up_days=payload.follow_up_days,
    )
    return Status(201, _placement(resident, placement.pk))


@router.get("/placements/{placement_id}", response={200: PlacementOut, **READ_ERRORS})
def placement_detail(request: HttpRequest, placement_id: Id) -> PlacementOut:
    """Return a placement with its follow-ups."""
    placement = delivery.access_placement(_reader(request), placement_id)
    return _placement(placement.resident, placement.pk)


@router.post(
    "/placements/{placement_id}/follow-ups",
    response={201: PlacementOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def follow_up_create(request: HttpRequest, placement_id: Id, payload: FollowUpIn) -> Status:
    """Record a follow-up; ``stable``: the job is stable and the follow-ups end."""
    user = _reader(request)
    placement = delivery.access_placement(user, placement_id)
    delivery.follow_up_add(
        acting_user=user,
        placement=placement,
        on=payload.on or timezone.localdate(),
        note=payload.note,
        staff=_staff(user, payload.staff_id, "staff_id"),
        stable=payload.stable,
    )
    return Status(201, _placement(placement.resident, placement.pk))


@router.post(
    "/placements/{placement_id}/end",
    response={200: PlacementOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def placement_finish(
    request: HttpRequest, placement_id: Id, payload: PlacementEndIn
) -> PlacementOut:
    """End a placement read at ``version`` (409 if it changed since)."""
    user = _reader(request)
    placement = delivery.access_placement(user, placement_id)
    delivery.placement_end(
        acting_user=user,
        placement=placement,
        ended_on=payload.ended_on,
        reason=payload.reason,
        version=payload.version,
    )
    return _placement(placement.resident, placement.pk)

"""An institution's residents through the API: list them (current, past or refused), apply
for a person, read one, record a leaving.

An application that was decided is created whatever the decision: 201 with ``decision``
``admitted`` (and ``started_on``) or ``refused`` (and the ``reason``, in the caller's
language) — a refusal is a record the county keeps, not an error. Bad input (a day in the
future, a mode the institution does not offer, a person already living in an institution,
a person off the caller's rosters) is 400 and nothing is saved. Scoped as the pages: an
institution or resident outside the caller's subtrees is 404, a role that reads no
institution 403; reading one resident is written in the access log. No ID numbers.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date
from enum import StrEnum

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id, PersonRefOut, Text200
from guanai.api.types import Date
from guanai.core.errors import ValidationFailed
from guanai.institutions import register, residents
from guanai.institutions.models import Decision, ResidenceMode
from guanai.institutions.residents import ResidentRow
from guanai.registry.selectors import current_categories_of_person, persons_on_roster

router = Router(tags=["institutions"])


class ResidentStatus(StrEnum):
    CURRENT = "current"
    PAST = "past"
    REFUSED = "refused"


class ResidentListIn(Pages.Input):
    status: ResidentStatus = Field(
        ResidentStatus.CURRENT,
        description="current: served now; past: left; refused: the refused applications.",
    )


class ResidentOut(Schema):
    id: int
    institution_id: int
    version: int
    person: PersonRefOut
    mode: ResidenceMode
    decision: Decision
    reason: str = Field(description="Why a refused application was refused.")
    applied_on: date
    started_on: date | None
    ended_on: date | None
    end_reason: str
    disability: str = Field(description="The disability in force today, type and grade.")


class ResidentPage(Schema):
    items: list[ResidentOut]
    count: int


class ResidentApplyIn(Schema):
    person_id: Id
    mode: ResidenceMode
    applied_on: Date
    started_on: Date | None = Field(None, description="Empty: the day of the application.")


class ResidentLeaveIn(Schema):
    ended_on: Date
    reason: Text200
    version: int = Field(ge=1, le=2**31 - 1, description="The version read.")


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    register.require_reader(user)
    return user


def resident_out(row: ResidentRow) -> ResidentOut:
    r = row.resident
    return ResidentOut(
        id=r.pk,
        institution_id=r.institution_id,
        version=r.version,
        person=PersonRefOut(id=r.person.pk, name=r.person.name),
        mode=ResidenceMode(r.mode),
        decision=Decision(r.decision),
        reason=r.reason,
        applied_on=r.applied_on,
        started_on=r.started_on,
        ended_on=r.ended_on,
        end_reason=r.end_reason,
        disability=row.disability,
    )


def _read(user: User, pk: int) -> ResidentOut:
    found = (
        residents.residents_visible(user)
        .filter(pk=pk)
        .prefetch_related(current_categories_of_person())
    )
    return resident_out(residents.rows_of(found)[0])


@router.get(
    "/institutions/{institution_id}/residents",
    response={200: ResidentPage, **READ_ERRORS, **AUTH_ERRORS},
)
def resident_list(
    request: HttpRequest, institution_id: Id, query: Query[ResidentListIn]
) -> ResidentPage:
    """List an institution's residents: current (the longest stay first), past (the latest
    leaving first) or the refused applications with their reasons."""
    user = _reader(request)
    institution = register.access_institution(user, institution_id)
    today = timezone.localdate()
    if query.status == ResidentStatus.PAST:
        found = residents.past_residents(institution, today)
    elif query.status == ResidentStatus.REFUSED:
        found = residents.refused_applications(institution)
    else:
        found = residents.current_residents(institution, today)
    size = query.page_size or Pages().page_size
    start = (query.page - 1) * size
    rows = residents.rows_of(found[start : start + size])
    return ResidentPage(items=[resident_out(r) for r in rows], count=found.count())


@router.post(
    "/institutions/{institution_id}/residents",
    response={201: ResidentOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def resident_create(request: HttpRequest, institution_id: Id, payload: ResidentApplyIn) -> Status:
    """Apply for a person on the caller's rosters; the decision and its reason come back."""
    user = _reader(request)
    institution = register.access_institution(user, institution_id)
    person = persons_on_roster(user).filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationFailed(_("Choose a person on your rosters."), field="person_id")
    resident = residents.resident_apply(
        acting_user=user,
        institution=institution,
        person=person,
        mode=payload.mode,
        applied_on=payload.applied_on,
        started_on=payload.started_on,
    )
    return Status(201, _read(user, resident.pk))


@router.get(
    "/institution-residents/{resident_id}",
    response={200: ResidentOut, **READ_ERRORS, **AUTH_ERRORS},
)
def resident_detail(request: HttpRequest, resident_id: Id) -> ResidentOut:
    """Return a resident or application (the read is written in the access log)."""
    user = _reader(request)
    return _read(user, residents.resident_read(user, resident_id, request=request).pk)


@router.put(
    "/institution-residents/{resident_id}",
    response={200: ResidentOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def resident_leave(request: HttpRequest, resident_id: Id, payload: ResidentLeaveIn) -> ResidentOut:
    """Record that an admitted resident left, at the ``version`` read."""
    user = _reader(request)
    resident = residents.access_resident(user, resident_id)
    residents.resident_leave(
        acting_user=user,
        resident=resident,
        ended_on=payload.ended_on,
        reason=payload.reason,
        version=payload.version,
    )
    return _read(user, resident_id)

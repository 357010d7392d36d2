"""An institution's staff through the API: add, read, change a staff member, record a
certificate or a training. Scoped as the pages: staff of an institution outside the
caller's subtrees are 404."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.institutions.schemas import (
    QualificationIn,
    QualificationOut,
    StaffIn,
    StaffOut,
    StaffUpdateIn,
    TrainingIn,
    TrainingOut,
)
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id
from guanai.institutions import register, roster
from guanai.institutions.models import Staff, StaffRole

router = Router(tags=["institutions"])


def staff_out(s: Staff) -> StaffOut:
    """Return a staff member read with ``roster.with_records``."""
    return StaffOut(
        id=s.pk,
        institution_id=s.institution_id,
        version=s.version,
        name=s.name,
        role=StaffRole(s.role),
        birth_date=s.birth_date,
        full_time=s.full_time,
        relevant_study=s.relevant_study,
        is_active=s.is_active,
        qualifications=[QualificationOut.from_orm(q) for q in s.qualifications.all()],
        trainings=[TrainingOut.from_orm(t) for t in s.trainings.all()],
    )


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    register.require_reader(user)
    return user


def _read(user: User, pk: int) -> StaffOut:
    return staff_out(roster.with_records(roster.staff_visible(user).filter(pk=pk)).get())


def _data(payload: StaffIn | StaffUpdateIn) -> roster.StaffData:
    return roster.StaffData(**payload.dict(exclude={"version"}))


@router.post(
    "/institutions/{institution_id}/staff",
    response={201: StaffOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def staff_create(request: HttpRequest, institution_id: Id, payload: StaffIn) -> Status:
    """Add a staff member to an institution's roster."""
    user = _reader(request)
    institution = register.access_institution(user, institution_id)
    staff = roster.staff_add(
        acting_user=user,
        institution=institution,
        data=_data(payload),
        today=timezone.localdate(),
    )
    return Status(201, _read(user, staff.pk))


@router.get("/institution-staff/{staff_id}", response={200: StaffOut, **READ_ERRORS})
def staff_detail(request: HttpRequest, staff_id: Id) -> StaffOut:
    """Return a staff member with their certificates and trainings."""
    user = _reader(request)
    return _read(user, roster.access_staff(user, staff_id).pk)


@router.put("/institution-staff/{staff_id}", response={200: StaffOut, **EDIT_ERRORS, **AUTH_ERRORS})
def staff_update(request: HttpRequest, staff_id: Id, payload: StaffUpdateIn) -> StaffOut:
    """Change a staff member read at ``version``."""
    user = _reader(request)
    staff = roster.access_staff(user, staff_id)
    roster.staff_update(
        acting_user=user,
        staff=staff,
        data=_data(payload),
        version=payload.version,
        today=timezone.localdate(),
    )
    return _read(user, staff_id)


@router.post(
    "/institution-staff/{staff_id}/trainings",
    response={201: StaffOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def training_create(request: HttpRequest, staff_id: Id, payload: TrainingIn) -> Status:
    """Record a training the staff member attended."""
    user = _reader(request)
    staff = roster.access_staff(user, staff_id)
    roster.training_add(
        acting_user=user, staff=staff, on=payload.on, title=payload.title, kind=payload.kind
    )
    return Status(201, _read(user, staff_id))


@router.post(
    "/institution-staff/{staff_id}/certificates",
    response={201: StaffOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def qualification_create(request: HttpRequest, staff_id: Id, payload: QualificationIn) -> Status:
    """Record a certificate the staff member holds (no ``expires_on``: it does not expire)."""
    user = _reader(request)
    staff = roster.access_staff(user, staff_id)
    roster.qualification_add(acting_user=user, staff=staff, **payload.dict())
    return Status(201, _read(user, staff_id))

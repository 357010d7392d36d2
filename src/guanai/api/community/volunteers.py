"""Volunteers and volunteer visits through the API: the group's volunteers (list, add,
change), visits (list, open on an event, one with its roles and shifts), sign-up up to the
cap, roles, check-in and check-out on the visit's day, a coordinator's correction of a
shift with its reason, the host's confirmation.

Every operation reads through ``community.volunteers`` (scoped: a volunteer or visit
outside the caller's scope is 404) and writes through its services, which refuse bad input
(400), a caller who may not (403) and a stale ``version`` (409), as the pages do.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.activities.events import access_event
from guanai.api.auth import acting_user
from guanai.api.community.volunteer_schemas import (
    ConfirmedOut,
    GroupHoursOut,
    GroupHoursQuery,
    RoleIn,
    ServiceShiftOut,
    ShiftCorrectIn,
    SignUpIn,
    VisitCapIn,
    VisitDetailOut,
    VisitOpenIn,
    VisitOut,
    VisitQuery,
    VisitRoleOut,
    VolunteerCreateIn,
    VolunteerFields,
    VolunteerIn,
    VolunteerOut,
    VolunteerQuery,
    VolunteerUpdateIn,
)
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id, RefOut, UnitRefOut
from guanai.community import volunteers
from guanai.community.models import VisitRole, VisitRoleKind, Volunteer, VolunteerVisit
from guanai.community.volunteers import selectors, shifts, visits
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit

router = Router(tags=["community"])


def _account(user: User, user_id: int | None) -> User | None:
    """Return the account named, among those the caller sees holding the volunteer role."""
    if user_id is None:
        return None
    found = (
        scoping.users_visible(user)
        .filter(memberships__in=scoping.memberships_in_force().filter(role=Role.VOLUNTEER))
        .filter(pk=user_id)
        .first()
    )
    if found is None:
        raise ValidationFailed(
            _("Name an account you see that holds a volunteer role."), field="user_id"
        )
    return found


def _data(user: User, payload: VolunteerFields, phone: str | None) -> volunteers.VolunteerData:
    return volunteers.VolunteerData(
        name=payload.name,
        joined_on=payload.joined_on,
        phone=phone,
        skills=[s.value for s in payload.skills],
        skills_note=payload.skills_note,
        availability=payload.availability,
        is_active=payload.is_active,
        user=_account(user, payload.user_id),
    )


def _read_volunteer(user: User, pk: int) -> Volunteer:
    """Return a volunteer as it is now, with this year's hours (404 outside scope)."""
    year = timezone.localdate().year
    return get_object_or_404(selectors.volunteers_list(user, year=year), pk=pk)


@router.get("/community/volunteers", response={200: list[VolunteerOut], **READ_ERRORS})
@paginate(Pages)
def volunteer_list(request: HttpRequest, filters: Query[VolunteerQuery]) -> QuerySet[Volunteer]:
    """List the volunteers the caller sees (a volunteer: their own record), in name order,
    each with the confirmed hours of the year."""
    user = acting_user(request)
    group = None
    if filters.group_id is not None:
        group = get_object_or_404(volunteers.groups_read(user), pk=filters.group_id)
    return selectors.volunteers_list(
        user, year=filters.year or timezone.localdate().year, group=group, search=filters.q
    )


@router.post("/community/volunteers", response={201: VolunteerOut, **WRITE_ERRORS, **AUTH_ERRORS})
def volunteer_create(request: HttpRequest, payload: VolunteerCreateIn) -> Status:
    """Add a volunteer to a group the caller keeps."""
    user = acting_user(request)
    group = get_object_or_404(volunteers.groups_read(user), pk=payload.group_id)
    volunteer = volunteers.volunteer_add(
        acting_user=user, group=group, data=_data(user, payload, payload.phone)
    )
    return Status(201, _read_volunteer(user, volunteer.pk))


@router.get("/community/volunteers/{volunteer_id}", response={200: VolunteerOut, **READ_ERRORS})
def volunteer_detail(request: HttpRequest, volunteer_id: Id) -> Volunteer:
    """Return a volunteer with the confirmed hours of this year."""
    return _read_volunteer(acting_user(request), volunteer_id)


@router.put(
    "/community/volunteers/{volunteer_id}",
    response={200: VolunteerOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def volunteer_update(
    request: HttpRequest, volunteer_id: Id, payload: VolunteerUpdateIn
) -> Volunteer:
    """Change a volunteer opened at ``version``."""
    user = acting_user(request)
    volunteer = volunteers.access_volunteer(user, volunteer_id)
    volunteers.volunteer_update(
        acting_user=user,
        volunteer=volunteer,
        data=_data(user, payload, payload.phone),
        version=payload.version,
    )
    return _read_volunteer(user, volunteer_id)


def _visit_detail(visit: VolunteerVisit) -> VisitDetailOut:
    sheet = volunteers.visit_sheet(visit)
    roles = [r for group in sheet.roles for r in group.roles] + sheet.participants
    event = visit.event
    return VisitDetailOut(
        id=visit.pk,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        host=UnitRefOut(id=event.org_unit_id, name=event.org_unit.name),
        group=UnitRefOut(id=visit.group_id, name=visit.group.name),
        volunteer_cap=visit.volunteer_cap,
        signed_count=sheet.signed,
        roles=[
            VisitRoleOut(
                id=r.pk,
                volunteer=RefOut(id=r.volunteer_id, name=r.volunteer.name),
                role=VisitRoleKind(r.role),
            )
            for r in roles
        ],
        shifts=[
            ServiceShiftOut(
                volunteer=RefOut(id=s.volunteer_id, name=s.volunteer.name),
                in_at=s.in_at,
                out_at=s.out_at,
                hours=s.hours,
                confirmed_at=s.confirmed_at,
            )
            for s in sheet.shifts.values()
        ],
    )


@router.get("/community/volunteer-hours", response={200: list[GroupHoursOut], **READ_ERRORS})
def group_hours(request: HttpRequest, filters: Query[GroupHoursQuery]) -> QuerySet[OrgUnit]:
    """Return the volunteer groups the caller reads with their year: active volunteers,
    those who served and the confirmed service hours."""
    year = filters.year or timezone.localdate().year
    return volunteers.hours_by_group(acting_user(request), year)


@router.get("/community/visits", response={200: list[VisitOut], **READ_ERRORS})
@paginate(Pages)
def visit_list(request: HttpRequest, filters: Query[VisitQuery]) -> QuerySet[VolunteerVisit]:
    """List the volunteer visits the caller sees, latest first, with the number signed up."""
    user = acting_user(request)
    found = volunteers.visits_list(user)
    if filters.group_id is not None:
        group: OrgUnit = get_object_or_404(volunteers.groups_read(user), pk=filters.group_id)
        found = found.filter(group=group)
    return found


@router.post("/community/visits", response={201: VisitDetailOut, **WRITE_ERRORS, **AUTH_ERRORS})
def visit_open(request: HttpRequest, payload: VisitOpenIn) -> Status:
    """Open an event of kind volunteer visit, held by the caller's unit, to a volunteer
    group of its county, with a cap of volunteers."""
    user = acting_user(request)
    event = access_event(user, payload.event_id)
    group = get_object_or_404(volunteers.groups_near(event.org_unit), pk=payload.group_id)
    visit = visits.visit_open(
        acting_user=user, event=event, group=group, volunteer_cap=payload.volunteer_cap
    )
    return Status(201, _visit_detail(volunteers.access_visit(user, visit.pk)))


@router.get("/community/visits/{visit_id}", response={200: VisitDetailOut, **READ_ERRORS})
def visit_detail(request: HttpRequest, visit_id: Id) -> VisitDetailOut:
    """Return a visit with its roles (participants are the sign-ups) and shifts."""
    return _visit_detail(volunteers.access_visit(acting_user(request), visit_id))


@router.put(
    "/community/visits/{visit_id}",
    response={200: VisitDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def visit_cap_set(request: HttpRequest, visit_id: Id, payload: VisitCapIn) -> VisitDetailOut:
    """Change the cap of volunteers (the host unit); never below those signed up."""
    user = acting_user(request)
    visit = volunteers.access_visit(user, visit_id)
    visits.visit_cap_set(acting_user=user, visit=visit, volunteer_cap=payload.volunteer_cap)
    return _visit_detail(visit)


def _group_volunteer(visit: VolunteerVisit, volunteer_id: int) -> Volunteer:
    return get_object_or_404(
        Volunteer.objects.filter(group=visit.group).select_related("group"), pk=volunteer_id
    )


@router.post(
    "/community/visits/{visit_id}/sign-ups",
    response={200: VisitDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def sign_up(request: HttpRequest, visit_id: Id, payload: SignUpIn) -> VisitDetailOut:
    """Sign volunteers of the visit's group up, up to the cap: past it nobody is."""
    user = acting_user(request)
    visit = volunteers.access_visit(user, visit_id)
    ids = set(payload.volunteer_ids)
    if not ids:
        raise ValidationFailed(_("Choose the volunteers to sign up."), field="volunteer_ids")
    chosen = list(Volunteer.objects.filter(group=visit.group, pk__in=ids).select_related("group"))
    if len(chosen) != len(ids):
        raise ValidationFailed(
            _("Some of the volunteers chosen are not of the visit's group."),
            field="volunteer_ids",
        )
    visits.visit_sign_up(acting_user=user, visit=visit, volunteers=chosen)
    return _visit_detail(visit)


@router.delete(
    "/community/visits/{visit_id}/sign-ups/{volunteer_id}",
    response={200: VisitDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def sign_up_cancel(request: HttpRequest, visit_id: Id, volunteer_id: Id) -> VisitDetailOut:
    """Take a volunteer off the participants (not once checked in)."""
    user = acting_user(request)
    visit = volunteers.access_visit(user, visit_id)
    volunteer = _group_volunteer(visit, volunteer_id)
    visits.visit_sign_up_cancel(acting_user=user, visit=visit, volunteer=volunteer)
    return _visit_detail(visit)


@router.post(
    "/community/visits/{visit_id}/roles",
    response={200: VisitDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def role_add(request: HttpRequest, visit_id: Id, payload: RoleIn) -> VisitDetailOut:
    """Give a volunteer of the group a role of the thank-you list (several are allowed)."""
    user = acting_user(request)
    visit = volunteers.access_visit(user, visit_id)
    volunteer = _group_volunteer(visit, payload.volunteer_id)
    visits.visit_role_add(acting_user=user, visit=visit, volunteer=volunteer, role=payload.role)
    return _visit_detail(visit)


@router.delete(
    "/community/visits/{visit_id}/roles/{role_id}",
    response={200: VisitDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def role_remove(request: HttpRequest, visit_id: Id, role_id: Id) -> VisitDetailOut:
    """Take a role away (a participant's: the sign-up is cancelled)."""
    user = acting_user(request)
    visit = volunteers.access_visit(user, visit_id)
    role = get_object_or_404(
        VisitRole.objects.filter(visit=visit).select_related("volunteer"), pk=role_id
    )
    visits.visit_role_remove(acting_user=user, visit=visit, role=role)
    return _visit_detail(visit)


@router.post(
    "/community/visits/{visit_id}/check-in",
    response={200: VisitDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def check_in(request: HttpRequest, visit_id: Id, payload: VolunteerIn) -> VisitDetailOut:
    """Record that a signed-up volunteer arrived, now: on the visit's day only."""
    user = acting_user(request)
    visit = volunteers.access_visit(user, visit_id)
    volunteer = _group_volunteer(visit, payload.volunteer_id)
    shifts.check_in(acting_user=user, visit=visit, volunteer=volunteer)
    return _visit_detail(visit)


@router.post(
    "/community/visits/{visit_id}/check-out",
    response={200: VisitDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def check_out(request: HttpRequest, visit_id: Id, payload: VolunteerIn) -> VisitDetailOut:
    """Record that the volunteer left, now; the shift's hours follow (to the half hour).
    Taken on the visit's day, or after a night visit until four hours after its end."""
    user = acting_user(request)
    visit = volunteers.access_visit(user, visit_id)
    volunteer = _group_volunteer(visit, payload.volunteer_id)
    shifts.check_out(acting_user=user, visit=visit, volunteer=volunteer)
    return _visit_detail(visit)


@router.post(
    "/community/visits/{visit_id}/confirm",
    response={200: ConfirmedOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def confirm(request: HttpRequest, visit_id: Id) -> ConfirmedOut:
    """Confirm every finished shift of the visit (the host unit's leaders and workers)."""
    user = acting_user(request)
    visit = volunteers.access_visit(user, visit_id)
    return ConfirmedOut(confirmed=shifts.shifts_confirm_all(acting_user=user, visit=visit))


@router.put(
    "/community/visits/{visit_id}/shifts/{volunteer_id}",
    response={200: VisitDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def shift_correct(
    request: HttpRequest, visit_id: Id, volunteer_id: Id, payload: ShiftCorrectIn
) -> VisitDetailOut:
    """Correct a signed-up volunteer's check-in and check-out, or record a shift they
    forgot, with the reason (the group's coordinators and the host unit); refused once the
    host has confirmed the hours. The hours follow; the access log keeps the reason."""
    user = acting_user(request)
    visit = volunteers.access_visit(user, visit_id)
    volunteer = _group_volunteer(visit, volunteer_id)
    shifts.shift_correct(
        acting_user=user,
        visit=visit,
        volunteer=volunteer,
        in_at=payload.in_at,
        out_at=payload.out_at,
        reason=payload.reason,
    )
    return _visit_detail(visit)

"""Eligible but not served and targets through the API, as the pages (``inkind.coverage``):
a unit's summary per service, the not-served list of one service, the targets with their
progress by year, set, changed and archived by a leader over the unit.

Scoped as the pages: a unit or target outside the caller's scope is 404, a role that reads
no unit's lists 403; the same services refuse bad input with 400 and change nothing, a
stale version 409. No ID or phone numbers are given.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Id,
    PersonRefOut,
    RefOut,
    Text100,
    Text2000,
    UnitRefOut,
)
from guanai.api.types import Bool
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.inkind import access, coverage
from guanai.inkind.coverage.progress import Progress, TargetStatus
from guanai.inkind.coverage.selectors import active_services
from guanai.inkind.models import ApplicationStatus, Measure, Service, ServiceTarget
from guanai.orgs.models import OrgUnit

router = Router(tags=["inkind"])

SERVICE_EXAMPLE = "wheelchair"


class InkindCoverageRowOut(Schema):
    service: str = Field(description="The service's code.")
    name: str
    eligible: int = Field(description="Persons of the subtree who qualify today.")
    served: int = Field(description="Persons of the subtree delivered it, qualifying or not.")
    not_served: int = Field(description="Persons who qualify and were never delivered it.")


class InkindCoverageOut(Schema):
    unit: UnitRefOut
    on: date
    services: list[InkindCoverageRowOut]


class InkindOpenRequestOut(Schema):
    id: int
    status: ApplicationStatus


class InkindNotServedOut(Schema):
    person: PersonRefOut
    unit: UnitRefOut
    age: int | None
    where: str = Field(description="The person's school, village or unit.")
    categories: list[str]
    reasons: list[str] = Field(description="The conditions of the rules the person meets.")
    open_request: InkindOpenRequestOut | None


class InkindNotServedPage(Schema):
    items: list[InkindNotServedOut]
    count: int


class InkindNotServedQuery(Pages.Input):
    unit_id: Id | None = Field(None, description="Default: the caller's first unit.")
    service: str = Field(
        max_length=40, description="The service's code.", examples=[SERVICE_EXAMPLE]
    )


class InkindTargetYearOut(Schema):
    year: int
    when: str = Field(description="past, current or future.")
    delivered: int
    cumulative: int
    remaining: int | None
    rate: int | None = Field(description="Whole percent reached; none for a future year.")


class InkindTargetOut(Schema):
    id: int
    version: int
    unit: UnitRefOut
    service: RefOut
    service_code: str
    title: str
    start_year: int
    end_year: int
    measure: Measure
    goal: int | None
    note: str
    archived: bool
    status: TargetStatus
    this_year: InkindTargetYearOut
    years: list[InkindTargetYearOut] = Field(description="Every year (the detail only).")


class InkindTargetPage(Schema):
    items: list[InkindTargetOut]
    count: int


class InkindTargetQuery(Pages.Input):
    unit_id: Id | None = Field(None, description="Targets of this unit and those below it.")
    archived: Bool = False


class InkindTargetIn(Schema):
    unit_id: Id
    service: str = Field(max_length=40, examples=[SERVICE_EXAMPLE])
    title: Text100
    start_year: int = Field(ge=1, le=9999)
    end_year: int = Field(ge=1, le=9999)
    measure: Measure
    goal: int | None = Field(None, ge=0, le=2**31 - 1)
    note: Text2000 = ""


class InkindTargetPatchIn(Schema):
    version: int = Field(ge=1, le=2**31 - 1, description="The version read.")
    service: str | None = Field(None, max_length=40)
    title: Text100 | None = None
    start_year: int | None = Field(None, ge=1, le=9999)
    end_year: int | None = Field(None, ge=1, le=9999)
    measure: Measure | None = None
    goal: int | None = Field(None, ge=0, le=2**31 - 1)
    note: Text2000 | None = None


class InkindTargetArchiveIn(Schema):
    version: int = Field(ge=1, le=2**31 - 1, description="The version read.")


def _unit_out(unit: OrgUnit) -> UnitRefOut:
    return UnitRefOut(id=unit.pk, name=unit.name)


def _coverage_unit(user: User, unit_id: int | None) -> OrgUnit:
    if unit_id is not None:
        return coverage.access_coverage_unit(user, unit_id)
    units = access.coverage_units(user)
    if not units:
        raise PermissionRefused(_("Eligible but not served lists are for the roster roles."))
    return units[0]


@router.get("/inkind/coverage", response={200: InkindCoverageOut, **READ_ERRORS, 403: ErrorOut})
def coverage_summary(request: HttpRequest, unit_id: Id | None = None) -> InkindCoverageOut:
    """For every service in use: the persons of the unit's subtree who qualify today, who
    were served, and who qualify and were not served."""
    user = acting_user(request)
    unit = _coverage_unit(user, unit_id)
    today = timezone.localdate()
    rows = coverage.coverage_summary(unit, today)
    return InkindCoverageOut(
        unit=_unit_out(unit),
        on=today,
        services=[
            InkindCoverageRowOut(
                service=r.service.code,
                name=r.service.name,
                eligible=r.eligible,
                served=r.served,
                not_served=r.not_served,
            )
            for r in rows
        ],
    )


@router.get("/inkind/not-served", response={200: InkindNotServedPage, **READ_ERRORS, 403: ErrorOut})
def not_served_list(
    request: HttpRequest, filters: Query[InkindNotServedQuery]
) -> InkindNotServedPage:
    """The persons of the unit's subtree who qualify for the service today and were never
    delivered it, in roster order, with why they qualify and their open request."""
    user = acting_user(request)
    unit = _coverage_unit(user, filters.unit_id)
    service = get_object_or_404(active_services(), code=filters.service)
    today = timezone.localdate()
    found = coverage.not_served(unit, service, today)
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    rows = coverage.not_served_rows(list(found[start : start + size]), service, today)
    return InkindNotServedPage(
        items=[
            InkindNotServedOut(
                person=PersonRefOut(id=r.person.pk, name=r.person.name),
                unit=_unit_out(r.person.org_unit),
                age=r.age,
                where=r.where,
                categories=r.categories,
                reasons=r.reasons,
                open_request=None
                if r.open_id is None
                else InkindOpenRequestOut(id=r.open_id, status=ApplicationStatus(r.open_status)),
            )
            for r in rows
        ],
        count=found.count(),
    )


def _year_out(y: coverage.YearProgress) -> InkindTargetYearOut:
    return InkindTargetYearOut(
        year=y.year,
        when=y.when,
        delivered=y.delivered,
        cumulative=y.cumulative,
        remaining=y.remaining,
        rate=y.rate,
    )


def _target_out(t: ServiceTarget, progress: Progress, *, every_year: bool) -> InkindTargetOut:
    return InkindTargetOut(
        id=t.pk,
        version=t.version,
        unit=_unit_out(t.org_unit),
        service=RefOut(id=t.service.pk, name=t.service.name),
        service_code=t.service.code,
        title=t.title,
        start_year=t.start_year,
        end_year=t.end_year,
        measure=Measure(t.measure),
        goal=t.goal,
        note=t.note,
        archived=t.archived_at is not None,
        status=progress.status,
        this_year=_year_out(progress.shown),
        years=[_year_out(y) for y in progress.years] if every_year else [],
    )


def _detail(target: ServiceTarget) -> InkindTargetOut:
    progress = coverage.target_progress(target, timezone.localdate())
    return _target_out(target, progress, every_year=True)


def _service(code: str, current: Service | None = None) -> Service:
    """The service of a target: one in use (or the target's own), else 400."""
    found = Service.objects.filter(Q(active=True) | Q(pk=getattr(current, "pk", None)))
    service = found.filter(code=code).first()
    if service is None:
        raise ValidationFailed(_("Choose a service of the catalogue in use."), field="service")
    return service


@router.get("/inkind/targets", response={200: InkindTargetPage, **READ_ERRORS, 403: ErrorOut})
def target_list(request: HttpRequest, filters: Query[InkindTargetQuery]) -> InkindTargetPage:
    """The targets the caller reads (of their units, those below and above), with the
    progress of the year shown; ``unit_id`` keeps those of that unit and below."""
    user = acting_user(request)
    unit = None if filters.unit_id is None else coverage.targets_unit(user, filters.unit_id)
    if not scoping.units_for(user, scoping.ROSTER_ROLES):
        raise PermissionRefused(_("Targets are read by the roster roles."))
    found = coverage.targets_of(user, unit, archived=filters.archived)
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    rows = coverage.targets_with_progress(list(found[start : start + size]), timezone.localdate())
    return InkindTargetPage(
        items=[_target_out(r.target, r.progress, every_year=False) for r in rows],
        count=found.count(),
    )


@router.post("/inkind/targets", response={201: InkindTargetOut, **WRITE_ERRORS, **AUTH_ERRORS})
def target_create(request: HttpRequest, payload: InkindTargetIn) -> Status:
    """Set a target of a unit the caller leads (or a unit below it)."""
    user = acting_user(request)
    unit = coverage.targets_unit(user, payload.unit_id)
    target = coverage.target_create(
        user,
        unit=unit,
        data=coverage.TargetData(
            service=_service(payload.service),
            title=payload.title,
            start_year=payload.start_year,
            end_year=payload.end_year,
            measure=payload.measure.value,
            goal=payload.goal,
            note=payload.note,
        ),
    )
    return Status(201, _detail(target))


@router.get(
    "/inkind/targets/{target_id}", response={200: InkindTargetOut, **READ_ERRORS, 403: ErrorOut}
)
def target_detail(request: HttpRequest, target_id: Id) -> InkindTargetOut:
    """The target with its progress year by year."""
    user = acting_user(request)
    return _detail(access.access_target(user, target_id))


@router.patch(
    "/inkind/targets/{target_id}", response={200: InkindTargetOut, **EDIT_ERRORS, **AUTH_ERRORS}
)
def target_update(
    request: HttpRequest, target_id: Id, payload: InkindTargetPatchIn
) -> InkindTargetOut:
    """Change what is sent of the target (a leader of its unit or above); the rest stays."""
    user = acting_user(request)
    target = access.access_target(user, target_id)
    sent = payload.model_dump(exclude_unset=True)
    measure = sent.get("measure")
    changed = coverage.target_update(
        user,
        target,
        version=payload.version,
        data=coverage.TargetData(
            service=_service(sent["service"], target.service)
            if sent.get("service")
            else target.service,
            title=sent["title"] if sent.get("title") is not None else target.title,
            start_year=sent.get("start_year") or target.start_year,
            end_year=sent.get("end_year") or target.end_year,
            measure=Measure(measure).value if measure else target.measure,
            goal=sent.get("goal", target.goal),
            note=sent["note"] if sent.get("note") is not None else target.note,
        ),
    )
    return _detail(changed)


@router.post(
    "/inkind/targets/{target_id}/archive",
    response={200: InkindTargetOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def target_archive(
    request: HttpRequest, target_id: Id, payload: InkindTargetArchiveIn
) -> InkindTargetOut:
    """Archive the target: it leaves the lists and the reports, and is kept."""
    user = acting_user(request)
    target = access.access_target(user, target_id)
    return _detail(coverage.target_archive(user, target, version=payload.version))

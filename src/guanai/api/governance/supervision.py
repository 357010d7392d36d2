"""Supervision visits and rectifications through the API (督查整改).

``/governance/visits`` lists the visits the caller reads (made by their units or received;
filtered by unit and year; paginated) and records one; ``/governance/visits/{visit_id}``
reads one with its checklist and findings and changes it (``PUT``, with the version read:
409 when stale). ``/governance/checklist`` gives the lines the data offers for a unit on a
day, as the visit form pre-fills them. ``/governance/rectifications/{rectification_id}``
reads a rectification with its reports; ``/report`` (``multipart/form-data``: the text, a
linked record and JPEG or PNG photos), ``/accept`` and ``/return`` (a reason required) are
the steps, each with the version read. A report's photo is
``/governance/rectification-photos/{photo_id}``.

The same services as the pages (``governance.supervision``): bad input is 400 with the
message a clerk reads and nothing changes; a step the caller may not take is 403; anything
outside the caller's scope is 404.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Query, Router, UploadedFile
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.governance.supervision_schemas import (
    GovernanceAcceptIn,
    GovernanceCheckOut,
    GovernanceLineOut,
    GovernancePhotoOut,
    GovernanceRectificationDetailOut,
    GovernanceRectificationOut,
    GovernanceReportIn,
    GovernanceReportOut,
    GovernanceReturnIn,
    GovernanceVisitDetailOut,
    GovernanceVisitIn,
    GovernanceVisitOut,
    GovernanceVisitPage,
    GovernanceVisitQuery,
    GovernanceVisitUpdateIn,
)
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    PHOTO_OPENAPI,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    UnitRefOut,
)
from guanai.api.types import Date
from guanai.core.photos import photo_response
from guanai.governance import extensions
from guanai.governance.access import own_q
from guanai.governance.models import (
    CheckVerdict,
    Rectification,
    RectificationStatus,
    ReportDecision,
    Visit,
)
from guanai.governance.supervision import (
    CheckData,
    FindingData,
    VisitData,
    access,
    days_overdue,
    rectification_accept,
    rectification_detail,
    rectification_report,
    rectification_return,
    visit_detail,
    visit_record,
    visit_update,
    visits_search,
)
from guanai.governance.supervision.timing import is_on_time
from guanai.orgs.models import OrgUnit

router = Router(tags=["governance"])


def _unit(unit: OrgUnit) -> UnitRefOut:
    return UnitRefOut(id=unit.pk, name=unit.name)


def _rectification(r: Rectification, today: date) -> dict[str, Any]:
    return {
        "id": r.pk,
        "version": r.version,
        "org_unit": _unit(r.org_unit),
        "finding": r.finding,
        "required": r.required,
        "deadline": r.deadline,
        "status": RectificationStatus(r.status),
        "days_overdue": days_overdue(r, today),
        "rectified_on": r.rectified_on,
        "on_time": is_on_time(r.status, r.deadline, r.rectified_on),
    }


def _visit(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "version": visit.version,
        "org_unit": _unit(visit.org_unit),
        "inspected": _unit(visit.inspected),
        "visited_on": visit.visited_on,
        "team": visit.team,
    }


def _visit_detail(user: User, visit_id: int) -> GovernanceVisitDetailOut:
    today = timezone.localdate()
    visit = visit_detail(user, visit_id)
    rows = list(visit.rectifications.all())
    return GovernanceVisitDetailOut(
        **_visit(visit),
        findings=len(rows),
        open=sum(1 for r in rows if r.status != RectificationStatus.ACCEPTED),
        overdue=sum(1 for r in rows if days_overdue(r, today) is not None),
        summary=visit.summary,
        checks=[
            GovernanceCheckOut(
                label=c.label, source=c.source, figure=c.figure, verdict=CheckVerdict(c.verdict)
            )
            for c in visit.checks.all()
        ],
        rectifications=[GovernanceRectificationOut(**_rectification(r, today)) for r in rows],
    )


def _visit_data(user: User, payload: GovernanceVisitIn) -> VisitData:
    units = {
        u.pk: u
        for u in OrgUnit.objects.filter(
            own_q(user, "path"),
            pk__in={
                payload.org_unit_id,
                payload.inspected_id,
                *(f.org_unit_id for f in payload.findings if f.org_unit_id),
            },
        )
    }

    def unit(pk: int) -> OrgUnit:
        if pk not in units:
            raise Http404
        return units[pk]

    return VisitData(
        org_unit=unit(payload.org_unit_id),
        inspected=unit(payload.inspected_id),
        visited_on=payload.visited_on,
        team=payload.team,
        summary=payload.summary,
        checks=[
            CheckData(
                label=c.label,
                source=c.source,
                figure=c.figure,
                verdict=c.verdict.value,
                note=c.note,
            )
            for c in payload.checks
        ],
        findings=[
            FindingData(
                finding=f.finding,
                required=f.required,
                deadline=f.deadline,
                org_unit=unit(f.org_unit_id) if f.org_unit_id else None,
                pk=f.id,
            )
            for f in payload.findings
        ],
    )


def _held(user: User, rectification_id: int) -> Rectification:
    """Return a rectification the caller reads, or raise Http404, for a step on it.

    Not ``access.access_rectification``: the answer reads it through that again, and the
    same look-up twice in one request reads as an N+1 to django-zeal.
    """
    return get_object_or_404(access.rectifications_visible(user), pk=rectification_id)


def _rectification_detail(user: User, rectification_id: int) -> GovernanceRectificationDetailOut:
    r = rectification_detail(user, rectification_id)
    return GovernanceRectificationDetailOut(
        **_rectification(r, timezone.localdate()),
        visit_id=r.visit_id,
        office=_unit(r.visit.org_unit),
        accepted_at=r.accepted_at,
        reports=[
            GovernanceReportOut(
                id=report.pk,
                text=report.text,
                link=report.link,
                submitted_on=report.submitted_on,
                decision=ReportDecision(report.decision),
                decision_note=report.decision_note,
                decided_at=report.decided_at,
                photos=[
                    GovernancePhotoOut(
                        id=photo.pk,
                        url=reverse("api:governance_rectification_photo", args=[photo.pk]),
                    )
                    for photo in report.photos.all()
                ],
            )
            for report in r.reports.all()
        ],
    )


@router.get("/governance/visits", response={200: GovernanceVisitPage, **READ_ERRORS})
def visit_list(request: HttpRequest, filters: Query[GovernanceVisitQuery]) -> GovernanceVisitPage:
    """The visits the caller's units made or received, the latest first."""
    user = acting_user(request)
    unit = None if filters.unit_id is None else access.access_unit(user, filters.unit_id)
    rows = visits_search(user, timezone.localdate(), unit=unit, year=filters.year)
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    return GovernanceVisitPage(
        items=[
            GovernanceVisitOut(
                **_visit(v),
                findings=v.findings,  # type: ignore[attr-defined]
                open=v.open_count,  # type: ignore[attr-defined]
                overdue=v.overdue_count,  # type: ignore[attr-defined]
            )
            for v in rows[start : start + size]
        ],
        count=rows.count(),
    )


@router.post("/governance/visits", response={201: GovernanceVisitDetailOut, **WRITE_ERRORS})
def visit_new(request: HttpRequest, payload: GovernanceVisitIn) -> Status:
    """Record a visit by a unit the caller manages to a unit below it, with its checklist
    and its findings, each to rectify by its deadline."""
    user = acting_user(request)
    visit = visit_record(user, _visit_data(user, payload))
    return Status(201, _visit_detail(user, visit.pk))


@router.get(
    "/governance/visits/{visit_id}", response={200: GovernanceVisitDetailOut, **READ_ERRORS}
)
def visit_read(request: HttpRequest, visit_id: Id) -> GovernanceVisitDetailOut:
    return _visit_detail(acting_user(request), visit_id)


@router.put(
    "/governance/visits/{visit_id}", response={200: GovernanceVisitDetailOut, **EDIT_ERRORS}
)
def visit_change(
    request: HttpRequest, visit_id: Id, payload: GovernanceVisitUpdateIn
) -> GovernanceVisitDetailOut:
    """Change a visit: the checklist is replaced; a finding the unit reported on stays."""
    user = acting_user(request)
    # Not ``access.access_visit``, which the answer calls again (see ``_held``).
    visit = get_object_or_404(access.visits_visible(user), pk=visit_id)
    visit_update(user, visit, version=payload.version, data=_visit_data(user, payload))
    return _visit_detail(user, visit_id)


@router.get("/governance/checklist", response={200: list[GovernanceLineOut], **READ_ERRORS})
def checklist(
    request: HttpRequest, unit_id: Id, day: Date | None = None
) -> list[GovernanceLineOut]:
    """The lines the data offers a visit to the unit on the day (today when left out)."""
    unit = access.access_unit(acting_user(request), unit_id)
    return [
        GovernanceLineOut(
            label=line.label, source=line.source, figure=line.figure, short=line.short
        )
        for line in extensions.checklist_lines(unit, day or timezone.localdate())
    ]


@router.get(
    "/governance/rectifications/{rectification_id}",
    response={200: GovernanceRectificationDetailOut, **READ_ERRORS},
)
def rectification_read(
    request: HttpRequest, rectification_id: Id
) -> GovernanceRectificationDetailOut:
    return _rectification_detail(acting_user(request), rectification_id)


@router.post(
    "/governance/rectifications/{rectification_id}/report",
    response={201: GovernanceRectificationDetailOut, **EDIT_ERRORS},
)
def rectification_report_new(
    request: HttpRequest,
    rectification_id: Id,
    payload: Form[GovernanceReportIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    """Report what the unit did, with evidence: up to three JPEG or PNG photos of 5 MB at
    most, or a linked record (a page of Guanai), or both."""
    user = acting_user(request)
    rectification_report(
        user,
        _held(user, rectification_id),
        version=payload.version,
        text=payload.text,
        link=payload.link,
        photos=photos or [],
    )
    return Status(201, _rectification_detail(user, rectification_id))


@router.post(
    "/governance/rectifications/{rectification_id}/accept",
    response={200: GovernanceRectificationDetailOut, **EDIT_ERRORS},
)
def rectification_accept_now(
    request: HttpRequest, rectification_id: Id, payload: GovernanceAcceptIn
) -> GovernanceRectificationDetailOut:
    """Accept the report awaiting a decision (the office that made the visit, or above)."""
    user = acting_user(request)
    rectification_accept(
        user,
        _held(user, rectification_id),
        version=payload.version,
        note=payload.note,
    )
    return _rectification_detail(user, rectification_id)


@router.post(
    "/governance/rectifications/{rectification_id}/return",
    response={200: GovernanceRectificationDetailOut, **EDIT_ERRORS},
)
def rectification_return_now(
    request: HttpRequest, rectification_id: Id, payload: GovernanceReturnIn
) -> GovernanceRectificationDetailOut:
    """Send the report back with a reason; the unit reports again."""
    user = acting_user(request)
    rectification_return(
        user,
        _held(user, rectification_id),
        version=payload.version,
        reason=payload.reason,
    )
    return _rectification_detail(user, rectification_id)


@router.get(
    "/governance/rectification-photos/{photo_id}",
    response={**READ_ERRORS},
    url_name="governance_rectification_photo",
    openapi_extra=PHOTO_OPENAPI,
)
def rectification_photo(request: HttpRequest, photo_id: Id) -> FileResponse:
    """A photo of a report, for whoever reads the rectification."""
    return photo_response(access.access_photo(acting_user(request), photo_id), inline=False)

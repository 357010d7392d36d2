"""The supervision pages: the visits list, one visit, recording or changing a visit (its
checklist drawn from the data and its findings as repeated rows), one rectification with its
reports and the forms to report, accept or send back, and a report's photo.

Reads go through ``access`` and ``selectors`` (a visit or rectification the user may not read
is 404); writes through the services, a refusal shown beside its field with what was typed
kept (400).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.paging import page_of
from guanai.core.photos import MAX_PHOTO_BYTES, photo_response
from guanai.governance.access import can_manage, own_q
from guanai.governance.extensions import checklist_lines
from guanai.governance.models import CheckVerdict, Rectification, RectificationStatus, Visit
from guanai.governance.pages import reader
from guanai.governance.supervision import access, reporting, selectors, services
from guanai.governance.supervision.forms import (
    CheckFormSet,
    DecisionForm,
    FindingFormSet,
    ReportForm,
    VisitFilterForm,
    VisitForm,
    place_error,
)
from guanai.governance.supervision.timing import WAITING_FOR_UNIT
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside, subtree_q


def visit_list(request: HttpRequest) -> HttpResponse:
    """Visits made by the user's units and visits they received, by unit and year."""
    user = reader(request)
    today = timezone.localdate()
    visible = access.visits_visible(user)
    form = VisitFilterForm(
        request.GET,
        units=OrgUnit.objects.filter(own_q(user, "path")).order_by("path"),
        years=sorted({d.year for d in visible.dates("visited_on", "year")}, reverse=True),
    )
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.visits_search(user, today, unit=data.get("unit"), year=data.get("year"))
    return render(
        request,
        "governance/supervision/visit_list.html",
        {
            "form": form,
            "page": page_of(rows, request.GET.get("page")),
            "can_record": access.can_record(user),
        },
    )


def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # 404 outside the user's scope, whatever their role (a helper, an administrator).
    user = request_user(request)
    today = timezone.localdate()
    visit = selectors.visit_detail(user, pk)
    rows = [(r, selectors.days_overdue(r, today)) for r in visit.rectifications.all()]
    return render(
        request,
        "governance/supervision/visit_detail.html",
        {"visit": visit, "rows": rows, "can_edit": can_manage(user, visit.org_unit)},
    )


def _chosen(units: list[OrgUnit], raw: object) -> OrgUnit | None:
    text = str(raw or "")
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    return next((unit for unit in units if unit.pk == int(text)), None)


def _lines(inspected: OrgUnit, day: date) -> list[dict[str, Any]]:
    """The checklist drawn from the data for the unit visited, a short figure marked."""
    return [
        {
            "label": line.label,
            "source": line.source,
            "figure": line.figure,
            "verdict": CheckVerdict.ISSUE if line.short else CheckVerdict.OK,
        }
        for line in checklist_lines(inspected, day)
    ]


def _visit_initial(
    visit: Visit,
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    header = {
        "org_unit": visit.org_unit_id,
        "inspected": visit.inspected_id,
        "visited_on": visit.visited_on,
        "team": visit.team,
        "summary": visit.summary,
    }
    checks = [
        {
            "label": c.label,
            "source": c.source,
            "figure": c.figure,
            "verdict": c.verdict,
            "note": c.note,
        }
        for c in visit.checks.all()
    ]
    findings = [
        {
            "pk": r.pk,
            "finding": r.finding,
            "required": r.required,
            "deadline": r.deadline,
            "org_unit": r.org_unit_id,
        }
        for r in visit.rectifications.all()
    ]
    return header, checks, findings


def _visit_form(request: HttpRequest, user: User, visit: Visit | None) -> HttpResponse:
    """Record a visit (``visit`` None) or change one; GET with ``?inspected=`` draws the
    checklist from the data."""
    if visit is None:
        offices_list = access.office_units(user)
        if not offices_list:
            raise PermissionDenied
    else:
        if not can_manage(user, visit.org_unit):
            raise PermissionDenied
        offices_list = [visit.org_unit]
    offices = sorted(offices_list, key=lambda u: u.path)
    below = list(
        OrgUnit.objects.filter(subtree_q(offices_list), is_active=True)
        .exclude(pk__in=[u.pk for u in offices_list])
        .order_by("path")
    )
    source = request.POST if request.method == "POST" else request.GET
    inspected = _chosen(below, source.get("inspected")) or (visit.inspected if visit else None)
    units = [u for u in below if is_inside(u, inspected)] if inspected else below
    kwargs = {"offices": offices, "below": below}
    drawing = visit is None and request.method == "POST" and "draw" in request.POST
    if request.method == "POST" and not drawing:
        form = VisitForm(request.POST, **kwargs)
        checks = CheckFormSet(request.POST, prefix="checks")
        findings = FindingFormSet(request.POST, prefix="findings", form_kwargs={"units": units})
        saved = _save(request, user, visit, form, checks, findings)
        if saved is not None:
            return redirect("governance:visit_detail", pk=saved.pk)
        status = 400
    else:
        if visit is not None:
            header, lines, rows = _visit_initial(visit)
        else:
            # Drawing the checklist keeps what was typed above it.
            day = _day(source.get("visited_on"))
            only = offices_list[0].pk if len(offices_list) == 1 else None
            header = {
                "org_unit": getattr(_chosen(offices, source.get("org_unit")), "pk", only),
                "inspected": inspected.pk if inspected else None,
                "visited_on": day,
                "team": source.get("team", ""),
                "summary": source.get("summary", ""),
            }
            lines = _lines(inspected, day) if inspected else []
            rows = []
        form = VisitForm(initial=header, **kwargs)
        checks = CheckFormSet(prefix="checks", initial=lines)
        findings = FindingFormSet(prefix="findings", initial=rows, form_kwargs={"units": units})
        status = 200
    return render(
        request,
        "governance/supervision/visit_form.html",
        {
            "visit": visit,
            "form": form,
            "checks": checks,
            "findings": findings,
            "inspected": inspected,
        },
        status=status,
    )


def _day(raw: object) -> date:
    text = str(raw or "")
    try:
        return date.fromisoformat(text) if len(text) == 10 else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _save(
    request: HttpRequest,
    user: User,
    visit: Visit | None,
    form: VisitForm,
    checks: Any,
    findings: Any,
) -> Visit | None:
    if not (form.is_valid() and checks.is_valid() and findings.is_valid()):
        return None
    sent_checks = [i for i, f in enumerate(checks.forms) if not f.is_blank()]
    sent_findings = [i for i, f in enumerate(findings.forms) if not f.is_blank()]
    data = services.VisitData(
        org_unit=form.unit("org_unit"),
        inspected=form.unit("inspected"),
        visited_on=form.cleaned_data["visited_on"],
        team=form.cleaned_data["team"],
        summary=form.cleaned_data["summary"],
        checks=[checks.forms[i].data_of() for i in sent_checks],
        findings=[findings.forms[i].data_of() for i in sent_findings],
    )
    try:
        if visit is None:
            saved = services.visit_record(user, data)
            messages.success(request, _("The visit is recorded."))
        else:
            saved = services.visit_update(user, visit, version=posted_version(request), data=data)
            messages.success(request, _("The visit is saved."))
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except DomainError as exc:
        place_error(
            exc, form, {"checks": (checks, sent_checks), "findings": (findings, sent_findings)}
        )
        return None
    return saved


def visit_new(request: HttpRequest) -> HttpResponse:
    return _visit_form(request, reader(request), None)


def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    return _visit_form(request, user, selectors.visit_detail(user, pk))


def _rectification_page(
    request: HttpRequest,
    user: User,
    rectification: Rectification,
    *,
    report_form: ReportForm | None = None,
    decision_form: DecisionForm | None = None,
    photos_error: str = "",
) -> HttpResponse:
    today = timezone.localdate()
    may_report = rectification.status in WAITING_FOR_UNIT and access.can_report(user, rectification)
    may_decide = rectification.status == RectificationStatus.REPORTED and access.can_decide(
        user, rectification
    )
    return render(
        request,
        "governance/supervision/rectification_detail.html",
        {
            "r": rectification,
            "overdue_days": selectors.days_overdue(rectification, today),
            "visit_readable": access.visits_visible(user)
            .filter(pk=rectification.visit_id)
            .exists(),
            "report_form": report_form or (ReportForm() if may_report else None),
            "decision_form": decision_form or (DecisionForm() if may_decide else None),
            "photos_error": photos_error,
            "photos_max": reporting.PHOTOS_PER_REPORT,
            "photo_mb": MAX_PHOTO_BYTES // (1024 * 1024),
        },
        status=400 if (report_form or decision_form) else 200,
    )


def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    return _rectification_page(request, user, selectors.rectification_detail(user, pk))


@require_POST
def rectification_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit reports what it did, with photos or a linked record."""
    user = request_user(request)
    rectification = selectors.rectification_detail(user, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            reporting.rectification_report(
                user,
                rectification,
                version=posted_version(request),
                text=form.cleaned_data["text"],
                link=form.cleaned_data["link"],
                photos=request.FILES.getlist("photos"),
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            if exc.field == "photos":
                return _rectification_page(
                    request, user, rectification, report_form=form, photos_error=str(exc.message)
                )
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The report is sent to the supervising unit."))
            return redirect("governance:rectification_detail", pk=pk)
    return _rectification_page(request, user, rectification, report_form=form)


def _decide(request: HttpRequest, pk: int, accept: bool) -> HttpResponse:
    user = request_user(request)
    rectification = selectors.rectification_detail(user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            if accept:
                reporting.rectification_accept(
                    user,
                    rectification,
                    version=posted_version(request),
                    note=form.cleaned_data["reason"],
                )
                messages.success(request, _("The rectification is accepted."))
            else:
                reporting.rectification_return(
                    user,
                    rectification,
                    version=posted_version(request),
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The report is sent back to the unit."))
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            if exc.field is None:
                messages.error(request, str(exc.message))
                return redirect("governance:rectification_detail", pk=pk)
            form.add_error("reason", str(exc.message))
            return _rectification_page(request, user, rectification, decision_form=form)
        return redirect("governance:rectification_detail", pk=pk)
    return _rectification_page(request, user, rectification, decision_form=form)


@require_POST
def rectification_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=True)


@require_POST
def rectification_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=False)


def rectification_photo(request: HttpRequest, pk: int) -> FileResponse:
    return photo_response(access.access_photo(request_user(request), pk))

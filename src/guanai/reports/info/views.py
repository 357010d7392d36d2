"""Information report pages: the unit's items and those to review, a new item, one item
(review, correction), its photos (scoped), the published list and timeliness."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.paging import PAGE_SIZE, CountedPaginator
from guanai.core.photos import photo_response
from guanai.reports import info
from guanai.reports.info.forms import InfoForm, SubmitForm
from guanai.reports.models import InfoKind, InfoReport, InfoStatus
from guanai.reports.views_common import (
    last_month,
    month_from,
    neighbour,
    reader,
    unit_of,
)


@login_required
def info_list(request: HttpRequest) -> HttpResponse:
    """The items of the user's units and below, with those awaiting the user's review."""
    user = reader(request)
    status = request.GET.get("status", "")
    found = info.unit_reports(user, status=status)
    page = CountedPaginator(found, PAGE_SIZE, found.count()).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/info/list.html",
        {
            "page": page,
            "status": status,
            "statuses": InfoStatus.choices,
            "can_submit": info.submit_units_for(user).exists(),
            "units": info.timeliness_units_for(user),
            "month": last_month(),
        },
    )


@login_required
def info_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    units = info.submit_units_for(user)
    if not units.exists():
        raise PermissionDenied
    if request.method != "POST":
        form = SubmitForm(units=units, initial={"event_date": timezone.localdate()})
        return render(request, "reports/info/new.html", {"form": form})
    form = SubmitForm(request.POST, units=units)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = info.info_submit(
                acting_user=user,
                unit=unit_of(user, data["unit"]),
                kind=data["kind"],
                title=data["title"],
                event_date=data["event_date"],
                text=data["text"],
                photos=request.FILES.getlist("photos"),
            )
        except PermissionRefused as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The report is sent to the unit above for review."))
            return redirect("reports:info", pk=report.pk)
    return render(request, "reports/info/new.html", {"form": form}, status=400)


def _detail(
    request: HttpRequest,
    report: InfoReport,
    *,
    form: InfoForm | None = None,
    return_error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    can_correct = report.status == InfoStatus.RETURNED and info.can_submit(user, report.org_unit)
    if can_correct and form is None:
        form = InfoForm(
            initial={
                "kind": report.kind,
                "title": report.title,
                "event_date": report.event_date,
                "text": report.text,
            }
        )
    return render(
        request,
        "reports/info/detail.html",
        {
            "report": report,
            "photos": list(report.photos.all()),
            "can_review": info.may_review(user, report),
            "form": form if can_correct else None,
            "return_error": return_error,
        },
        status=status,
    )


@login_required
def info_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    return _detail(request, info.access_report(user, pk))


@login_required
@require_POST
def info_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = request_user(request)
    report = info.access_report(user, pk)
    if action == "resubmit":
        return _resubmit(request, report)
    try:
        if action == "publish":
            info.info_publish(acting_user=user, report=report, version=posted_version(request))
            messages.success(request, _("Published."))
        elif action == "return":
            info.info_return(
                acting_user=user,
                report=report,
                version=posted_version(request),
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, _("Returned with your comment."))
        else:
            raise Http404
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        if exc.field == "comment":
            return _detail(request, report, return_error=str(exc.message), status=400)
        messages.error(request, str(exc.message))
    return redirect("reports:info", pk=report.pk)


def _resubmit(request: HttpRequest, report: InfoReport) -> HttpResponse:
    """Correct a returned item and send it again."""
    user = request_user(request)
    form = InfoForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            info.info_resubmit(
                acting_user=user,
                report=report,
                version=posted_version(request),
                kind=data["kind"],
                title=data["title"],
                event_date=data["event_date"],
                text=data["text"],
                photos=request.FILES.getlist("photos"),
                remove_photos=[int(p) for p in request.POST.getlist("remove_photo") if p.isdigit()],
            )
        except PermissionRefused as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            if not exc.field:
                messages.error(request, str(exc.message))
                return redirect("reports:info", pk=report.pk)
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The report is sent again for review."))
            return redirect("reports:info", pk=report.pk)
    return _detail(request, report, form=form, status=400)


@login_required
def info_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a photo to a reader of its report, never as public media."""
    return photo_response(info.access_photo(request_user(request), pk))


@login_required
def info_published(request: HttpRequest) -> HttpResponse:
    """What the units above published to the user's units: reports and stories."""
    user = request_user(request)
    if not info.reads_published(user):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    found = info.published_visible(user, kind=kind)
    page = CountedPaginator(found, PAGE_SIZE, found.count()).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/info/published.html",
        {"page": page, "kind": kind, "kinds": InfoKind.choices},
    )


@login_required
def info_timeliness(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    """Per sub-unit: items submitted in the month, published, and timely."""
    user = reader(request)
    org_unit = unit_of(user, unit)
    first = month_from(month)
    rows = info.timeliness_of(org_unit, first)
    totals = info.TimelinessRow(
        unit=org_unit,
        submitted=sum(r.submitted for r in rows),
        published=sum(r.published for r in rows),
        timely=sum(r.timely for r in rows),
    )
    return render(
        request,
        "reports/info/timeliness.html",
        {
            "unit": org_unit,
            "month": first,
            "previous": neighbour(first, -1),
            "next": neighbour(first, 1),
            "rows": rows,
            "totals": totals,
            "days": info.TIMELY_DAYS,
        },
    )

"""Bulletin pages: the list, one bulletin (edit, publish, print), and its xlsx export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.forms import posted_version
from guanai.core.paging import PAGE_SIZE, CountedPaginator
from guanai.core.text import column_limit
from guanai.reports import bulletins
from guanai.reports.models import Bulletin, BulletinStatus
from guanai.reports.views_common import last_month, month_from, reader, unit_of
from guanai.sheets.writing import XLSX


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    found = bulletins.bulletins_visible(user)
    page = CountedPaginator(found, PAGE_SIZE, found.count()).get_page(request.GET.get("page"))
    writable = bulletins.bulletin_units_for(user)
    return render(
        request,
        "reports/bulletins.html",
        {"page": page, "writable": writable, "month": last_month()},
    )


@login_required
@require_POST
def bulletin_start(request: HttpRequest, unit: int, month: str) -> HttpResponse:
    user = reader(request)
    org_unit = unit_of(user, unit)
    try:
        bulletin = bulletins.bulletin_open(acting_user=user, unit=org_unit, month=month_from(month))
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("reports:bulletins")
    return redirect("reports:bulletin", pk=bulletin.pk)


def _page(
    request: HttpRequest, bulletin: Bulletin, *, errors: dict[str, str] | None = None
) -> HttpResponse:
    user = reader(request)
    draft = bulletin.status == BulletinStatus.DRAFT
    today = timezone.localdate()
    return render(
        request,
        "reports/bulletin.html",
        {
            "bulletin": bulletin,
            "content": bulletins.content_of(bulletin.org_unit, bulletin.month),
            "rated": bulletins.rated_kpis(),
            "can_edit": draft and bulletins.can_edit(user, bulletin.org_unit),
            "can_publish": draft and bulletins.can_publish(user, bulletin.org_unit),
            "errors": errors or {},
            "title_limit": column_limit(Bulletin, "title"),
            "text_limit": bulletins.TEXT_LENGTH,
            "today": today,
            "overdue": bulletins.overdue_rectifications(bulletin, today),
            "overdue_as_of": bulletins.bulletin_day(bulletin, today),
        },
        status=400 if errors else 200,
    )


@login_required
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    return _page(request, bulletins.access_bulletin(user, pk))


@login_required
@require_POST
def bulletin_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = reader(request)
    bulletin = bulletins.access_bulletin(user, pk)
    version = posted_version(request)
    try:
        if action == "save":
            bulletins.bulletin_save(
                acting_user=user,
                bulletin=bulletin,
                version=version,
                title=request.POST.get("title", ""),
                text=request.POST.get("text", ""),
                highlights=request.POST.get("highlights", ""),
            )
            messages.success(request, _("Saved."))
        elif action == "publish":
            bulletins.bulletin_publish(acting_user=user, bulletin=bulletin, version=version)
            messages.success(request, _("The bulletin is published to the units below."))
        else:
            raise Http404
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        if exc.field:
            return _page(request, bulletin, errors={exc.field: str(exc.message)})
        messages.error(request, str(exc.message))
    return redirect("reports:bulletin", pk=bulletin.pk)


@login_required
def bulletin_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking with each sub-unit's KPIs and report timeliness, as xlsx (audited)."""
    user = reader(request)
    bulletin = bulletins.access_bulletin(user, pk)
    export = bulletins.bulletin_export(user=user, bulletin=bulletin, request=request)
    response = HttpResponse(export.content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response

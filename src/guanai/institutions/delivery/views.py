"""The services pages: an institution's month (sessions by type, residents with none,
follow-ups due), a resident's sessions with the form to log one and their placements, a
placement with its follow-ups. Reads go through ``delivery`` (scoped: 404 outside the
user's subtrees), writes through its services; a refusal is shown beside its field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused, ValidationFailed
from guanai.core.forms import posted_version
from guanai.core.months import add_months, parse_month, this_month
from guanai.core.paging import PAGE_SIZE
from guanai.institutions import register
from guanai.institutions.delivery import access, selectors, services
from guanai.institutions.delivery.forms import (
    FollowUpForm,
    PlacementEndForm,
    PlacementForm,
    ServiceLogForm,
)
from guanai.institutions.models import Placement, Resident


def _reader(request: HttpRequest) -> User:
    user = request_user(request)
    try:
        register.require_reader(user)
    except PermissionRefused:
        raise PermissionDenied from None
    return user


def _require_edit(user: User, resident: Resident) -> None:
    if not register.can_edit(user, resident.institution.org_unit):
        raise PermissionDenied


def institution_services(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    institution = register.access_institution(user, pk)
    today = timezone.localdate()
    month, month_error = this_month(today), ""
    if request.GET.get("month"):
        try:
            month = parse_month(request.GET["month"])
        except ValidationFailed as exc:
            month_error = str(exc.message)
    summary = selectors.month_summary(institution, month)
    return render(
        request,
        "institutions/service_month.html",
        {
            "institution": institution,
            "summary": summary,
            "month_error": month_error,
            "previous": add_months(month, -1),
            "next": add_months(month, 1),
            "due": selectors.follow_ups_due(institution, today),
        },
        status=400 if month_error else 200,
    )


def resident_services(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    resident = access.access_resident(user, pk)
    form = None
    if request.method == "POST":
        _require_edit(user, resident)
        form = ServiceLogForm(request.POST, institution=resident.institution)
        if form.is_valid():
            try:
                services.service_log_add(acting_user=user, resident=resident, **form.cleaned_data)
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("The session is logged."))
                return redirect("institutions:resident_services", pk=resident.pk)
    return _resident_page(request, user, resident, log_form=form)


@require_POST
def placement_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    resident = access.access_resident(user, pk)
    _require_edit(user, resident)
    form = PlacementForm(request.POST, institution=resident.institution, prefix="placement")
    if form.is_valid():
        try:
            placement = services.placement_add(
                acting_user=user, resident=resident, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The placement is recorded."))
            return redirect("institutions:placement", pk=placement.pk)
    return _resident_page(request, user, resident, placement_form=form)


def _resident_page(
    request: HttpRequest,
    user: User,
    resident: Resident,
    *,
    log_form: ServiceLogForm | None = None,
    placement_form: PlacementForm | None = None,
) -> HttpResponse:
    """Show a resident's sessions and placements with the forms to add them (a refused form
    again, with its messages: answered 400)."""
    today = timezone.localdate()
    page = Paginator(selectors.logs_of(resident), PAGE_SIZE).get_page(request.GET.get("page"))
    can_edit = register.can_edit(user, resident.institution.org_unit)
    refused = log_form is not None or placement_form is not None
    return render(
        request,
        "institutions/service_resident.html",
        {
            "resident": resident,
            "institution": resident.institution,
            "page": page,
            "logs": [(log, services.can_delete_log(user, log)) for log in page],
            "placements": list(selectors.placements_of(resident)),
            "can_edit": can_edit,
            "log_form": log_form
            or ServiceLogForm(initial={"on": today}, institution=resident.institution),
            "placement_form": placement_form
            or PlacementForm(
                initial={"started_on": today, "follow_up_days": 30},
                institution=resident.institution,
                prefix="placement",
            ),
        },
        status=400 if refused else 200,
    )


@require_POST
def service_log_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    log = access.access_service_log(user, pk)
    try:
        services.service_log_delete(acting_user=user, log=log)
    except PermissionRefused:
        raise PermissionDenied from None
    messages.success(request, _("The session is taken back."))
    return redirect("institutions:resident_services", pk=log.resident_id)


def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    return _placement_page(request, user, access.access_placement(user, pk))


@require_POST
def follow_up_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    placement = access.access_placement(user, pk)
    _require_edit(user, placement.resident)
    form = FollowUpForm(request.POST, institution=placement.resident.institution, prefix="f")
    # The second button, 岗位已稳定: the follow-up finds the job stable.
    stable = "stable" in request.POST
    if form.is_valid():
        try:
            services.follow_up_add(
                acting_user=user, placement=placement, stable=stable, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The job is stable: no further follow-up is due.")
                if stable
                else _("The follow-up is recorded."),
            )
            return redirect("institutions:placement", pk=placement.pk)
    return _placement_page(request, user, placement, follow_up_form=form)


@require_POST
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _reader(request)
    placement = access.access_placement(user, pk)
    _require_edit(user, placement.resident)
    form = PlacementEndForm(request.POST, prefix="end")
    if form.is_valid():
        try:
            services.placement_end(
                acting_user=user,
                placement=placement,
                version=posted_version(request),
                **form.cleaned_data,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The placement is ended."))
            return redirect("institutions:placement", pk=placement.pk)
    return _placement_page(request, user, placement, end_form=form)


def _placement_page(
    request: HttpRequest,
    user: User,
    placement: Placement,
    *,
    follow_up_form: FollowUpForm | None = None,
    end_form: PlacementEndForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    institution = placement.resident.institution
    schedule = selectors.follow_up_schedule(
        access.placements_visible(user).filter(pk=placement.pk), today
    )
    context: dict[str, Any] = {
        "placement": placement,
        "resident": placement.resident,
        "institution": institution,
        "follow_ups": list(placement.follow_ups.select_related("staff").order_by("-on", "-pk")),
        "next": schedule[0] if schedule else None,
        "can_edit": register.can_edit(user, institution.org_unit),
        "follow_up_form": follow_up_form
        or FollowUpForm(initial={"on": today}, institution=institution, prefix="f"),
        "end_form": end_form or PlacementEndForm(initial={"ended_on": today}, prefix="end"),
        "back": reverse("institutions:resident_services", args=[placement.resident_id]),
    }
    refused = follow_up_form is not None or end_form is not None
    return render(
        request, "institutions/placement_detail.html", context, status=400 if refused else 200
    )

"""The not-served pages (应享未享): a unit's summary per service, the list of one service with
a one-click request per person; and the targets: list, new, detail with progress by year,
edit, archive.

Reads go through ``coverage.selectors`` and ``inkind.access`` (a unit or target outside the
user's scope is 404); writes through ``coverage.services``, a refusal shown beside its field
or as a message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.audit import access_log
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.core.models import AuditAction
from guanai.core.paging import page_of
from guanai.inkind import access
from guanai.inkind.coverage import selectors, services
from guanai.inkind.coverage.forms import NotServedFilterForm, TargetForm
from guanai.inkind.models import Service, ServiceTarget
from guanai.orgs.models import OrgUnit


def reader(request: HttpRequest) -> User:
    """The user, if they read some unit's lists (403 otherwise)."""
    user = request_user(request)
    if not access.coverage_units(user):
        raise PermissionDenied
    return user


def _pk(value: str | None) -> int:
    if not value or not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


def _chosen_unit(user: User, value: str | None) -> OrgUnit:
    if not value:
        return access.coverage_units(user)[0]
    return selectors.access_coverage_unit(user, _pk(value))


def _chosen_service(value: str | None) -> Service | None:
    if not value:
        return None
    return get_object_or_404(selectors.active_services(), code=value)


def not_served_page(request: HttpRequest) -> HttpResponse:
    """The unit's summary per service; with ``?service=`` the persons not served."""
    user = reader(request)
    unit = _chosen_unit(user, request.GET.get("unit"))
    service = _chosen_service(request.GET.get("service"))
    today = timezone.localdate()
    services_list = list(selectors.active_services())
    form = NotServedFilterForm(
        {"unit": unit.pk, "service": service.code if service else ""},
        units=selectors.chooser_units(user) | OrgUnit.objects.filter(pk=unit.pk),
        services=services_list,
    )
    context: dict[str, Any] = {
        "unit": unit,
        "service": service,
        "filter_form": form,
        "summary": selectors.coverage_summary(unit, today),
        "today": today,
        "can_request": scoping.acts_over(user, unit, access.WORKERS),
    }
    if service is not None:
        page = page_of(selectors.not_served(unit, service, today), request.GET.get("page"))
        context["page"] = page
        context["rows"] = selectors.not_served_rows(list(page.object_list), service, today)
        access_log(
            user=user,
            action=AuditAction.READ,
            object_type="inkind.not_served",
            object_id=str(unit.pk),
            object_repr=f"{unit.name} · {service.name}",
            detail={"page": "not_served", "service": service.code, "rows": page.paginator.count},
            request=request,
        )
    return render(request, "inkind/coverage/not_served.html", context)


@require_POST
def not_served_request(request: HttpRequest) -> HttpResponse:
    """Ask for the service for one person of the list, and go back to the list."""
    user = reader(request)
    person = selectors.access_coverage_person(user, _pk(request.POST.get("person")))
    service = get_object_or_404(selectors.active_services(), code=request.POST.get("service"))
    try:
        services.request_for_not_served(user, person=person, service=service)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("A request for %(service)s was made for %(name)s.")
            % {"service": service.name, "name": person.name},
        )
    query: dict[str, str] = {"service": service.code}
    for name in ("unit", "page"):
        if (value := request.POST.get(name, "")).isascii() and value.isdigit():
            query[name] = value
    return redirect(f"{reverse('inkind:not_served')}?{urlencode(query)}")


# --- Targets ---------------------------------------------------------------------------


def _target_reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not scoping.units_for(user, scoping.ROSTER_ROLES):
        raise PermissionDenied
    return user


def target_list(request: HttpRequest) -> HttpResponse:
    """The targets the user reads, each with this year's progress (``?archived=1``: the
    archived ones)."""
    user = _target_reader(request)
    archived = request.GET.get("archived") == "1"
    page = page_of(selectors.targets_of(user, archived=archived), request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "inkind/coverage/target_list.html",
        {
            "page": page,
            "rows": selectors.targets_with_progress(list(page.object_list), today),
            "archived": archived,
            "today": today,
            "can_create": bool(scoping.units_for(user, access.APPROVERS)),
        },
    )


def target_new(request: HttpRequest) -> HttpResponse:
    user = _target_reader(request)
    units = selectors.led_units(user)
    if not units.exists():
        raise PermissionDenied
    today = timezone.localdate()
    form = TargetForm(
        request.POST or None,
        units=units,
        services=selectors.active_services(),
        initial={"start_year": today.year, "end_year": today.year + 2},
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_create(
                user, unit=form.cleaned_data["unit"], data=form.data_of()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The target %(title)s was set.") % {"title": target.title})
            return redirect("inkind:target_detail", pk=target.pk)
    return render(
        request,
        "inkind/coverage/target_form.html",
        {"form": form, "title": _("New target")},
        status=400 if form.errors else 200,
    )


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The target with its progress year by year, and its edit and archive buttons."""
    user = request_user(request)
    target = access.access_target(user, pk)
    today = timezone.localdate()
    return render(
        request,
        "inkind/coverage/target_detail.html",
        {
            "target": target,
            "progress": selectors.target_progress(target, today),
            "today": today,
            "can_edit": target.archived_at is None
            and access.can_set_targets(user, target.org_unit),
        },
    )


def _editable(request: HttpRequest, pk: int) -> tuple[User, ServiceTarget]:
    user = request_user(request)
    target = access.access_target(user, pk)
    if not access.can_set_targets(user, target.org_unit):
        raise PermissionDenied
    return user, target


def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, target = _editable(request, pk)
    form = TargetForm(
        request.POST or None,
        units=None,
        services=Service.objects.filter(Q(active=True) | Q(pk=target.service_id)),
        initial=TargetForm.initial_of(target),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.target_update(
                user, target, version=posted_version(request), data=form.data_of()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The target was saved."))
            return redirect("inkind:target_detail", pk=target.pk)
    return render(
        request,
        "inkind/coverage/target_form.html",
        {"form": form, "title": _("Edit the target"), "target": target},
        status=400 if form.errors else 200,
    )


@require_POST
def target_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user, target = _editable(request, pk)
    try:
        services.target_archive(user, target, version=posted_version(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("inkind:target_detail", pk=target.pk)
    messages.success(request, _("The target %(title)s was archived.") % {"title": target.title})
    return redirect("inkind:target_list")

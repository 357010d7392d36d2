"""The request pages: the list, a new request for a person, one request with its timeline and
the forms of its next steps, and a stage's photo.

Reads go through ``access`` and ``selectors`` (a request the user may not read is 404);
writes through the services, a refusal shown beside its field with what was typed kept. The
steps' POST views are ``action_views``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.paging import page_of
from guanai.core.photos import photo_response
from guanai.inkind import access
from guanai.inkind.applications import selectors, steps
from guanai.inkind.applications.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    AssessForm,
    CancelForm,
    DecideForm,
    DeliverForm,
    FollowUpForm,
    StageForm,
)
from guanai.inkind.applications.projects import PHOTOS_PER_STAGE, next_stage
from guanai.inkind.applications.services import application_create
from guanai.inkind.eligibility import person_decision
from guanai.inkind.models import OPEN_STATUSES, Application, ApplicationSource, StagePhoto
from guanai.orgs.selectors import breadcrumb_of
from guanai.registry.models import Person
from guanai.registry.selectors import access_person

# The longest reason a link may prefill (a survey's problem is a short phrase).
PREFILL_MAX = 500
# Open requests before the others, then the newest first.
OPEN_FIRST = Case(
    When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
)


def reader(request: HttpRequest) -> User:
    """The user, if their roles open the request pages (403 otherwise)."""
    user = request_user(request)
    if not access.can_open(user):
        raise PermissionDenied
    return user


def application_list(request: HttpRequest) -> HttpResponse:
    """The requests the user reads, filtered; open ones first, then the newest."""
    user = reader(request)
    form = ApplicationFilterForm(
        request.GET,
        services=access.services_visible(user),
        units=scoping.org_units_with_data(user).order_by("path"),
    )
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or ""
    found = selectors.ApplicationFilter(
        status="" if status == "open" else status,
        open_only=status == "open",
        service=data.get("service"),
        unit=data.get("unit"),
        name=data.get("name") or "",
    )
    rows = (
        selectors.applications_search(user, found)
        .annotate(closed=OPEN_FIRST)
        .order_by("closed", "-requested_on", "-pk")
        .prefetch_related("stages")
    )
    page = page_of(rows, request.GET.get("page"))
    return render(
        request,
        "inkind/applications/application_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(application, steps.next_step(application)) for application in page],
        },
    )


def _source_of(user: User, person: Person, asked: str) -> str:
    if asked in ApplicationSource.values:
        return asked
    works = scoping.holds_role_over(user, person.org_unit, access.WORKERS)
    return ApplicationSource.OFFICE if works else ApplicationSource.HELPER


def _requester(request: HttpRequest) -> tuple[User, Person]:
    user = reader(request)
    raw = request.GET.get("person", "")
    if not raw.isascii() or not raw.isdigit():
        raise Http404
    person = access_person(user, int(raw))
    if not access.can_request(user, person):
        raise Http404
    return user, person


def application_new(request: HttpRequest) -> HttpResponse:
    """Ask for a service for ``?person=`` (prefilled by ``?service=&source=&reason=``), with
    what the rules find for the person beside the form; the file's one-click button posts
    here directly."""
    if not request.GET.get("person"):
        messages.info(request, _("Open the person's file, tab Assistance, to ask for a service."))
        return redirect("inkind:application_list")
    user, person = _requester(request)
    today = timezone.localdate()
    reason = " ".join(request.GET.get("reason", "").split())
    form = ApplicationForm(
        request.POST or None,
        services=access.services_visible(user).filter(active=True),
        initial={
            "service": request.GET.get("service", ""),
            "source": _source_of(user, person, request.GET.get("source", "")),
            "reason": reason if len(reason) <= PREFILL_MAX else "",
            "requested_on": today,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = application_create(
                user,
                person=person,
                service=data["service"],
                source=data["source"],
                reason=data["reason"],
                requested_on=data["requested_on"],
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc.message)) from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("The request for %(service)s for %(name)s is recorded.")
                % {"service": application.service.name, "name": person.name},
            )
            return redirect("inkind:application_detail", pk=application.pk)
    chosen = form["service"].value() or ""
    return render(
        request,
        "inkind/applications/application_form.html",
        {
            "form": form,
            "person": person,
            "chosen": str(chosen),
            "entries": selectors.person_services(user, person, today),
        },
        status=400 if form.errors else 200,
    )


# --- One request ---------------------------------------------------------------------------


def action_form(
    name: str, application: Application, data: Any = None, files: Any = None
) -> forms.Form:
    """Return the form of the step ``name`` (unbound: prefilled with today)."""
    today = timezone.localdate()
    if name == "assess":
        return AssessForm(
            data,
            prefix=name,
            initial={"assessment": application.assessment, "assessed_on": today},
        )
    if name == "decide":
        return DecideForm(data, prefix=name, initial={"decided_on": today})
    if name == "deliver":
        return DeliverForm(
            data, prefix=name, service=application.service, initial={"delivered_on": today}
        )
    if name == "stage":
        return StageForm(
            data,
            files,
            prefix=name,
            stage=next_stage(application) or "",
            initial={"done_on": today},
        )
    if name == "cancel":
        return CancelForm(data, prefix=name)
    if name == "follow_up":
        return FollowUpForm(data, prefix=name, initial={"visited_on": today})
    raise Http404


def detail_page(
    request: HttpRequest,
    user: User,
    application: Application,
    failed: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    """Render a request (as ``selectors.application_detail`` reads it); ``failed`` is the
    step whose form was refused, shown as typed."""
    offered = {
        name: action_form(name, application) for name in steps.actions_offered(user, application)
    }
    if failed is not None:
        offered[failed[0]] = failed[1]
    person = Person.objects.prefetch_related("categories").get(pk=application.person_id)
    return render(
        request,
        "inkind/applications/application_detail.html",
        {
            "application": application,
            "person": application.person,
            "units": breadcrumb_of(application.person.org_unit, scoping.org_units_visible(user)),
            "events": steps.timeline(application),
            "next_step": steps.next_step(application),
            "decision": person_decision(application.service, person, timezone.localdate()),
            "forms": offered,
            "photos_max": PHOTOS_PER_STAGE,
        },
        status=400 if failed is not None else 200,
    )


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    return detail_page(request, user, selectors.application_detail(user, pk))


def stage_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a photo of a project's stage to a reader of its request (404 otherwise)."""
    user = reader(request)
    photo = get_object_or_404(StagePhoto.objects.select_related("record"), pk=pk)
    access.access_request(user, photo.record.application_id)
    return photo_response(photo)

"""The catalogue pages: the services by kind with who qualifies, one service with its policy
basis, and (a leader of a county or above) a new service or a change to one.

Everyone who opens the assistance pages reads the catalogue (``access.can_open``); adding
and changing are for ``access.can_edit_catalogue`` (403 for the others). The service
refuses bad input with a message beside its field; nothing is changed and what was typed
stays in the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.inkind import access
from guanai.inkind.catalogue.forms import ServiceForm
from guanai.inkind.catalogue.services import service_create, service_update
from guanai.inkind.models import Service, ServiceKind
from guanai.inkind.rules import explain


@dataclass(frozen=True)
class Entry:
    """A service as the catalogue shows it: with its rules in sentences."""

    service: Service
    rules: list[str]


@dataclass(frozen=True)
class KindGroup:
    label: str
    entries: list[Entry]


def reader(request: HttpRequest) -> User:
    """The user, if their roles open the assistance pages (403 otherwise)."""
    user = request_user(request)
    if not access.can_open(user):
        raise PermissionDenied
    return user


def editor(request: HttpRequest) -> User:
    """The user, if they may change the catalogue (403 otherwise)."""
    user = reader(request)
    if not access.can_edit_catalogue(user):
        raise PermissionDenied
    return user


def by_kind(services: list[Service]) -> list[KindGroup]:
    """Return the services grouped by kind, in the order of the kinds, each group in the
    catalogue's order."""
    groups = []
    for kind in ServiceKind:
        entries = [Entry(s, explain(s.rules)) for s in services if s.kind == kind]
        if entries:
            groups.append(KindGroup(str(kind.label), entries))
    return groups


def service_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    services = list(access.services_visible(user))
    return render(
        request,
        "inkind/catalogue/service_list.html",
        {
            "groups": by_kind(services),
            "count": len(services),
            "can_edit": access.can_edit_catalogue(user),
        },
    )


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    service = access.access_service(user, pk)
    return render(
        request,
        "inkind/catalogue/service_detail.html",
        {
            "service": service,
            "rules": explain(service.rules),
            "can_edit": access.can_edit_catalogue(user),
        },
    )


def service_new(request: HttpRequest) -> HttpResponse:
    user = editor(request)
    form = ServiceForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            service = service_create(user, code=form.cleaned_data["code"], data=form.service_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": service.name})
            return redirect("inkind:service_detail", pk=service.pk)
    return render(
        request,
        "inkind/catalogue/service_form.html",
        {"form": form, "title": _("New service")},
        status=400 if form.errors else 200,
    )


def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    service = access.access_service(user, pk)
    form = ServiceForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        try:
            saved = service_update(
                user, service, version=posted_version(request), data=form.service_data()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
            return redirect("inkind:service_detail", pk=saved.pk)
    return render(
        request,
        "inkind/catalogue/service_form.html",
        {
            "form": form,
            "service": service,
            "title": _("Change %(name)s") % {"name": service.name},
        },
        status=400 if form.errors else 200,
    )

"""Service standard pages: the national and local standards a user reads, one standard with
its items and numbers, and the form a county's leader adds a local standard with."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError, PermissionRefused
from guanai.institutions import register
from guanai.institutions.models import Standard
from guanai.institutions.standards.access import local_units_for
from guanai.institutions.standards.forms import LocalStandardForm
from guanai.institutions.standards.rules import TIGHTENABLE
from guanai.institutions.standards.selectors import (
    national_standard,
    standard_visible,
    standards_visible,
)
from guanai.institutions.standards.services import local_standard_add


def _reader(request: HttpRequest) -> None:
    try:
        register.require_reader(request_user(request))
    except PermissionRefused:
        raise PermissionDenied from None


def standard_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    user = request_user(request)
    return render(
        request,
        "institutions/standard_list.html",
        {"standards": list(standards_visible(user)), "can_add": bool(local_units_for(user))},
    )


def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    try:
        standard = standard_visible(request_user(request), pk)
    except Standard.DoesNotExist:
        raise Http404 from None
    national = {item.ref: item.params for item in national_standard().items.all()}
    numbers = []
    for spec in TIGHTENABLE:
        item = next(i for i in standard.items.all() if i.ref == spec.ref)
        value, base = item.params.get(spec.key), national[spec.ref].get(spec.key)
        numbers.append({"spec": spec, "value": value, "national": base, "raised": value != base})
    return render(
        request,
        "institutions/standard_detail.html",
        {"standard": standard, "numbers": numbers, "eligibility": standard.eligibility},
    )


def standard_new(request: HttpRequest) -> HttpResponse:
    _reader(request)
    user = request_user(request)
    units = local_units_for(user)
    if not units:
        raise PermissionDenied
    form = LocalStandardForm(request.POST or None, units=units, national=national_standard())
    if request.method == "POST" and form.is_valid():
        try:
            standard = local_standard_add(
                acting_user=user, unit=form.cleaned_data["unit"], data=form.data_of()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("%(title)s (version %(version)s) is saved.")
                % {"title": standard.title, "version": standard.version},
            )
            return redirect("institutions:standard", pk=standard.pk)
    return render(
        request,
        "institutions/standard_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )

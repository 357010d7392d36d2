"""The target pages: the list of a unit's targets with this year's progress, a target's
years and entries, the target form (leaders), the figure entered for a year (leaders and
workers).

Reads go through ``targets.selectors`` (a target or unit the user may not read is 404, for
any role: the pages that name one ask no role first);
writes through ``targets.services``, a refusal shown beside its field with what was typed
kept (400).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import DomainError
from guanai.core.forms import posted_version
from guanai.core.paging import page_of
from guanai.governance import access
from guanai.governance.models import Target
from guanai.governance.pages import reader
from guanai.governance.selectors import unit_asked
from guanai.governance.targets import selectors, services
from guanai.governance.targets.forms import EntryForm, TargetForm, UnitForm
from guanai.orgs.models import OrgUnit


def target_list(request: HttpRequest) -> HttpResponse:
    """The targets of the chosen unit and the units below it, each with this year's
    progress (``?archived=1``: the archived ones). A unit outside the user's scope is 404;
    no unit chosen, the user's first (403 for a role that reads none)."""
    user = reader(request)
    unit = unit_asked(user, request.GET.get("unit"))
    archived = request.GET.get("archived") == "1"
    page = page_of(selectors.targets_of(user, unit, archived=archived), request.GET.get("page"))
    today = timezone.localdate()
    units = selectors.chooser_units(user) | OrgUnit.objects.filter(pk=unit.pk)
    return render(
        request,
        "governance/targets/target_list.html",
        {
            "unit": unit,
            "unit_form": UnitForm({"unit": unit.pk}, units=units),
            "page": page,
            "rows": selectors.targets_with_progress(list(page.object_list), today),
            "archived": archived,
            "today": today,
            "can_create": bool(scoping.units_for(user, access.LEADERS)),
        },
    )


def target_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    units = selectors.led_units(user)
    if not units.exists():
        raise PermissionDenied
    today = timezone.localdate()
    form = TargetForm(
        request.POST or None,
        units=units,
        initial={"base_year": today.year, "final_year": today.year + 2},
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
            return redirect("governance:target_detail", pk=target.pk)
    return render(
        request,
        "governance/targets/target_form.html",
        {"form": form, "title": _("New target")},
        status=400 if form.errors else 200,
    )


def _detail_context(user: User, target: Target, entry_form: EntryForm | None) -> dict[str, Any]:
    today = timezone.localdate()
    row = selectors.targets_with_progress([target], today)[0]
    editable = target.archived_at is None
    can_enter = editable and not target.source and access.can_manage(user, target.org_unit)
    last = min(target.final_year, today.year)
    return {
        "target": target,
        "row": row,
        "progress": row.progress,
        "entries": list(target.entries.select_related("entered_by").order_by("-entered_at", "-pk"))
        if not target.source
        else [],
        "today": today,
        "can_edit": editable and not row.own_page and access.can_lead(user, target.org_unit),
        "can_enter": can_enter and target.base_year <= last,
        "entry_form": entry_form
        or EntryForm(initial={"year": last if target.base_year <= last else ""}),
    }


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The target's years (milestone, figure, reached), its entries and its buttons."""
    user = request_user(request)
    target = selectors.access_target(user, pk)
    return render(
        request, "governance/targets/target_detail.html", _detail_context(user, target, None)
    )


def _editable(request: HttpRequest, pk: int) -> tuple[User, Target]:
    user = request_user(request)
    target = selectors.access_target(user, pk)
    if not access.can_lead(user, target.org_unit):
        raise PermissionDenied
    return user, target


def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, target = _editable(request, pk)
    milestones = dict(target.milestones.values_list("year", "value"))
    form = TargetForm(
        request.POST or None, units=None, initial=TargetForm.initial_of(target, milestones)
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
            return redirect("governance:target_detail", pk=target.pk)
    return render(
        request,
        "governance/targets/target_form.html",
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
        return redirect("governance:target_detail", pk=target.pk)
    messages.success(request, _("The target %(title)s was archived.") % {"title": target.title})
    return redirect("governance:targets_index")


@require_POST
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter the figure of a year with its evidence; a refusal is shown on the target's page."""
    user = request_user(request)
    target = selectors.access_target(user, pk)
    if not access.can_manage(user, target.org_unit):
        raise PermissionDenied
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            services.entry_add(
                user,
                target,
                year=form.cleaned_data["year"],
                value=form.cleaned_data["value"],
                evidence=form.cleaned_data["evidence"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The figure was entered."))
            return redirect("governance:target_detail", pk=target.pk)
    return render(
        request,
        "governance/targets/target_detail.html",
        _detail_context(user, target, form),
        status=400,
    )

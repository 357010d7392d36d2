"""Pairing pages: a person's helpers, pairing one or a group, proposals, pairing_coverage.

Forms parse input and the services in ``services`` decide; reads come from ``selectors``.
Pages that change pairings are for the roster keepers of the person's unit; to anyone else
who may read the person they are a 404, as the registry's edit forms are.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.care.models import HelperRole
from guanai.care.pairing import coverage as pairing_coverage
from guanai.care.pairing import eligibility, selectors, services
from guanai.care.pairing.forms import (
    BulkFilterForm,
    BulkPairingForm,
    CoverageFilterForm,
    PairingEndForm,
    PairingForm,
    SuggestForm,
)
from guanai.care.permissions import can_edit_roster_of
from guanai.core.errors import DomainError
from guanai.core.paging import page_of
from guanai.orgs.selectors import breadcrumb_of
from guanai.registry.models import Person


@login_required
def person_pairings(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a person's helpers now and the pairings that ended."""
    user = request_user(request)
    person = selectors.access_person_paired(user, pk)
    current, ended = selectors.person_pairings(person)
    return render(
        request,
        "care/pairing/person_pairings.html",
        {
            "person": person,
            "current": current,
            "ended": ended,
            "can_pair": can_edit_roster_of(user, person.org_unit) and not person.is_archived,
            "units": breadcrumb_of(person.org_unit, scoping.org_units_visible(user)),
        },
    )


@login_required
def pairing_new(request: HttpRequest) -> HttpResponse:
    """Pair a helper, or a study buddy by name, with one person (``?person=<pk>``)."""
    user = request_user(request)
    person_pk = request.GET.get("person", "")
    if not person_pk.isdigit():
        raise Http404
    person = selectors.access_person_to_pair(user, int(person_pk))
    form = PairingForm(
        request.POST or None,
        helpers=eligibility.helpers_offered(user, [person.org_unit, person.school]),
        initial={"started_on": timezone.localdate(), "role": HelperRole.SUBJECT_TEACHER},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.pairing_start(
                acting_user=user,
                person=person,
                helper=data["helper"],
                buddy_name=data["buddy_name"],
                role=data["role"],
                started_on=data["started_on"],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            who = made.helper.get_full_name() if made.helper else made.buddy_name
            messages.success(
                request,
                _("%(helper)s was paired with %(name)s.") % {"helper": who, "name": person.name},
            )
            return redirect("care:person_pairings", pk=person.pk)
    return render(
        request,
        "care/pairing/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Pair a helper with %(name)s") % {"name": person.name},
            "submit": _("Pair"),
        },
    )


@login_required
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a pairing with a date and a reason; it stays in the history."""
    user = request_user(request)
    current = selectors.access_pairing(user, pk)
    person = current.person
    if not can_edit_roster_of(user, person.org_unit):
        raise Http404
    if current.ended_on is not None:
        messages.info(request, _("This pairing has ended already."))
        return redirect("care:person_pairings", pk=person.pk)
    form = PairingEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_end(
                acting_user=user,
                pairing=current,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["end_reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The pairing ended; it stays in the history."))
            return redirect("care:person_pairings", pk=person.pk)
    who = current.helper.get_full_name() if current.helper else current.buddy_name
    return render(
        request,
        "care/pairing/form.html",
        {
            "form": form,
            "person": person,
            "title": _("End the pairing of %(helper)s with %(name)s")
            % {"helper": who, "name": person.name},
            "lead": _("%(role)s since %(date)s.")
            % {"role": current.get_role_display(), "date": date_format(current.started_on)},
            "submit": _("End the pairing"),
        },
    )


@login_required
def pairing_bulk(request: HttpRequest) -> HttpResponse:
    """Pair one helper in one role with the persons ticked in a filtered list."""
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_EDITORS)
    filters = BulkFilterForm(request.GET or None, units=scoping.roster_edit_units(user))
    persons = selectors.persons_to_pair(user, filters.to_filter())
    page = page_of(persons, request.GET.get("page"))
    form = BulkPairingForm(
        request.POST or None,
        helpers=eligibility.helpers_offered(user, []),
        initial={"started_on": timezone.localdate(), "role": HelperRole.SUBJECT_TEACHER},
    )
    ticked = [int(v) for v in request.POST.getlist("persons") if v.isdigit()]
    # A ticked person outside the user's scope is not found, whatever else the form says.
    chosen = selectors.persons_chosen(user, ticked)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.pairings_start_bulk(
                acting_user=user,
                persons=chosen,
                helper=data["helper"],
                role=data["role"],
                started_on=data["started_on"],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("%(helper)s was paired with %(count)s persons.")
                % {"helper": data["helper"].get_full_name(), "count": len(made)},
            )
            return redirect(request.get_full_path())
    return render(
        request,
        "care/pairing/bulk.html",
        {"filters": filters, "form": form, "page": page, "ticked": set(ticked)},
    )


def _proposals_posted(user: User, values: list[str]) -> list[tuple[Person, User, str]]:
    """Parse the ticked proposals ("person-helper-role"); an unknown person is a 404."""
    parsed = []
    for value in values:
        parts = value.split("-", 2)
        if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
            raise Http404
        parsed.append((int(parts[0]), int(parts[1]), parts[2]))
    persons_by_pk = {p.pk: p for p in selectors.persons_chosen(user, [p for p, _h, _r in parsed])}
    helpers = selectors.helpers_named(h for _p, h, _r in parsed)
    if any(h not in helpers for _p, h, _r in parsed):
        raise Http404
    return [(persons_by_pk[p], helpers[h], r) for p, h, r in parsed]


@login_required
def pairing_suggest(request: HttpRequest) -> HttpResponse:
    """Propose helpers for a unit's unpaired pupils; the worker accepts all or some."""
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_EDITORS)
    units = scoping.roster_edit_units(user).order_by("path")
    form = SuggestForm(request.GET or None, units=units)
    started_on = timezone.localdate()
    if request.method == "POST":
        proposals = _proposals_posted(user, request.POST.getlist("accept"))
        try:
            made = services.pairings_accept(
                acting_user=user, proposals=proposals, started_on=started_on
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("%(count)s pairings were started.") % {"count": len(made)})
            return redirect(request.get_full_path())
    proposals_shown: list[pairing_coverage.Proposal] = []
    unit = None
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        proposals_shown = pairing_coverage.pairing_suggestions(
            user, unit, role=form.cleaned_data["role"] or HelperRole.SUBJECT_TEACHER
        )
    return render(
        request,
        "care/pairing/suggest.html",
        {
            "form": form,
            "unit": unit,
            "proposals": proposals_shown,
            "limit": pairing_coverage.SUGGEST_LIMIT,
        },
    )


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Show who has no helper and how loaded the helpers are, for a unit of the rosters."""
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_ROLES)
    form = CoverageFilterForm(request.GET or None, units=selectors.roster_units(user))
    f = form.to_filter()
    show = "helpers" if request.GET.get("show") == "helpers" else "persons"
    rows: QuerySet[Any]
    if show == "helpers":
        rows = pairing_coverage.helper_loads_listed(user, f)
    else:
        rows = pairing_coverage.persons_unpaired(user, f)
    page = page_of(rows, request.GET.get("page"))
    return render(
        request,
        "care/pairing/coverage.html",
        {
            "form": form,
            "filter": f,
            "totals": pairing_coverage.coverage_totals(user, f),
            "show": show,
            "page": page,
            "units": breadcrumb_of(f.unit, scoping.org_units_visible(user)) if f.unit else [],
            "can_pair": bool(scoping.units_for(user, scoping.ROSTER_EDITORS)),
        },
    )

"""Medical-assistance pages: the claims list, a new claim for a person (picked by a name
search), a claim with every amount and its explanation, cancelling with a reason, and the
calculator that tries a claim without saving it.

``claims.py`` and ``medical`` compute and check; the forms here only carry the values.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.benefits import claims
from guanai.benefits.forms import (
    CLAIM_FIELDS,
    CalculatorForm,
    ClaimCancelForm,
    ClaimFilterForm,
    ClaimForm,
    PersonSearchForm,
)
from guanai.benefits.medical import ClaimResult
from guanai.benefits.models import ClaimStatus, MedicalClaim
from guanai.benefits.views_common import (
    PAGE_SIZE,
    division_units,
    readable_units,
    reader,
)
from guanai.core.errors import DomainError
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person
from guanai.registry.selectors import access_person_on_roster

# --- List and detail ------------------------------------------------------------------------


def _filtered(user: User, filters: ClaimFilterForm) -> QuerySet[MedicalClaim]:
    found = claims.claims_visible(user)
    if not filters.is_valid():
        return found
    data = filters.cleaned_data
    if data.get("unit") is not None:
        found = found.filter(subtree_q([data["unit"]], field="person__org_unit__path"))
    if data.get("year"):
        found = found.filter(discharged__year=data["year"])
    if data.get("status"):
        found = found.filter(status=data["status"])
    return found


@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    filters = ClaimFilterForm(request.GET or None, units=division_units(readable_units(user), user))
    found = _filtered(user, filters)
    totals = found.aggregate(
        claims=Count("pk"),
        total=Sum("total", filter=Q(status=ClaimStatus.RECORDED)),
    )
    page = Paginator(found.order_by("-discharged", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "benefits/claim_list.html",
        {
            "filters": filters,
            "page": page,
            "totals": totals,
            "can_record": bool(scoping.units_for(user, scoping.ROSTER_EDITORS)),
        },
    )


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    claim = claims.access_claim(user, pk)
    return _detail_page(request, user, claim, ClaimCancelForm())


def _detail_page(
    request: HttpRequest, user: User, claim: MedicalClaim, form: ClaimCancelForm
) -> HttpResponse:
    can_cancel = claims.can_record_claims(user, claim.person) and (
        claim.status == ClaimStatus.RECORDED
    )
    return render(
        request,
        "benefits/claim_detail.html",
        {"claim": claim, "form": form, "can_cancel": can_cancel},
    )


@login_required
@require_POST
def claim_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    claim = claims.access_claim(user, pk)
    if not claims.can_record_claims(user, claim.person):
        raise PermissionDenied
    form = ClaimCancelForm(request.POST)
    if form.is_valid():
        try:
            claims.claim_cancel(acting_user=user, claim=claim, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The claim is cancelled; it no longer counts."))
            return redirect("benefits:claim_detail", pk=claim.pk)
    return _detail_page(request, user, claim, form)


# --- Picking a person -----------------------------------------------------------------------


def _pick_page(
    request: HttpRequest,
    user: User,
    *,
    title: str,
    target: str,
    editors_only: bool,
    keep: tuple[tuple[str, str], ...] = (),
) -> HttpResponse:
    """List the poor-group persons the user may choose, found by name or ID number."""
    search = PersonSearchForm(request.GET or None)
    text = search.cleaned_data.get("q", "") if search.is_valid() else ""
    persons = claims.claimable_persons(user, text, editors_only=editors_only)
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "benefits/person_pick.html",
        {"title": title, "search": search, "page": page, "target": target, "keep": keep},
    )


def _person_param(request: HttpRequest, user: User) -> Person | None:
    raw = request.GET.get("person", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return access_person_on_roster(user, int(raw))


# --- New claim and calculator -----------------------------------------------------------------


@login_required
def claim_new(request: HttpRequest) -> HttpResponse:
    """Record a hospital stay for ``?person=``; without one, find the person first.

    "Compute" shows the amounts without saving; "Save" records the claim.
    """
    user = reader(request)
    if not scoping.units_for(user, scoping.ROSTER_EDITORS):
        raise PermissionDenied
    person = _person_param(request, user)
    if person is None:
        return _pick_page(
            request,
            user,
            title=_("New medical claim: choose the patient"),
            target=reverse("benefits:claim_new"),
            editors_only=True,
        )
    if not claims.can_record_claims(user, person):
        raise PermissionDenied
    form = ClaimForm(request.POST or None)
    result: ClaimResult | None = None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "preview":
                result = claims.claim_preview(person=person, data=form.claim_data())
            else:
                claim = claims.claim_record(acting_user=user, person=person, data=form.claim_data())
                messages.success(
                    request,
                    _("The claim of %(name)s is recorded: %(total)s in all.")
                    % {"name": person.name, "total": f"¥{claim.total:,.2f}"},
                )
                return redirect("benefits:claim_detail", pk=claim.pk)
        except DomainError as exc:
            form.add_domain_error(exc)
    return render(
        request,
        "benefits/claim_form.html",
        {
            "form": form,
            "person": person,
            "result": result,
            "title": _("New medical claim for %(name)s") % {"name": person.name},
        },
    )


def _hidden_values(form: CalculatorForm) -> list[tuple[str, str]]:
    """Return the tried claim's fields as (name, value) to post them as a claim."""
    values: list[tuple[str, str]] = []
    for name in CLAIM_FIELDS:
        value: Any = form.cleaned_data.get(name)
        if isinstance(value, bool):
            if value:
                values.append((name, "on"))
        elif value is not None and value != "":
            values.append((name, value.isoformat() if hasattr(value, "isoformat") else str(value)))
    return values


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    """Try a claim: for a chosen person (``?person=``) or for groups typed in. Saves nothing."""
    user = reader(request)
    if request.GET.get("choose"):
        return _pick_page(
            request,
            user,
            title=_("Calculator: choose the patient"),
            target=reverse("benefits:calculator"),
            editors_only=False,
            keep=(("choose", "1"),),
        )
    person = _person_param(request, user)
    data = request.GET if "discharged" in request.GET else None
    form = CalculatorForm(data, with_person=person is not None)
    result: ClaimResult | None = None
    if form.is_bound and form.is_valid():
        try:
            result = claims.claim_preview(person=person, data=form.claim_data())
        except DomainError as exc:
            form.add_domain_error(exc)
    can_save = result is not None and person is not None and claims.can_record_claims(user, person)
    return render(
        request,
        "benefits/calculator.html",
        {
            "form": form,
            "person": person,
            "result": result,
            "can_save": can_save,
            "hidden": _hidden_values(form) if can_save else [],
        },
    )

"""Donations: the list of those received, the form to record one (for a person chosen
first, or on a volunteer visit), matching goods to needs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.community import giving
from guanai.community.giving.forms import DonationForm, MatchForm
from guanai.community.giving.views.picking import chosen_person, pick_page, search_text
from guanai.community.volunteers import access as volunteers_access
from guanai.core.dates import parse_date
from guanai.core.errors import DomainError
from guanai.core.paging import PAGE_SIZE


def donations_reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not giving.can_open_donations(user):
        raise PermissionDenied
    return user


def donation_list(request: HttpRequest) -> HttpResponse:
    user = donations_reader(request)
    page = Paginator(giving.donations_list(user), PAGE_SIZE).get_page(request.GET.get("page"))
    donations = list(page)
    return render(
        request,
        "community/giving/donation_list.html",
        {
            "page": page,
            "rows": [(d, giving.donor_label(d)) for d in donations],
            "can_record": giving.giving_units(user).exists(),
        },
    )


def donation_new(request: HttpRequest) -> HttpResponse:
    """Record a donation; ``?need=`` fills in the need, ``?person=`` the person chosen."""
    user = donations_reader(request)
    if not giving.giving_units(user).exists():
        raise PermissionDenied
    initial: dict[str, object] = {}
    need_id = request.GET.get("need", "")
    if need_id.isascii() and need_id.isdigit():
        need = giving.access_need(user, int(need_id))
        initial = {"destination": "need", "need": need.pk, "kind": "in_kind", "item": need.item}
        initial["measure"] = need.measure
    person = chosen_person(request, user)
    if person is not None:
        initial = {"destination": "person"}
    form = DonationForm(request.POST or None, user=user, person=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            donation = giving.donation_record(
                acting_user=user, data=form.to_data(), to=form.destined()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The donation is recorded."))
            if donation.need_id is not None:
                return redirect("community:need_detail", pk=donation.need_id)
            return redirect("community:donation_detail", pk=donation.pk)
    return render(
        request,
        "community/giving/donation_form.html",
        {"form": form, "person": person, "cancel_url": reverse("community:donations")},
    )


def donation_person_pick(request: HttpRequest) -> HttpResponse:
    """Choose the person a donation is for, then record it."""
    user = donations_reader(request)
    if not giving.giving_units(user).exists():
        raise PermissionDenied
    search, text = search_text(request)
    return pick_page(
        request,
        title=_("Donation to a person: choose the person"),
        search=search,
        persons=giving.persons_for_donation(user, text),
        target=reverse("community:donation_new"),
        cancel=reverse("community:donations"),
    )


def visit_donation_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer records a donation received on the visit: for the host unit or a need."""
    user = request_user(request)
    if not volunteers_access.can_open_volunteers(user):
        raise PermissionDenied
    visit = volunteers_access.access_visit(user, pk)
    if not giving.can_record_on_visit(user, visit):
        raise PermissionDenied
    form = DonationForm(
        request.POST or None,
        user=user,
        visit=visit,
        initial={"destination": "unit", "unit": visit.event.org_unit_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            giving.donation_record(acting_user=user, data=form.to_data(), to=form.destined())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The donation is recorded."))
            return redirect("community:visit_detail", pk=visit.pk)
    return render(
        request,
        "community/giving/donation_form.html",
        {
            "form": form,
            "visit": visit,
            "cancel_url": reverse("community:visit_detail", args=[visit.pk]),
        },
    )


def donation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = donations_reader(request)
    donation = giving.access_donation(user, pk)
    matched = giving.matched_quantities([donation]).get(donation.pk, 0)
    can_match = (
        donation.kind == "in_kind"
        and giving.can_post_need(user, donation.org_unit)
        and matched < (donation.quantity or 0)
    )
    form = None
    if can_match:
        form = MatchForm(request.POST or None, needs=giving.needs_to_match(user, donation))
        if request.method == "POST" and form.is_valid():
            try:
                giving.donation_match(
                    acting_user=user,
                    donation=donation,
                    need=form.cleaned_data["need"],
                    quantity=form.cleaned_data["quantity"],
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("The goods are matched to the need."))
                return redirect("community:need_detail", pk=form.cleaned_data["need"].pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "community/giving/donation_detail.html",
        {
            "donation": donation,
            "donor": giving.donor_label(donation),
            "matched": matched,
            "matches": donation.matches.select_related("need__org_unit").order_by("pk"),
            "form": form,
            "can_acknowledge": donation.acknowledged_on is None
            and giving.can_post_need(user, donation.org_unit),
        },
    )


@require_POST
def donation_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the day the donor was thanked; a refusal comes back as a message."""
    user = donations_reader(request)
    donation = giving.access_donation(user, pk)
    try:
        text = request.POST.get("on", "").strip()
        on = parse_date(text) if text else None
        giving.donation_acknowledge(acting_user=user, donation=donation, on=on)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The acknowledgement is recorded."))
    return redirect("community:donation_detail", pk=donation.pk)

"""The needs board (需求清单) of a county, a need's page, the form to post one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.community import giving
from guanai.community.giving.forms import NeedForm
from guanai.core.errors import DomainError
from guanai.core.paging import PAGE_SIZE
from guanai.registry.models import Person
from guanai.registry.selectors import access_person


def needs_reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not giving.can_open_needs(user):
        raise PermissionDenied
    return user


def need_board(request: HttpRequest) -> HttpResponse:
    user = needs_reader(request)
    show_met = request.GET.get("show") == "all"
    found = giving.needs_list(user, open_only=not show_met)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(need, giving.progress_of(need)) for need in page]
    return render(
        request,
        "community/giving/need_board.html",
        {
            "page": page,
            "rows": rows,
            "show_met": show_met,
            "can_post": giving.giving_units(user).exists(),
        },
    )


# The longest item a link may prefill (the field's own limit).
ITEM_PREFILL_MAX = 100


def _asked_person(user: User, raw: str) -> Person | None:
    """Return the person a link names (``?person=``), one the user may post a need for."""
    if not raw.isdigit():
        return None
    person = access_person(user, int(raw))
    if not giving.can_post_need(user, person.org_unit):
        raise PermissionDenied
    return person


def need_new(request: HttpRequest) -> HttpResponse:
    """Post a need; ``?person=&item=`` (a survey's problem) prefills it for that person."""
    user = needs_reader(request)
    if not giving.giving_units(user).exists():
        raise PermissionDenied
    person = _asked_person(user, request.GET.get("person", ""))
    initial: dict[str, object] = {}
    if person is not None:
        initial["unit"] = person.org_unit
    item = " ".join(request.GET.get("item", "").split())
    if item and len(item) <= ITEM_PREFILL_MAX:
        initial["item"] = item
    form = NeedForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            need = giving.need_post(
                acting_user=user,
                org_unit=c["unit"],
                item=c["item"],
                quantity=c["quantity"],
                measure=c["measure"],
                estimated_value=c["estimated_value"],
                urgency=c["urgency"],
                why=c["why"],
                posted_on=c["posted_on"],
                person=person,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("The need is on the board."))
            return redirect("community:need_detail", pk=need.pk)
    return render(request, "community/giving/need_form.html", {"form": form, "person": person})


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = needs_reader(request)
    need = giving.access_need(user, pk)
    matches = list(giving.matches_of(need))
    return render(
        request,
        "community/giving/need_detail.html",
        {
            "need": need,
            "progress": giving.progress_of(need),
            "matches": [(m, giving.donor_label(m.donation)) for m in matches],
            "shows_person": giving.sees_need_person(user, need),
            "can_record": giving.can_post_need(user, need.org_unit),
        },
    )

"""Choosing a person before a form that gives to one (a grant, a donation): found by name,
pinyin or initials, as on the benefits pages; the list shows no ID or phone number."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from guanai.accounts.models import User
from guanai.community.giving.forms import PersonSearchForm
from guanai.core.paging import PAGE_SIZE
from guanai.registry.models import Person
from guanai.registry.selectors import access_person_on_roster


def search_text(request: HttpRequest) -> tuple[PersonSearchForm, str]:
    search = PersonSearchForm(request.GET or None)
    return search, search.cleaned_data.get("q", "") if search.is_valid() else ""


def pick_page(
    request: HttpRequest,
    *,
    title: str,
    search: PersonSearchForm,
    persons: QuerySet[Person],
    target: str,
    cancel: str,
) -> HttpResponse:
    """List the persons to choose from; each choice opens ``target?person=<id>``."""
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/giving/person_pick.html",
        {"title": title, "search": search, "page": page, "target": target, "cancel": cancel},
    )


def chosen_person(request: HttpRequest, user: User) -> Person | None:
    """Return the person named by ``?person=``, on the user's rosters (else 404), or None."""
    raw = request.GET.get("person", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise Http404
    return access_person_on_roster(user, int(raw))

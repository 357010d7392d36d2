"""The coverage page: per term and unit, who joined nothing, and participation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.requests import request_user
from guanai.activities.events import coverage
from guanai.activities.events.terms import parse_term, term_of
from guanai.registry.selectors import current_categories

PAGE_SIZE = 50


@login_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_ROLES)
    units = coverage.coverage_units(user)
    unit_id = request.GET.get("unit", "")
    if unit_id:
        if not (unit_id.isascii() and unit_id.isdigit() and len(unit_id) < 12):
            raise Http404
        unit = units.filter(pk=int(unit_id)).first()
    else:
        unit = next(iter(scoping.units_for(user, scoping.ROSTER_ROLES)), None)
    if unit is None:
        raise Http404
    code = request.GET.get("term", "")
    term = parse_term(code) if code else term_of(timezone.localdate())
    if term is None:
        raise Http404
    persons = coverage.not_joined(user, unit, term).prefetch_related(current_categories())
    page = Paginator(persons, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/events/coverage.html",
        {
            "unit": unit,
            "units": scoping.units_for(user, scoping.ROSTER_ROLES),
            "term": term,
            "page": page,
            "totals": coverage.totals(user, unit, term),
            "by_category": coverage.by_category(user, unit, term),
            "by_class": coverage.by_class(user, unit, term),
            "by_kind": coverage.by_kind(user, unit, term),
        },
    )

"""A unit's order of categories for places: one number per category, 1 first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.requests import request_user
from guanai.activities.events import priority
from guanai.activities.events.access import event_units
from guanai.activities.events.enrolment import unit_ranks
from guanai.activities.events.services import category_priority_set
from guanai.core.errors import DomainError
from guanai.registry.models import Category


def _rank(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= len(Category.values)):
        raise ValueError(text)
    return int(text)


@login_required
def priority_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    units = event_units(user)
    unit_id = request.GET.get("unit", "")
    if unit_id:
        if not (unit_id.isascii() and unit_id.isdigit() and len(unit_id) < 12):
            raise Http404
        unit = units.filter(pk=int(unit_id)).first()
        if unit is None:
            raise Http404
    else:
        unit = next(iter(scoping.units_for(user, scoping.ROSTER_EDITORS)), None)
        if unit is None:
            raise PermissionDenied
    error = ""
    if request.method == "POST":
        try:
            ranks = {code: _rank(request.POST.get(code, "")) for code in Category.values}
        except ValueError:
            error = _("Give each category a number from 1 to %(count)s, or leave it empty.") % {
                "count": len(Category.values)
            }
        else:
            numbers = [r for r in ranks.values() if r is not None]
            if len(numbers) != len(set(numbers)):
                error = _("Give each category a different number.")
            else:
                order = sorted((r, code) for code, r in ranks.items() if r is not None)
                try:
                    category_priority_set(
                        acting_user=user, org_unit=unit, order=[code for _r, code in order]
                    )
                except DomainError as exc:
                    error = str(exc.message)
                else:
                    messages.success(request, _("The order of categories is saved."))
                    url = reverse("activities:event_priorities")
                    return redirect(f"{url}?unit={unit.pk}")
    current = unit_ranks(unit)
    rows = sorted(
        ((current.get(code), code, label) for code, label in Category.choices),
        key=lambda row: (row[0] is None, row[0] or 0),
    )
    return render(
        request,
        "activities/events/priorities.html",
        {
            "unit": unit,
            "units": scoping.units_for(user, scoping.ROSTER_EDITORS),
            "rows": [(rank, code, label) for rank, code, label in rows],
            "error": error,
            "others": priority.OTHERS,
        },
        status=400 if error else 200,
    )

"""The unit's page of the work organisation (工作机制): each part's panel for one unit —
its leading group, this year's plan, supervision and rectifications (those the unit must
make and those it required of the units below), practical matters, targets."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from guanai.governance import panels, selectors
from guanai.governance.pages import reader


def unit_page(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    unit = selectors.unit_asked(user, request.GET.get("unit"))
    today = timezone.localdate()
    return render(
        request,
        "governance/unit.html",
        {
            "unit": unit,
            "units": selectors.home_units(user),
            "below": selectors.readable_units(user).filter(parent=unit, is_active=True),
            "panels": panels.panels_shown(panels.UNIT, user, unit, today),
            "today": today,
        },
    )

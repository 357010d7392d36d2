"""The unit's page of the work organisation (工作机制): each part's panel for one unit —
its leading group, this year's plan, practical matters, supervision and rectifications
(those the unit must make and those it required of the units below), targets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.governance import access, matters, selectors
from guanai.governance.groups import panels as group_panels
from guanai.governance.plans import panels as plan_panels
from guanai.governance.supervision import panels as supervision_panels
from guanai.orgs.models import OrgUnit

Panel = Callable[[User, OrgUnit, date], object | None]

# (template, the part's panel): each part says what it shows on the unit's page.
PANELS: list[tuple[str, Panel]] = [
    ("governance/groups/_unit_panel.html", group_panels.unit_panel),
    ("governance/plans/_unit_panel.html", plan_panels.unit_panel),
    ("governance/supervision/_unit_panel.html", supervision_panels.unit_panel),
    ("governance/matters/_unit_panel.html", matters.unit_panel),
]


def unit_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not access.can_open(user):
        raise PermissionDenied
    unit = selectors.access_unit(user, request.GET.get("unit"))
    today = timezone.localdate()
    panels = []
    for template, panel in PANELS:
        shown = panel(user, unit, today)
        if shown is not None:
            panels.append({"template": template, "panel": shown})
    return render(
        request,
        "governance/unit.html",
        {
            "unit": unit,
            "units": selectors.home_units(user),
            "below": selectors.readable_units(user).filter(parent=unit, is_active=True),
            "panels": panels,
            "today": today,
        },
    )


def coming(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/coming.html")

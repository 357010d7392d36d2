"""What the report pages share: who may read them, the unit and month of the address."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.core.errors import ValidationFailed
from guanai.core.months import add_months, previous_month, this_month
from guanai.orgs.models import OrgUnit
from guanai.reports import monthly
from guanai.reports.figures import month_of


def reader(request: HttpRequest) -> User:
    """Return the user if they read reports: leaders, workers and viewers."""
    user = request_user(request)
    if not scoping.units_for(user, scoping.ROSTER_ROLES):
        raise PermissionDenied
    return user


def unit_of(user: User, pk: int) -> OrgUnit:
    return monthly.access_unit(user, pk)


def month_from(text: str) -> dt.date:
    try:
        return month_of(text).first
    except ValidationFailed as exc:
        raise Http404 from exc


def last_month() -> dt.date:
    return previous_month(this_month())


def neighbour(month: dt.date, step: int) -> dt.date | None:
    moved = add_months(month, step)
    return moved if moved <= this_month() else None

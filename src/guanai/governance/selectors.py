"""The units whose work organisation a user reads: for every part's unit chooser, the unit
page and the API's ``unit_id`` (supervision alone reads the roster scope, its own)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.governance import access
from guanai.orgs.models import OrgUnit


def home_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units the user holds a reading role in, the highest first."""
    units = {unit.pk: unit for unit in scoping.units_for(user, access.READERS)}
    return sorted(units.values(), key=lambda unit: (len(unit.path), unit.path))


def readable_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units whose groups, plans and commitments the user reads: their units'
    subtrees and the units above them."""
    return OrgUnit.objects.filter(access.read_q(user, field="path"))


def access_unit(user: AnyUser, pk: int) -> OrgUnit:
    """Return a unit the user reads, or raise Http404."""
    return get_object_or_404(readable_units(user), pk=pk)


def number(value: str | None) -> int | None:
    """Return a number asked in an address (``?unit=``, ``?year=``), None when none is
    asked; anything else than a plain number is 404."""
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


def unit_asked(user: AnyUser, value: str | None) -> OrgUnit:
    """Return the unit ``?unit=`` names if the user reads it (their first unit when none is
    named), or raise Http404."""
    pk = number(value)
    if pk is not None:
        return access_unit(user, pk)
    units = home_units(user)
    if not units:
        raise Http404
    return units[0]

"""Reads of the pairings and of the persons the pairing pages offer.

Every read is scoped by ``accounts.scoping`` (the persons a user may read, the units whose
roster the user keeps); an object outside the scope is ``Http404``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import AnyUser
from guanai.care.models import Pairing
from guanai.care.permissions import can_edit_roster_of, care_persons
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.registry.selectors import PersonFilter, persons_search


def pairings_visible(user: AnyUser) -> QuerySet[Pairing]:
    """Return the pairings of the persons the user may read, newest first."""
    return Pairing.objects.filter(scoping.persons_q(user, "person__")).select_related(
        "person", "person__org_unit", "helper"
    )


def access_pairing(user: AnyUser, pk: int) -> Pairing:
    """Return a pairing of a person the user may read, or raise Http404."""
    return get_object_or_404(pairings_visible(user), pk=pk)


def pairings_search(
    user: AnyUser,
    *,
    person_id: int | None = None,
    helper_id: int | None = None,
    is_open: bool | None = None,
) -> QuerySet[Pairing]:
    """Return the visible pairings of a person, of a helper, open or ended."""
    pairings = pairings_visible(user)
    if person_id is not None:
        pairings = pairings.filter(person_id=person_id)
    if helper_id is not None:
        pairings = pairings.filter(helper_id=helper_id)
    if is_open is not None:
        pairings = pairings.filter(ended_on__isnull=is_open)
    return pairings.order_by("-started_on", "-pk")


def person_pairings(person: Person) -> tuple[list[Pairing], list[Pairing]]:
    """Return a person's current pairings and the ended ones (latest ended first)."""
    pairings = list(Pairing.objects.filter(person=person).select_related("helper", "created_by"))
    current = [p for p in pairings if p.ended_on is None]
    ended = sorted(
        (p for p in pairings if p.ended_on is not None),
        key=lambda p: (p.ended_on, p.pk),
        reverse=True,
    )
    return current, ended


# --- The persons the pairing pages offer ----------------------------------------------


def access_person_paired(user: AnyUser, pk: int) -> Person:
    """Return a person whose pairings the user may read, else raise Http404."""
    return get_object_or_404(care_persons(user), pk=pk)


def access_person_to_pair(user: AnyUser, pk: int) -> Person:
    """Return a person the user may pair helpers with (roster keepers), else raise Http404."""
    person = access_person_paired(user, pk)
    if not can_edit_roster_of(user, person.org_unit):
        raise Http404
    return person


def persons_chosen(user: AnyUser, pks: Iterable[int]) -> list[Person]:
    """Return the ticked persons, each of them one the user may read; any other is a 404."""
    wanted = set(pks)
    found = list(care_persons(user).filter(pk__in=wanted).select_related("org_unit"))
    if len(found) != len(wanted):
        raise Http404
    return found


def _open_pairings() -> Prefetch:
    return Prefetch(
        "pairings",
        queryset=Pairing.objects.filter(ended_on__isnull=True).select_related("helper"),
        to_attr="open_pairings",
    )


def persons_to_pair(user: AnyUser, f: PersonFilter) -> QuerySet[Person]:
    """Return the persons of the units whose roster the user keeps, with their open pairings."""
    return (
        persons_search(user, f)
        .filter(org_unit__in=scoping.roster_edit_units(user))
        .prefetch_related(_open_pairings())
    )


def helpers_named(pks: Iterable[int]) -> dict[int, User]:
    """Return the accounts by key; whether each may be paired is the service's to say."""
    return {h.pk: h for h in User.objects.filter(pk__in=set(pks))}


def roster_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units of the user's rosters (the coverage's scope)."""
    return OrgUnit.objects.filter(scoping.roster_subtree_q(user, field="path"))

"""Reads of the roster, always through ``accounts.scoping``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.core.crypto import lookup_hash
from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import normalise_id, parse_id
from guanai.orgs.models import OrgUnit
from guanai.registry.models import (
    Person,
    PersonCategory,
    Transfer,
    TransferStatus,
)


def current_categories() -> Prefetch:
    """Prefetch the categories in force today (as ``current_categories``)."""
    today = timezone.localdate()
    return Prefetch(
        "categories",
        queryset=PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today
        ),
        to_attr="current_categories",
    )


def persons_visible(user: AnyUser, *, roster_only: bool = False) -> QuerySet[Person]:
    """Return the persons the user may read (roster subtree, or paired to a helper).

    ``roster_only`` gives the persons on the user's rosters and nobody a pairing adds:
    benefits, claims and rolls are for the roster roles (issue 5).
    """
    return (
        Person.objects.filter(scoping.persons_q(user, roster_only=roster_only))
        .select_related("org_unit", "school", "village")
        .prefetch_related(current_categories())
    )


def persons_on_roster(user: AnyUser) -> QuerySet[Person]:
    """Return the persons on the rosters the user reads (leader, worker, viewer), no pairing."""
    return persons_visible(user, roster_only=True)


def access_person(user: AnyUser, pk: int, *, roster_only: bool = False) -> Person:
    """Return a person the user may read, or raise Http404."""
    return get_object_or_404(persons_visible(user, roster_only=roster_only), pk=pk)


def access_person_on_roster(user: AnyUser, pk: int) -> Person:
    """Return a person on the user's rosters, or raise Http404 (a pairing is not enough)."""
    return access_person(user, pk, roster_only=True)


@dataclass(frozen=True)
class PersonFilter:
    q: str = ""
    category: str = ""
    unit: OrgUnit | None = None
    school_class: str = ""
    status: str = "active"


def persons_search(user: AnyUser, f: PersonFilter) -> QuerySet[Person]:
    """Search the visible roster by name, pinyin, initials or exact ID number.

    "zs" finds 张三 by initials; "zhangsan" by full pinyin; an ID number (15 or 18
    characters, any spacing) by its keyed hash, never by decrypting the column.
    """
    persons = persons_visible(user)
    text = f.q.strip()
    if text:
        persons = persons.filter(_text_q(text))
    if f.category:
        today = timezone.localdate()
        persons = persons.filter(
            Q(categories__ended_on__isnull=True) | Q(categories__ended_on__gte=today),
            categories__category=f.category,
            categories__started_on__lte=today,
        ).distinct()
    if f.unit is not None:
        low, high = f.unit.subtree_bounds()
        persons = persons.filter(
            Q(org_unit__path__gte=low, org_unit__path__lt=high)
            | Q(school__path__gte=low, school__path__lt=high)
            | Q(village__path__gte=low, village__path__lt=high)
        )
    if f.school_class:
        persons = persons.filter(
            Q(class_name__icontains=f.school_class) | Q(grade__icontains=f.school_class)
        )
    if f.status == "active":
        persons = persons.filter(archived_at__isnull=True)
    elif f.status == "archived":
        persons = persons.filter(archived_at__isnull=False)
    # In roster order: by pinyin character by character, each surname together (陈 before 程).
    return persons.order_by("name_sort", "pk")


def looks_like_id(text: str) -> bool:
    """Return whether a search text is an ID number (15 or 18 characters, digits)."""
    compact = text.replace(" ", "")
    return len(compact) in (15, 18) and compact[:-1].isdigit()


def _text_q(text: str) -> Q:
    compact = text.replace(" ", "")
    if looks_like_id(compact):
        try:
            return Q(id_hash=lookup_hash(parse_id(compact).number))
        except ValidationFailed:
            return Q(id_hash=lookup_hash(normalise_id(compact)))
    if compact.isascii() and compact.isalpha():
        lowered = compact.lower()
        return Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered)
    return Q(name__contains=compact)


def transfers_incoming(user: AnyUser) -> QuerySet[Transfer]:
    """Return the transfers waiting for a unit where the user keeps the roster."""
    return (
        Transfer.objects.filter(
            status=TransferStatus.PENDING, to_unit__in=scoping.roster_edit_units(user)
        )
        .select_related("person", "from_unit", "to_unit", "requested_by")
        .prefetch_related(current_categories_of_person())
    )


def transfers_outgoing(user: AnyUser) -> QuerySet[Transfer]:
    """Return the transfers sent from the user's units: the trace of who left, and where."""
    return Transfer.objects.filter(
        scoping.roster_subtree_q(user, field="from_unit__path")
    ).select_related("person", "from_unit", "to_unit", "decided_by")


def current_categories_of_person() -> Prefetch:
    today = timezone.localdate()
    return Prefetch(
        "person__categories",
        queryset=PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today
        ),
        to_attr="current_categories",
    )

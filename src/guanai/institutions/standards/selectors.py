"""Which standards a user reads, and which one is in force for each institution.

An institution follows the standard chosen on its profile if one is; otherwise the newest
local standard in force (valid from today or earlier) of the nearest unit above it; otherwise
the newest national standard. Two queries for any number of institutions (the local
standards of all their ancestors, and those standards' items).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.institutions import national
from guanai.institutions.models import Institution, Standard, StandardItem

_ITEMS = Prefetch("items", queryset=StandardItem.objects.order_by("position"))


def national_standard() -> Standard:
    """Return the newest national standard with its items (two queries).

    A database without it (a test database flushed between transactional tests; the data
    migration seeds every other) gets version 1 again, once.
    """
    found = (
        Standard.objects.filter(code=national.CODE, org_unit=None)
        .prefetch_related(Prefetch("items", queryset=StandardItem.objects.order_by("position")))
        .order_by("-version")
        .first()
    )
    if found is not None:
        return found
    try:
        with transaction.atomic():
            national.seed(Standard, StandardItem)
    except IntegrityError:  # seeded at the same moment by another request
        pass
    return national_standard()


def standards_visible(user: AnyUser) -> QuerySet[Standard]:
    """The national standards and the local ones of the units above and below the user's."""
    ancestors = {
        p for u in scoping.units_for(user, scoping.ROSTER_ROLES) for p in u.ancestor_paths()
    }
    national_standard()  # never listed without it (a flushed test database lost it)
    return (
        Standard.objects.filter(
            Q(org_unit__isnull=True)
            | Q(org_unit__path__in=ancestors)
            | scoping.roster_subtree_q(user, field="org_unit__path")
        )
        .select_related("org_unit", "base")
        .order_by("org_unit__path", "code", "-version")
    )


def standard_visible(user: AnyUser, pk: int) -> Standard:
    """Return standard ``pk`` with its items if the user reads it (``Standard.DoesNotExist``)."""
    return standards_visible(user).prefetch_related(_ITEMS).get(pk=pk)


def in_force(
    institutions: Sequence[Institution], national: Standard, today: date
) -> dict[int, Standard]:
    """Return the standard each institution follows, by the institution's id."""
    chosen = {i.standard_id for i in institutions if i.standard_id is not None}
    paths = {p for i in institutions for p in i.org_unit.ancestor_paths()}
    found = list(
        Standard.objects.filter(
            Q(pk__in=chosen) | Q(org_unit__path__in=paths, valid_from__lte=today)
        )
        .select_related("org_unit")
        .prefetch_related(_ITEMS)
    )
    by_id = {s.pk: s for s in found}
    # The newest version of each unit's own standard.
    local: dict[str, Standard] = {}
    for s in sorted((s for s in found if s.org_unit is not None), key=lambda s: s.version):
        if s.valid_from <= today:
            local[s.org_unit.path] = s  # type: ignore[union-attr]
    result = {}
    for institution in institutions:
        if institution.standard_id is not None:
            result[institution.pk] = by_id[institution.standard_id]
            continue
        nearest = [local[p] for p in institution.org_unit.ancestor_paths() if p in local]
        result[institution.pk] = nearest[-1] if nearest else national
    return result

"""Who opens which dashboard, and who asks for its figures to be recomputed."""

from __future__ import annotations

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import is_inside

# Units of these kinds hold no persons of their own: an office (泸定县民政局) is a
# department of the unit above it, whose persons it looks after; a volunteer group gathers
# volunteers, not the persons they serve. Their dashboards would show nothing.
HOLDS_NO_PERSONS = frozenset({OrgKind.OFFICE, OrgKind.VOLUNTEER_GROUP})


def home_unit(user: User) -> OrgUnit:
    """Return the unit whose dashboard opens first: the unit the user works for that
    holds persons.

    Each unit where the user holds a roster role stands for itself — or, for an office or
    volunteer group, for the nearest unit above it that holds persons and that the user
    may read (a leader of 泸定县民政局 who also leads 泸定县 opens on 泸定县, not on the
    office). Of those, the broadest opens (a county leader who also works at a school
    opens on the county, and drills down from there). A user with nothing better opens on
    their office, whose page then says that it holds no persons.

    The caller has checked that the user reads reports (``views_common.reader``). One
    query when the user works in an office, none otherwise.
    """
    units = scoping.units_for(user, scoping.ROSTER_ROLES)
    above_paths = {
        path for unit in units if unit.kind in HOLDS_NO_PERSONS for path in unit.ancestor_paths()
    }
    above = (
        {u.path: u for u in OrgUnit.objects.filter(path__in=above_paths, is_active=True)}
        if above_paths
        else {}
    )

    def readable(unit: OrgUnit) -> bool:
        return any(is_inside(unit, mine) for mine in units)

    def stands_for(unit: OrgUnit) -> OrgUnit:
        if unit.kind not in HOLDS_NO_PERSONS:
            return unit
        for path in reversed(unit.ancestor_paths()[:-1]):  # the nearest first
            candidate = above.get(path)
            if candidate and candidate.kind not in HOLDS_NO_PERSONS and readable(candidate):
                return candidate
        return unit

    return min(
        (stands_for(unit) for unit in units),
        key=lambda u: (u.kind in HOLDS_NO_PERSONS, u.depth, u.path),
    )


def can_refresh(user: User) -> bool:
    """Leaders and workers ask for the facts to be recomputed; viewers only read them."""
    return bool(scoping.units_for(user, scoping.ROSTER_EDITORS))

"""Who may be paired with whom (结对帮扶): the pairing area of a person and its helpers.

A helper is an account holding a caring role (leader, worker, helper, volunteer) in the
person's *pairing area*: the person's county — any unit in its subtree, such as a county
volunteer group or a county office (篇八: "由县残联落实县级机关干部爱心结对") — or a unit
above it (a prefecture cadre). A helper of another county may not be paired. Where there is
no county above the person's unit (a prefecture special school, 篇八 "州级机关干部"), the
nearest prefecture is the area.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length

from guanai.accounts import scoping
from guanai.accounts.models import Membership, Role, User
from guanai.accounts.scoping import AnyUser
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q

# The roles whose holders may be paired with a person; viewers and admins may not.
PAIRABLE_ROLES = frozenset({Role.LEADER, Role.WORKER, Role.HELPER, Role.VOLUNTEER})
# The kinds of unit that bound a pairing area, nearest first.
AREA_KINDS = (OrgKind.COUNTY, OrgKind.PREFECTURE)


def pairing_areas(units: Iterable[OrgUnit]) -> dict[int, OrgUnit]:
    """Return each unit's pairing area by the unit's key (one query for all of them)."""
    by_pk = {u.pk: u for u in units}
    paths = {p for u in by_pk.values() for p in u.ancestor_paths()}
    by_path = {u.path: u for u in OrgUnit.objects.filter(path__in=paths)}
    areas = {}
    for pk, unit in by_pk.items():
        nearest_first = [by_path[p] for p in reversed(unit.ancestor_paths()) if p in by_path]
        areas[pk] = next((u for kind in AREA_KINDS for u in nearest_first if u.kind == kind), unit)
    return areas


def _area_q(areas: Iterable[OrgUnit], field: str = "org_unit__path") -> Q:
    """Return the filter for units inside the areas or above them."""
    q = Q(pk__in=[])
    for area in areas:
        q |= Q(**{f"{field}__in": area.ancestor_paths()}) | subtree_q([area], field=field)
    return q


def helpers_eligible(areas: Iterable[OrgUnit]) -> QuerySet[User]:
    """Return the active accounts that may be paired with persons of these areas."""
    members = (
        scoping.memberships_in_force()
        .filter(_area_q(areas), role__in=PAIRABLE_ROLES)
        .values("user_id")
    )
    return User.objects.filter(is_active=True, pk__in=members).order_by("full_name", "pk")


def helpers_offered(user: AnyUser, units: Iterable[OrgUnit | None]) -> QuerySet[User]:
    """Return the staff a pairing form offers ``user`` for persons of ``units``, by unit.

    Not every account of the pairing area: a class teacher has no use for the county's
    hundreds of accounts (nor for their user names). Offered are the caring staff of
    ``units`` and the units below them (a township's schools), of the units above them,
    and of the units whose roster the user keeps — so a county clerk still finds the
    county's cadres and volunteers (篇八: 县级机关干部爱心结对). The pairing service
    accepts anyone of the area; this is only what a form lists. Each account carries
    ``unit_name``, the unit of its caring role nearest the persons, to tell namesakes apart.
    """
    given = [unit for unit in units if unit is not None]
    kept = scoping.units_for(user, scoping.ROSTER_EDITORS)
    above = {path for unit in [*given, *kept] for path in unit.ancestor_paths()}
    where = Q(org_unit__path__in=above) | subtree_q([*given, *kept], field="org_unit__path")
    staff = scoping.memberships_in_force().filter(where, role__in=PAIRABLE_ROLES)
    nearest = staff.filter(user=OuterRef("pk")).order_by(Length("org_unit__path").desc())
    return (
        helpers_eligible(pairing_areas(given or kept).values())
        .filter(pk__in=staff.values("user_id"))
        .annotate(unit_name=Subquery(nearest.values("org_unit__name")[:1]))
    )


def may_be_paired_in(memberships: Sequence[Membership], area: OrgUnit) -> bool:
    return any(
        m.role in PAIRABLE_ROLES
        and (area.path.startswith(m.org_unit.path) or m.org_unit.path.startswith(area.path))
        for m in memberships
    )

"""Who adds a local standard: a leader of a county, prefecture or province, for that unit."""

from __future__ import annotations

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import Actor, AnyUser
from guanai.orgs.models import OrgKind, OrgUnit

# The levels that issue standards of their own.
ISSUING_KINDS = frozenset({OrgKind.PROVINCE, OrgKind.PREFECTURE, OrgKind.COUNTY})


def can_add_local(user: Actor, unit: OrgUnit) -> bool:
    return unit.kind in ISSUING_KINDS and scoping.acts_over(user, unit, [Role.LEADER])


def local_units_for(user: AnyUser) -> list[OrgUnit]:
    """Return the units the user leads that may issue a standard, in tree order."""
    return sorted(
        (u for u in scoping.units_for(user, [Role.LEADER]) if u.kind in ISSUING_KINDS),
        key=lambda u: u.path,
    )

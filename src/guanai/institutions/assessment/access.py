"""Who scores an institution, and who adds a score sheet.

The federation assesses (plan 六: 县级残联对托养机构进行考核评价): a leader or worker of a
county, or a unit above it, over the institution scores it. An institution's own staff
accounts, and a township's, read its assessments (``register.access_institution``) but do
not score: an institution does not grade itself, and the township is where it is placed,
not who assesses it. A county leader (or one above) adds the county's own score sheet.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import Actor
from guanai.core.actors import SystemActor, require_actor
from guanai.core.errors import PermissionRefused
from guanai.institutions.register.access import EDITORS
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside

ASSESSORS = EDITORS
SHEET_AUTHORS = frozenset({Role.LEADER})


def _over_from_county(actor: Actor, unit: OrgUnit, roles: frozenset[Role]) -> bool:
    if isinstance(actor, SystemActor):
        return True
    user = require_actor(actor)
    return any(
        is_inside(unit, held)
        for held in scoping.units_for(user, roles)
        if held.kind in scoping.COUNTY_OR_ABOVE
    )


def can_assess(actor: Actor, unit: OrgUnit) -> bool:
    """Return whether ``actor`` scores the institution ``unit``: a leader or worker of a
    county or above that contains it."""
    return _over_from_county(actor, unit, ASSESSORS)


def require_assess(actor: Actor, unit: OrgUnit) -> None:
    if not can_assess(actor, unit):
        raise PermissionRefused(
            _(
                "The county federation assesses an institution: only a leader or worker of the "
                "county, or of a unit above it, scores it."
            )
        )


def sheet_units(actor: Actor) -> list[OrgUnit]:
    """Return the counties (or units above) where ``actor`` may add a score sheet."""
    if isinstance(actor, SystemActor):
        return []
    user = require_actor(actor)
    return [u for u in scoping.units_for(user, SHEET_AUTHORS) if u.kind in scoping.COUNTY_OR_ABOVE]


def require_sheet_author(actor: Actor, unit: OrgUnit) -> None:
    if (
        not _over_from_county(actor, unit, SHEET_AUTHORS)
        or unit.kind not in scoping.COUNTY_OR_ABOVE
    ):
        raise PermissionRefused(
            _("A county's own score sheet is added by a leader of the county or above.")
        )

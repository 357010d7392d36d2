"""Who opens which dashboard, and who asks for its figures to be recomputed."""

from __future__ import annotations

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.orgs.models import OrgUnit


def home_unit(user: User) -> OrgUnit:
    """Return the unit whose dashboard opens first: the user's first roster unit.

    The caller has checked that the user reads reports (``views_common.reader``).
    """
    return scoping.units_for(user, scoping.ROSTER_ROLES)[0]


def can_refresh(user: User) -> bool:
    """Leaders and workers ask for the facts to be recomputed; viewers only read them."""
    return bool(scoping.units_for(user, scoping.ROSTER_EDITORS))

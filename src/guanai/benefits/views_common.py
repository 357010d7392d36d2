"""What every benefits page shares: who may read and write, scoped persons, months.

Benefits data (rolls, claims, a person's benefits and bank account) is for the roster
roles only — leaders, workers and viewers of a unit containing the data's unit. Helpers,
volunteers and the admin roles are refused the pages (403); an object outside the user's
subtrees is a 404. Leaders and workers write; viewers read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.accounts.requests import request_user
from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q

PAGE_SIZE = 50
# Units a roll or a standard is usually made for; schools and offices are inside them.
DIVISION_KINDS = (OrgKind.PROVINCE, OrgKind.PREFECTURE, OrgKind.COUNTY, OrgKind.TOWNSHIP)


def reader(request: HttpRequest) -> User:
    """Return the user, refusing (403) everyone but leaders, workers and viewers."""
    user = request_user(request)
    scoping.require_role(user, *scoping.ROSTER_ROLES)
    return user


def _inside(user: User, unit: OrgUnit, roles: Iterable[Role]) -> bool:
    return scoping.holds_role_over(user, unit, roles)


def can_write(user: User, unit: OrgUnit) -> bool:
    """Return whether the user may generate rolls, record claims … for ``unit``'s persons."""
    return _inside(user, unit, scoping.ROSTER_EDITORS)


def can_lead(user: User, unit: OrgUnit) -> bool:
    """Return whether the user is a leader of a unit containing ``unit`` (approves rolls)."""
    return _inside(user, unit, [Role.LEADER])


def readable_units(user: User) -> QuerySet[OrgUnit]:
    """Return the units whose benefits data the user may read."""
    return OrgUnit.objects.filter(subtree_q(scoping.units_for(user, scoping.ROSTER_ROLES)))


def writable_units(user: User) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(subtree_q(scoping.units_for(user, scoping.ROSTER_EDITORS)))


def division_units(units: QuerySet[OrgUnit], user: User) -> QuerySet[OrgUnit]:
    """Narrow ``units`` to divisions down to townships, and the user's own units.

    A county holds hundreds of villages and schools; a roll or a standard is made for a
    township or above, so the choosers list those (and the user's own unit, whatever it is).
    """
    own = [m.org_unit_id for m in scoping.memberships(user)]
    return units.filter(kind__in=DIVISION_KINDS) | units.filter(pk__in=own)


def own_unit(user: User) -> OrgUnit | None:
    """Return the user's first roster unit (the pages' default unit)."""
    units = scoping.units_for(user, scoping.ROSTER_ROLES)
    return min(units, key=lambda u: u.depth) if units else None


def parse_month(text: str, *, field: str = "month") -> date:
    """Read a month written 2026-03 (or 2026-3, or 2026-03-01) as its first day."""
    parts = text.strip().replace("/", "-").split("-")
    try:
        year, month = int(parts[0]), int(parts[1])
        if len(parts) > 3 or not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValueError
    except (ValueError, IndexError):
        raise ValidationFailed(_("Write the month as 2026-11."), field=field) from None
    return date(year, month, 1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)

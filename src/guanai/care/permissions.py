"""Who may care for whom: the predicates every part of the care app checks.

Reads of persons go through ``accounts.scoping`` (``care_persons``); these functions answer
the questions the care pages ask about one person or one unit. They read the user's
memberships from the cache ``scoping.memberships`` keeps, so the unit checks cost no query.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import AnyUser
from guanai.care.models import Pairing
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.registry.selectors import persons_visible


def _holds_role_over(user: AnyUser, unit: OrgUnit, roles: frozenset[Role]) -> bool:
    """Return whether the user holds one of ``roles`` in ``unit`` or a unit above it."""
    return scoping.holds_role_over(user, unit, roles)


def is_leader_of(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether the user leads ``unit`` or a unit containing it."""
    return _holds_role_over(user, unit, frozenset({Role.LEADER}))


def can_edit_roster_of(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether the user keeps the roster of ``unit`` (leader or worker above it).

    They are the ones who pair helpers with the unit's persons and end pairings.
    """
    return _holds_role_over(user, unit, scoping.ROSTER_EDITORS)


def can_care_for(user: AnyUser, person: Person) -> bool:
    """Return whether the user may write care work about ``person``.

    Leaders and workers of a unit containing the person's unit may; so may a helper,
    volunteer or anyone else paired with the person now (an open pairing).
    """
    if not user.is_authenticated or not scoping.can_see_beneficiary_data(user):
        return False
    if can_edit_roster_of(user, person.org_unit):
        return True
    return Pairing.objects.filter(helper=user, person=person, ended_on__isnull=True).exists()


def require_can_care_for(user: AnyUser, person: Person) -> None:
    """Refuse care work about a person the user neither keeps on a roster nor is paired with."""
    if not can_care_for(user, person):
        raise PermissionRefused(
            _("You may only care for persons of your units or persons paired with you.")
        )


def care_persons(user: AnyUser) -> QuerySet[Person]:
    """Return the persons whose care work the user may read (``registry.persons_visible``)."""
    return persons_visible(user)

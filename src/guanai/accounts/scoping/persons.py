"""Which persons a user may read, and how much of their ID and phone numbers.

The roster roles read the roster of their subtrees; the apps above accounts add the persons
paired to a helper or volunteer with ``register_person_filter`` (DESIGN §4, §5).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from guanai.accounts.models import Role
from guanai.accounts.scoping.roles_held import (
    AnyUser,
    can_see_beneficiary_data,
    has_role,
    holds_role_over,
    units_for,
)
from guanai.core.masking import Shown
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q

# Roles that see the whole roster of their subtrees. Helpers and volunteers see only the
# persons paired with them (``paired_persons_q``).
ROSTER_ROLES = frozenset({Role.LEADER, Role.WORKER, Role.VIEWER})


# Roles that open the roster list: helpers and volunteers find there the persons paired
# to them, and nobody else.
PERSON_READERS = ROSTER_ROLES | {Role.HELPER, Role.VOLUNTEER}


# Roles that keep care records: the work list and the care pages (helpers and volunteers
# for the persons paired with them).
CARE_ROLES = frozenset({Role.LEADER, Role.WORKER, Role.HELPER, Role.VOLUNTEER})


# Roles that may register and edit persons, and reveal full ID and phone numbers.
ROSTER_EDITORS = frozenset({Role.LEADER, Role.WORKER})


def roster_subtree_q(user: AnyUser, field: str = "org_unit__path") -> Q:
    """Return the filter for persons on the rosters the user may read."""
    return subtree_q(units_for(user, ROSTER_ROLES), field=field)


# Filters that other apps add to the persons a user may read, by name: ``care`` adds the
# persons paired to a helper (``care/scoping_filters.py``, from ``CareConfig.ready``).
# Accounts sits below those apps and names none of them (DESIGN §4).
PersonFilter = Callable[[AnyUser, str], Q]


_person_filters: dict[str, PersonFilter] = {}


def register_person_filter(name: str, person_filter: PersonFilter) -> None:
    """Add persons a user may read besides the roster; registering ``name`` again replaces it.

    ``person_filter(user, field)`` returns a filter on ``field`` (the person's primary key,
    e.g. ``"pk"`` or ``"person__pk"``). It is asked only for users who may see beneficiary
    data at all.
    """
    _person_filters[name] = person_filter


def person_filters() -> dict[str, PersonFilter]:
    """Return the registered person filters by name (for tests and the architecture page)."""
    return dict(_person_filters)


def roster_persons_q(user: AnyUser, prefix: str = "") -> Q:
    """Return the filter for the persons on the rosters the user reads, and no one else.

    Benefits, claims and rolls are for the roster roles only: a helper paired with a person
    reads the person's file but not their benefits (issue 5).
    """
    return roster_subtree_q(user, field=f"{prefix}org_unit__path")


def paired_persons_q(user: AnyUser, field: str = "pk") -> Q:
    """Return the filter for the persons the registered filters give the user (paired now).

    The admin roles see no beneficiary data, paired or not.
    """
    if not _person_filters or not user.is_authenticated or not can_see_beneficiary_data(user):
        return Q(pk__in=[])
    q = Q(pk__in=[])
    for person_filter in _person_filters.values():
        q |= person_filter(user, field)
    return q


def persons_q(user: AnyUser, prefix: str = "", *, roster_only: bool = False) -> Q:
    """Return the filter for the persons the user may read: roster subtree or paired.

    ``prefix`` names the person from another model ("person__"), so care records,
    plans and ledgers are scoped by the same rule. ``roster_only`` leaves out the persons
    that only a pairing gives (``roster_persons_q``).
    """
    if roster_only:
        return roster_persons_q(user, prefix)
    return roster_persons_q(user, prefix) | paired_persons_q(user, field=f"{prefix}pk")


def roster_edit_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the org units in which the user may register and edit persons."""
    return OrgUnit.objects.filter(subtree_q(units_for(user, ROSTER_EDITORS)))


def can_reveal_numbers(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether the user may see full ID and phone numbers of ``unit``'s persons."""
    return holds_role_over(user, unit, ROSTER_EDITORS)


# Roles that see masked numbers of the persons they may read (``138****5678``): the roster
# roles of the person's unit, and helpers of the persons paired to them.
MASKED_NUMBER_ROLES = ROSTER_ROLES | {Role.HELPER}


def numbers_shown(user: AnyUser, unit: OrgUnit, *, reveal: bool = False) -> Shown:
    """Return how the user sees the ID and phone numbers of ``unit``'s persons and contacts.

    Full only when an audited reveal, print or export asks for them (``reveal``) and the
    user's role may reveal them there; masked for the roster roles of the unit and for
    helpers; and for everyone else — a volunteer, or an account reading the person only
    through a volunteer's pairing — not a single digit, masked or not (DESIGN §1, §5).
    Every page, export and API answer that shows a number asks this. No query: the
    memberships are cached on the user.
    """
    if reveal and can_reveal_numbers(user, unit):
        return Shown.FULL
    if has_role(user, Role.HELPER) or holds_role_over(user, unit, ROSTER_ROLES):
        return Shown.MASKED
    return Shown.NOTHING


def can_see_history(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether the user may read the change history of ``unit``'s persons.

    Only leaders of a unit containing ``unit`` do (issue 3: "change history for leaders").
    """
    return holds_role_over(user, unit, [Role.LEADER])

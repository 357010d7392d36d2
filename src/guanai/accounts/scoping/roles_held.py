"""The roles a user holds and where: memberships in force, cached on the user object.

Every other scoping question starts from these: ``units_for(user, roles)`` gives the units
where the user holds a role, ``holds_role_over`` answers whether one of them contains a unit,
and ``nearest_staff`` turns it round: who holds a role over a unit, nearest first.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from guanai.accounts.models import DATA_ROLES, Membership, MembershipStatus, Role, User
from guanai.core.actors import SystemActor, require_actor
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import is_inside

AnyUser = User | AnonymousUser


# Who acts in a service: a person's account, or the system itself (``core.actors``).
Actor = User | SystemActor


_CACHE = "_guanai_memberships"


COUNTY_OR_ABOVE = frozenset({OrgKind.PROVINCE, OrgKind.PREFECTURE, OrgKind.COUNTY})


def memberships_in_force() -> QuerySet[Membership]:
    """Return the memberships that give their role: approved, in a unit still active.

    A role waiting for approval (the two-person rule) or refused gives nothing, so every
    query about who holds a role starts here rather than at ``Membership.objects``.
    """
    return Membership.objects.filter(org_unit__is_active=True, status=MembershipStatus.ACTIVE)


def memberships(user: AnyUser) -> list[Membership]:
    """Return the user's memberships with their org units (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE, None)
    if cached is None:
        cached = list(memberships_in_force().filter(user=user).select_related("org_unit"))
        setattr(user, _CACHE, cached)
    return cached


def forget(user: AnyUser) -> None:
    """Drop the cached memberships after they changed."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def roles(user: AnyUser) -> set[Role]:
    return {Role(m.role) for m in memberships(user)}


def has_role(user: AnyUser, *wanted: Role) -> bool:
    return bool(roles(user) & set(wanted))


def require_role(user: AnyUser, *wanted: Role) -> None:
    """Refuse (403) a page or action that none of the user's roles may use."""
    if not has_role(user, *wanted):
        raise PermissionDenied


def units_for(user: AnyUser, allowed: Iterable[Role]) -> list[OrgUnit]:
    """Return the org units where the user holds one of the ``allowed`` roles."""
    allowed = set(allowed)
    return [m.org_unit for m in memberships(user) if m.role in allowed]


def can_see_beneficiary_data(user: AnyUser) -> bool:
    return bool(units_for(user, DATA_ROLES))


def holds_role_over(user: AnyUser, unit: OrgUnit, allowed: Iterable[Role]) -> bool:
    """Return whether the user holds one of ``allowed`` in ``unit`` or a unit above it.

    No query: the memberships are cached on the user. Every "may this role act on this
    unit" question asks this rather than comparing paths itself.
    """
    return any(is_inside(unit, u) for u in units_for(user, allowed))


def acts_over(actor: Actor | None, unit: OrgUnit, allowed: Iterable[Role]) -> bool:
    """Return whether ``actor`` may act on ``unit`` with one of ``allowed``.

    The system (a command, the demo, a task) may; no actor at all is refused
    (``PermissionRefused``) rather than let through; a person needs the role over the unit.
    """
    if isinstance(actor, SystemActor):
        return True
    return holds_role_over(require_actor(actor), unit, allowed)


def nearest_staff(
    units: Iterable[OrgUnit], allowed: Collection[Role], *, up: bool = True
) -> dict[int, set[int]]:
    """Return, per unit, the active accounts holding one of ``allowed`` in the unit itself —
    or, when nobody there does and ``up``, in the nearest unit above that has some.

    They are the people who do the unit's work of that kind (the notifications' recipients,
    say): every one of them holds the role over the unit (``holds_role_over``), the question
    each app's pages ask. One query, whatever the number of units.
    """
    units = list(units)
    if not units:
        return {}
    paths = {path for unit in units for path in (unit.ancestor_paths() if up else [unit.path])}
    by_path: dict[str, set[int]] = {}
    rows = (
        memberships_in_force()
        .filter(org_unit__path__in=sorted(paths), role__in=list(allowed), user__is_active=True)
        .values_list("org_unit__path", "user_id")
    )
    for path, user_id in rows:
        by_path.setdefault(path, set()).add(user_id)
    staff: dict[int, set[int]] = {}
    for unit in units:
        chain = reversed(unit.ancestor_paths()) if up else [unit.path]
        staff[unit.pk] = next((set(by_path[p]) for p in chain if by_path.get(p)), set())
    return staff

"""Who may see and change what. The one place that answers it (DESIGN §5).

Every user sees the subtrees of the org units they are members of. Beneficiary data
(persons and everything about them, added by later apps) is visible only through the data
roles; the three admin roles never see it. Helpers and volunteers are narrowed further by
the apps that pair them with persons. Objects outside a user's scope are ``Http404``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts.models import (
    ADMIN_ROLES,
    DATA_ROLES,
    ApiToken,
    Membership,
    MembershipStatus,
    Role,
    User,
)
from guanai.core.actors import SystemActor, require_actor
from guanai.core.errors import PermissionRefused
from guanai.core.masking import Shown
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import is_inside, subtree_q

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


def org_units_visible(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return every org unit in the subtree of any of the user's memberships."""
    return OrgUnit.objects.filter(subtree_q(units_for(user, Role)))


def org_units_managed(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the org units a system administrator may create, edit and staff."""
    return OrgUnit.objects.filter(subtree_q(units_for(user, [Role.SYSADMIN])))


def org_units_with_data(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the org units whose beneficiary data the user may see.

    Admin roles get nothing, so every later list of persons, plans or records built on
    this inherits the rule that a sysadmin sees no beneficiary data.
    """
    return OrgUnit.objects.filter(subtree_q(units_for(user, DATA_ROLES)))


def data_subtree_q(user: AnyUser, field: str = "org_unit__path") -> Q:
    """Return the filter for records whose org unit lies in the user's data scope.

    Later apps use it as ``Person.objects.filter(scoping.data_subtree_q(user))``.
    """
    return subtree_q(units_for(user, DATA_ROLES), field=field)


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


def sent_down_q(
    user: AnyUser, field: str = "org_unit__path", roles: Iterable[Role] = ROSTER_ROLES
) -> Q:
    """Return the filter for documents of the units containing the user's units.

    A county's published bulletin or finalised assessment is read by its townships: the
    caller adds the condition that makes a document sent down ("published").
    """
    above = {path for unit in units_for(user, roles) for path in unit.ancestor_paths()}
    return Q(**{f"{field}__in": sorted(above)})


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


def can_see_beneficiary_data(user: AnyUser) -> bool:
    return bool(units_for(user, DATA_ROLES))


def access_org_unit(user: AnyUser, pk: int, *, manage: bool = False) -> OrgUnit:
    """Return the org unit if the user may see it (or manage it), else raise Http404."""
    return get_object_or_404(org_units_managed(user) if manage else org_units_visible(user), pk=pk)


def users_visible(user: AnyUser) -> QuerySet[User]:
    """Return the accounts with a membership inside the user's visible subtrees."""
    q = subtree_q(units_for(user, Role), field="memberships__org_unit__path")
    return User.objects.filter(q).distinct()


# The roles a system administrator may give. The security and audit administrators watch
# the system administrator, so their accounts are made with ``guanai create-admin`` and
# are never managed (nor their passwords reset) by a system administrator.
SYSADMIN_GRANTS = frozenset({Role.SYSADMIN} | DATA_ROLES)


def users_managed(user: AnyUser) -> QuerySet[User]:
    """Return the accounts a system administrator may edit, staff and reset.

    An account is managed only when every one of its memberships lies inside the
    administrator's subtrees — a county leader who also helps in a township is not the
    township administrator's to reset — and when it holds no security or audit role.
    """
    units = units_for(user, [Role.SYSADMIN])
    if not units:
        return User.objects.none()
    elsewhere = Membership.objects.exclude(subtree_q(units, field="org_unit__path"))
    watchers = Membership.objects.filter(role__in=[Role.SECADMIN, Role.AUDITOR])
    return (
        User.objects.filter(subtree_q(units, field="memberships__org_unit__path"))
        .exclude(pk__in=elsewhere.values("user"))
        .exclude(pk__in=watchers.values("user"))
        .distinct()
    )


def access_user(user: AnyUser, pk: int, *, manage: bool = False) -> User:
    """Return the account if it lies in the user's scope, else raise Http404."""
    return get_object_or_404(users_managed(user) if manage else users_visible(user), pk=pk)


def access_membership(user: AnyUser, pk: int) -> Membership:
    """Return a membership the system administrator may end, else raise Http404."""
    memberships = Membership.objects.filter(
        org_unit__in=org_units_managed(user), user__in=users_managed(user)
    ).select_related("user", "org_unit")
    return get_object_or_404(memberships, pk=pk)


def require_can_staff(acting_user: AnyUser, unit: OrgUnit, role: Role) -> None:
    """Refuse a role that the acting system administrator may not give in ``unit``."""
    if (
        role not in SYSADMIN_GRANTS
        or not org_units_managed(acting_user).filter(pk=unit.pk).exists()
    ):
        raise PermissionRefused(
            _("You may not give the role %(role)s in %(unit)s.")
            % {"role": role.label, "unit": unit.name}
        )


def require_can_manage_user(acting_user: AnyUser, account: User) -> None:
    if not users_managed(acting_user).filter(pk=account.pk).exists():
        raise PermissionRefused(_("This account is not yours to manage."))


# Who may give a data role without a second person (issue 12, two-person rule): a leader
# of the unit or of a unit above it. Who may approve a role a system administrator asked
# for: such a leader, or the security administrator of the unit.
GRANTERS = frozenset({Role.LEADER})
APPROVERS = frozenset({Role.LEADER, Role.SECADMIN})


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


def grants_directly(user: AnyUser, unit: OrgUnit, role: Role) -> bool:
    """Return whether the user gives ``role`` in ``unit`` with no approval needed."""
    return role in DATA_ROLES and holds_role_over(user, unit, GRANTERS)


def role_grant_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the org units in which the user (a leader) gives data roles directly."""
    return OrgUnit.objects.filter(subtree_q(units_for(user, GRANTERS)))


def memberships_awaiting(user: AnyUser) -> QuerySet[Membership]:
    """Return the data roles waiting for this user's approval.

    Never one the user asked for, nor one of their own: the point is a second person.
    """
    units = units_for(user, APPROVERS)
    if not units:
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            subtree_q(units, field="org_unit__path"), status=MembershipStatus.PENDING
        )
        .exclude(Q(user_id=user.pk) | Q(requested_by_id=user.pk))
        .select_related("user", "org_unit", "requested_by")
        .order_by("created_at", "pk")
    )


def memberships_pending_audited(user: AnyUser) -> QuerySet[Membership]:
    """Return the roles waiting for approval in the auditor's units (to read, not decide)."""
    return (
        Membership.objects.filter(
            subtree_q(units_for(user, [Role.AUDITOR]), field="org_unit__path"),
            status=MembershipStatus.PENDING,
        )
        .select_related("user", "org_unit", "requested_by")
        .order_by("created_at", "pk")
    )


def access_awaiting_membership(user: AnyUser, pk: int) -> Membership:
    """Return a role waiting for the user's approval, else raise Http404."""
    return get_object_or_404(memberships_awaiting(user), pk=pk)


def api_tokens_of(user: AnyUser) -> QuerySet[ApiToken]:
    """Return the user's own API tokens; nobody sees another account's tokens."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def access_api_token(user: AnyUser, pk: int) -> ApiToken:
    return get_object_or_404(api_tokens_of(user), pk=pk)


# Units whose leaders, workers and viewers use the API token page: the administrative ones
# (a township or above, and its offices), whose own systems exchange data with this one.
API_TOKEN_UNIT_KINDS = COUNTY_OR_ABOVE | {OrgKind.TOWNSHIP, OrgKind.OFFICE}


def may_hold_api_tokens(user: AnyUser) -> bool:
    """Return whether the user may open the API token page (and the menu offers it).

    The administrators (their pages have API twins), and the leaders, workers and viewers
    of an administrative unit. Staff of schools, villages and institutions, helpers and
    volunteers work in the pages only.
    """
    return any(
        m.role in ADMIN_ROLES
        or (m.role in ROSTER_ROLES and m.org_unit.kind in API_TOKEN_UNIT_KINDS)
        for m in memberships(user)
    )


def sees_unattributed_audit(user: AnyUser) -> bool:
    """Return whether the user audits rows that belong to no account in any unit.

    Failed logins for names that do not exist, and changes made by commands, belong to no
    unit; auditors of a county or higher see them (a township auditor would otherwise be
    shown the whole county's noise).
    """
    return any(
        m.role == Role.AUDITOR and m.org_unit.kind in COUNTY_OR_ABOVE for m in memberships(user)
    )

"""Which accounts a user sees and manages: staffing, roles to approve, API tokens, audit.

A system administrator manages the accounts inside their subtrees but never the security
and audit administrators who watch them; a data role given by a system administrator waits
for a second person (issue 12, the two-person rule).
"""

from __future__ import annotations

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
from guanai.accounts.scoping.persons import ROSTER_ROLES
from guanai.accounts.scoping.roles_held import (
    COUNTY_OR_ABOVE,
    AnyUser,
    holds_role_over,
    memberships,
    units_for,
)
from guanai.accounts.scoping.units import org_units_managed
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import subtree_q


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

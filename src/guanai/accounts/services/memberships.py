"""Roles in units: given by a leader, or asked for by a system administrator and approved
by a second person (the two-person rule, issue 12)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import (
    ADMIN_ROLES,
    DATA_ROLES,
    Membership,
    MembershipStatus,
    Role,
    User,
)
from guanai.core.actors import SystemActor, account_of, require_actor
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AuditAction
from guanai.orgs.models import OrgUnit


def _check_role_combination(user: User, role: Role) -> None:
    """Refuse a role that would combine an admin role with any other role (DESIGN §1)."""
    held = {
        Role(r)
        for r in user.memberships.exclude(status=MembershipStatus.REJECTED).values_list(
            "role", flat=True
        )
    }
    others = held - {role}
    if others and (role in ADMIN_ROLES or others & ADMIN_ROLES):
        raise ValidationFailed(
            _(
                "%(role)s cannot be combined with %(others)s: the system, security and audit "
                "administrator roles each need an account of their own."
            )
            % {
                "role": role.label,
                "others": "、".join(str(Role(r).label) for r in sorted(others)),
            },
            field="role",
        )


def _role_detail(membership: Membership) -> dict[str, str]:
    return {
        "account": membership.user.username,
        "unit": membership.org_unit.name,
        "role": str(membership.role),
    }


def _membership_add(
    *,
    acting_user: User | SystemActor,
    user: User,
    org_unit: OrgUnit,
    role: Role,
    request: HttpRequest | None,
) -> Membership:
    # Lock the account so that two grants at once cannot both pass the role check.
    User.objects.select_for_update().filter(pk=user.pk).first()
    membership = Membership.objects.filter(user=user, org_unit=org_unit, role=role).first()
    if membership is not None and membership.status == MembershipStatus.PENDING:
        raise ValidationFailed(_("This role is already waiting for approval."))
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        raise ValidationFailed(_("The account already has this role in this unit."))
    _check_role_combination(user, role)
    direct = (
        isinstance(acting_user, SystemActor)
        or role not in DATA_ROLES
        or scoping.grants_directly(acting_user, org_unit, role)
    )
    if membership is None:
        membership = Membership(user=user, org_unit=org_unit, role=role)
    membership.status = MembershipStatus.ACTIVE if direct else MembershipStatus.PENDING
    membership.requested_by = account_of(acting_user)
    membership.decided_by = account_of(acting_user) if direct else None
    membership.decided_at = timezone.now() if direct else None
    membership.save()
    scoping.forget(user)
    if not isinstance(acting_user, SystemActor):
        access_log(
            user=acting_user,
            action=AuditAction.ROLE_GRANT if direct else AuditAction.ROLE_REQUEST,
            obj=membership,
            detail=_role_detail(membership),
            request=request,
        )
    return membership


@transaction.atomic
def membership_grant(
    *,
    acting_user: User | SystemActor,
    user: User,
    org_unit: OrgUnit,
    role: Role,
    request: HttpRequest | None = None,
) -> Membership:
    """Give ``user`` a role in ``org_unit``; admin roles stay separate from all others.

    A leader of the unit (or above) gives a data role at once, to an account of their
    subtree. A system administrator's grant of a data role waits for a second person
    (``membership_approve``); other roles it gives at once. ``SYSTEM`` (a command, the
    demo) gives any role at once.
    """
    require_actor(acting_user)
    if not isinstance(acting_user, SystemActor):
        if scoping.grants_directly(acting_user, org_unit, role):
            if not scoping.users_visible(acting_user).filter(pk=user.pk).exists():
                raise PermissionRefused(_("This account is not in your units."))
        else:
            scoping.require_can_manage_user(acting_user, user)
            scoping.require_can_staff(acting_user, org_unit, role)
    return _membership_add(
        acting_user=acting_user, user=user, org_unit=org_unit, role=role, request=request
    )


@transaction.atomic
def membership_approve(
    *, acting_user: User, membership: Membership, request: HttpRequest | None = None
) -> Membership:
    """Approve a data role asked for by a system administrator (the second person)."""
    membership = _awaiting(acting_user, membership)
    membership.status = MembershipStatus.ACTIVE
    membership.decided_by = acting_user
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    scoping.forget(membership.user)
    access_log(
        user=acting_user,
        action=AuditAction.ROLE_APPROVE,
        obj=membership,
        detail=_role_detail(membership),
        request=request,
    )
    return membership


@transaction.atomic
def membership_reject(
    *, acting_user: User, membership: Membership, request: HttpRequest | None = None
) -> Membership:
    """Refuse a data role asked for by a system administrator; the account keeps nothing."""
    membership = _awaiting(acting_user, membership)
    membership.status = MembershipStatus.REJECTED
    membership.decided_by = acting_user
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    access_log(
        user=acting_user,
        action=AuditAction.ROLE_REJECT,
        obj=membership,
        detail=_role_detail(membership),
        request=request,
    )
    return membership


def _awaiting(acting_user: User, membership: Membership) -> Membership:
    """Lock the membership and check that it still waits for this user's decision."""
    locked = (
        scoping.memberships_awaiting(acting_user)
        .select_for_update(of=("self",))
        .filter(pk=membership.pk)
        .first()
    )
    if locked is None:
        raise PermissionRefused(
            _("This role is not waiting for your approval (it may have been decided already).")
        )
    return locked


@transaction.atomic
def membership_revoke(
    *,
    acting_user: User | SystemActor,
    membership: Membership,
    request: HttpRequest | None = None,
) -> None:
    """End a membership; an account keeps at least one, so it never drops out of scope."""
    require_actor(acting_user)
    if not isinstance(acting_user, SystemActor):
        scoping.require_can_manage_user(acting_user, membership.user)
        scoping.require_can_staff(acting_user, membership.org_unit, Role(membership.role))
    if Membership.objects.filter(user=membership.user).count() <= 1:
        raise ValidationFailed(
            _("This is the account's last role; deactivate the account instead.")
        )
    detail = _role_detail(membership)
    membership.delete()
    scoping.forget(membership.user)
    if not isinstance(acting_user, SystemActor):
        access_log(
            user=acting_user,
            action=AuditAction.ROLE_REVOKE,
            object_type="accounts.membership",
            object_repr=f"{detail['account']} · {detail['unit']}",
            detail=detail,
            request=request,
        )

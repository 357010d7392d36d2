"""Accounts and passwords: one-time passwords from an administrator, changes by their owner,
lock resets, and the org-unit edits of the system administrator."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
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
from guanai.accounts.passwords import one_time_password
from guanai.accounts.services.memberships import _membership_add
from guanai.accounts.services.tokens import _api_tokens_revoke_all
from guanai.core.actors import SystemActor, is_system
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AuditAction
from guanai.orgs import services as org_services
from guanai.orgs.models import OrgUnit


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from exc


class AccountLocked(PermissionRefused):
    """Too many wrong passwords: the account is locked like after failed logins."""


def _new_user(*, username: str, full_name: str, password: str, must_change_password: bool) -> User:
    username = username.strip()
    if not username:
        raise ValidationFailed(_("Enter a username."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(
            _("The username “%(name)s” is taken.") % {"name": username}, field="username"
        )
    user = User(
        username=username,
        full_name=full_name.strip(),
        must_change_password=must_change_password,
        password_changed_at=timezone.now(),
    )
    _validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


def _one_time_password_for(user: User) -> str:
    """Return a one-time password the validators accept for this account."""
    while True:
        password = one_time_password()
        try:
            password_validation.validate_password(password, user)
        except ValidationError:
            continue
        return password


@transaction.atomic
def user_create(
    *,
    acting_user: SystemActor,
    username: str,
    full_name: str,
    password: str,
    org_unit: OrgUnit,
    role: Role,
    must_change_password: bool = True,
) -> User:
    """Create an account for the operator on the server (``guanai create-admin``, demo).

    Only the system creates them (``SYSTEM``); its role is active at once. Pages and the API
    create accounts with ``account_create``: a one-time password, and a second person's
    approval for a data role.
    """
    if not is_system(acting_user):
        raise PermissionRefused(_("Only the server's own commands create accounts this way."))
    user = _new_user(
        username=username,
        full_name=full_name,
        password=password,
        must_change_password=must_change_password,
    )
    Membership.objects.create(user=user, org_unit=org_unit, role=role)
    return user


@transaction.atomic
def account_create(
    *,
    acting_user: User,
    username: str,
    full_name: str,
    org_unit: OrgUnit,
    role: Role,
    request: HttpRequest | None = None,
) -> tuple[User, str]:
    """Create an account with a one-time password; return it and the password.

    The password is shown to the administrator once and must be changed at first login.
    A data role waits for the approval of a leader of the unit or the security
    administrator (issue 12: the system administrator must not reach personal data
    through an account of its own making).
    """
    scoping.require_can_staff(acting_user, org_unit, role)
    user = User(username=username.strip(), full_name=full_name.strip())
    password = _one_time_password_for(user)
    user = _new_user(
        username=username, full_name=full_name, password=password, must_change_password=True
    )
    access_log(user=acting_user, action=AuditAction.ACCOUNT_CREATE, obj=user, request=request)
    _membership_add(
        acting_user=acting_user, user=user, org_unit=org_unit, role=role, request=request
    )
    return user, password


@transaction.atomic
def user_update(*, acting_user: User, user: User, full_name: str, is_active: bool) -> User:
    """Rename or (de)activate an account the acting administrator manages."""
    if user.pk == acting_user.pk and not is_active:
        raise PermissionRefused(_("You cannot deactivate your own account."))
    scoping.require_can_manage_user(acting_user, user)
    user.full_name = full_name.strip()
    user.is_active = is_active
    user.save(update_fields=["full_name", "is_active"])
    return user


@transaction.atomic
def password_reset(*, acting_user: User, user: User, request: HttpRequest | None = None) -> str:
    """Give an account a new one-time password; return it (to be shown once).

    The user must change it at the next login. The account's API tokens are revoked, and
    its data roles wait again for a leader's or the security administrator's approval:
    otherwise the administrator could reset a worker's password, log in as the worker
    and read the persons (issue 12, two-person rule).
    """
    scoping.require_can_manage_user(acting_user, user)
    password = _one_time_password_for(user)
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _api_tokens_revoke_all(user)
    suspended = Membership.objects.filter(
        user=user, role__in=DATA_ROLES, status=MembershipStatus.ACTIVE
    ).select_related("org_unit")
    roles = [f"{m.org_unit.name} · {Role(m.role).label}" for m in suspended]
    for membership in suspended:
        membership.status = MembershipStatus.PENDING
        membership.requested_by = acting_user
        membership.decided_by = None
        membership.decided_at = None
        membership.save(update_fields=["status", "requested_by", "decided_by", "decided_at"])
    scoping.forget(user)
    access_log(
        user=acting_user,
        action=AuditAction.PASSWORD_RESET,
        obj=user,
        detail={"roles_awaiting_approval": roles},
        request=request,
    )
    return password


def _current_password_ok(user: User, password: str, request: HttpRequest | None) -> bool:
    """Check the current password as a login does, so that guesses count toward the lockout.

    Through ``authenticate`` a wrong password is a failed login for django-axes, and a
    locked account is refused even the right one (issue 12: guessing on the
    change-password form had no limit).
    """
    if request is None:
        return user.check_password(password)
    found = authenticate(request, username=user.get_username(), password=password)
    if found is not None and found.pk == user.pk:
        return True
    from axes.handlers.proxy import AxesProxyHandler

    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        raise AccountLocked(
            _(
                "Too many wrong passwords: the account is locked for %(minutes)s minutes. "
                "Ask the security administrator if you need it sooner."
            )
            % {"minutes": minutes}
        )
    return False


def password_change(
    *, user: User, old_password: str, new_password: str, request: HttpRequest | None = None
) -> User:
    """Change one's own password: the old one must match and the new one must differ.

    A wrong current password counts toward the lockout (``AccountLocked`` past the
    limit). The change revokes the user's API tokens.
    """
    # Checked outside a transaction: the failure that counts toward the lockout must stay.
    if not _current_password_ok(user, old_password, request):
        raise ValidationFailed(_("Your current password is wrong."), field="old_password")
    if old_password == new_password:
        raise ValidationFailed(
            _("The new password must differ from the current one."), field="new_password"
        )
    _validate_password(new_password, user)
    return _password_store(user, new_password, request)


@transaction.atomic
def _password_store(user: User, new_password: str, request: HttpRequest | None) -> User:
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _api_tokens_revoke_all(user)
    access_log(user=user, action=AuditAction.PASSWORD_CHANGE, obj=user, request=request)
    return user


@transaction.atomic
def org_unit_edit(
    *,
    acting_user: User,
    unit: OrgUnit,
    version: int,
    name: str,
    code: str,
    is_active: bool,
    phone: str | None = None,
) -> OrgUnit:
    """Rename, recode or (de)activate an org unit the acting administrator manages.

    A unit is deactivated from the level above, bottom up: never one's own unit (the
    administrator would lock themselves out), never one with active units below it, and
    never one holding an administrator's account (the auditor must keep their access).
    """
    if not scoping.org_units_managed(acting_user).filter(pk=unit.pk).exists():
        raise PermissionRefused(_("This unit is not yours to manage."))
    if unit.is_active and not is_active:
        if unit in scoping.units_for(acting_user, [Role.SYSADMIN]):
            raise PermissionRefused(
                _("You cannot deactivate the unit you administer; ask the level above.")
            )
        if OrgUnit.objects.filter(parent=unit, is_active=True).exists():
            raise ValidationFailed(
                _("Deactivate the units below this one first."), field="is_active"
            )
        if Membership.objects.filter(org_unit=unit, role__in=ADMIN_ROLES).exists():
            raise ValidationFailed(
                _("Administrator accounts belong to this unit; move them first."),
                field="is_active",
            )
    return org_services.org_unit_update(
        unit=unit, version=version, name=name, code=code, is_active=is_active, phone=phone
    )


def password_expired(user: User, max_age_days: int) -> bool:
    """Return whether the user must choose a new password before going on."""
    if user.must_change_password:
        return True
    if max_age_days <= 0 or user.password_changed_at is None:
        return False
    return (timezone.now() - user.password_changed_at).days >= max_age_days


def lockout_reset(*, acting_user: User, username: str, request: HttpRequest | None = None) -> None:
    """Lift the lockout of an account (security administrator) and audit it."""
    from axes.utils import reset as axes_reset

    axes_reset(username=username)
    access_log(
        user=acting_user,
        action=AuditAction.UNLOCK,
        object_type="accounts.user",
        object_repr=username,
        request=request,
    )

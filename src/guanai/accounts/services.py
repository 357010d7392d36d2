"""Writes of accounts, memberships, passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import ADMIN_ROLES, ApiToken, Membership, Role, User
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AuditAction
from guanai.orgs import services as org_services
from guanai.orgs.models import OrgUnit

TOKEN_PREFIX = "ga_"  # noqa: S105  (a marker of our tokens, not a secret)
TOKEN_USE_RESOLUTION = timedelta(minutes=5)


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from exc


def _check_role_combination(user: User, role: Role) -> None:
    """Refuse a role that would combine an admin role with any other role (DESIGN §1)."""
    held = {Role(r) for r in user.memberships.values_list("role", flat=True)}
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


# ``acting_user=None`` means the system itself: the demo, ``guanai create-admin`` and other
# commands run by the operator on the server. Every page and API call passes the user.


@transaction.atomic
def user_create(
    *,
    acting_user: User | None,
    username: str,
    full_name: str,
    password: str,
    org_unit: OrgUnit,
    role: Role,
    must_change_password: bool = True,
) -> User:
    """Create an account with its first membership; it must change the password at login."""
    if acting_user is not None:
        scoping.require_can_staff(acting_user, org_unit, role)
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
    Membership.objects.create(user=user, org_unit=org_unit, role=role)
    return user


@transaction.atomic
def membership_grant(
    *, acting_user: User | None, user: User, org_unit: OrgUnit, role: Role
) -> Membership:
    """Give ``user`` a role in ``org_unit``; admin roles stay separate from all others."""
    if acting_user is not None:
        scoping.require_can_manage_user(acting_user, user)
        scoping.require_can_staff(acting_user, org_unit, role)
    # Lock the account so that two grants at once cannot both pass the role check.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if Membership.objects.filter(user=user, org_unit=org_unit, role=role).exists():
        raise ValidationFailed(_("The account already has this role in this unit."))
    _check_role_combination(user, role)
    membership = Membership.objects.create(user=user, org_unit=org_unit, role=role)
    scoping.forget(user)
    return membership


@transaction.atomic
def membership_revoke(*, acting_user: User | None, membership: Membership) -> None:
    """End a membership; an account keeps at least one, so it never drops out of scope."""
    if acting_user is not None:
        scoping.require_can_manage_user(acting_user, membership.user)
        scoping.require_can_staff(acting_user, membership.org_unit, Role(membership.role))
    if Membership.objects.filter(user=membership.user).count() <= 1:
        raise ValidationFailed(
            _("This is the account's last role; deactivate the account instead.")
        )
    membership.delete()
    scoping.forget(membership.user)


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
def user_set_initial_password(
    *, acting_user: User | None, user: User, password: str, request: HttpRequest | None = None
) -> User:
    """Set a password chosen by an administrator; the user must change it at next login.

    The account's API tokens are revoked: taking an account back from someone who knew its
    password must also shut the doors they may have opened with it.
    """
    if acting_user is not None:
        scoping.require_can_manage_user(acting_user, user)
    _validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        api_token_revoke(token=token)
    access_log(
        user=acting_user,
        username="" if acting_user else "system",
        action=AuditAction.PASSWORD_RESET,
        obj=user,
        request=request,
    )
    return user


@transaction.atomic
def password_change(
    *, user: User, old_password: str, new_password: str, request: HttpRequest | None = None
) -> User:
    """Change one's own password: the old one must match and the new one must differ."""
    if not user.check_password(old_password):
        raise ValidationFailed(_("Your current password is wrong."), field="old_password")
    if old_password == new_password:
        raise ValidationFailed(
            _("The new password must differ from the current one."), field="new_password"
        )
    _validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
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


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; return it and the key, which is never shown again."""
    name = name.strip()
    if not name:
        raise ValidationFailed(
            _("Give the token a name, e.g. the script that uses it."), field="name"
        )
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:60], prefix=key[:8], key_hash=_hash_key(key)
    )
    access_log(user=user, action=AuditAction.TOKEN, obj=token, detail={"event": "created"})
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        access_log(
            user=token.user, action=AuditAction.TOKEN, obj=token, detail={"event": "revoked"}
        )
    return token


def api_token_authenticate(key: str) -> User | None:
    """Return the active user owning a live token with this key, or None."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Note the use at most every few minutes, so that reads through the API do not each
    # take SQLite's write lock.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

"""Writes of accounts, memberships, passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets

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
from guanai.orgs.models import OrgUnit

TOKEN_PREFIX = "ga_"  # noqa: S105  (a marker of our tokens, not a secret)


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


@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    password: str,
    org_unit: OrgUnit,
    role: Role,
    must_change_password: bool = True,
) -> User:
    """Create an account with its first membership; it must change the password at login."""
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
def membership_grant(*, user: User, org_unit: OrgUnit, role: Role) -> Membership:
    """Give ``user`` a role in ``org_unit``; admin roles stay separate from all others."""
    if Membership.objects.filter(user=user, org_unit=org_unit, role=role).exists():
        raise ValidationFailed(_("The account already has this role in this unit."))
    _check_role_combination(user, role)
    membership = Membership.objects.create(user=user, org_unit=org_unit, role=role)
    scoping.forget(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    """End a membership; an account keeps at least one, so it never drops out of scope."""
    if Membership.objects.filter(user=membership.user).count() <= 1:
        raise ValidationFailed(
            _("This is the account's last role; deactivate the account instead.")
        )
    membership.delete()
    scoping.forget(membership.user)


@transaction.atomic
def user_update(*, user: User, full_name: str, is_active: bool, acting_user: User) -> User:
    if user.pk == acting_user.pk and not is_active:
        raise PermissionRefused(_("You cannot deactivate your own account."))
    user.full_name = full_name.strip()
    user.is_active = is_active
    user.save(update_fields=["full_name", "is_active"])
    return user


@transaction.atomic
def user_set_initial_password(*, user: User, password: str) -> User:
    """Set a password chosen by an administrator; the user must change it at next login."""
    _validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
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
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user

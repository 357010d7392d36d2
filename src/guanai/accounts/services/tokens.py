"""Personal API tokens: created by a logged-in person, expiring, revoked with the password."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import (
    ApiToken,
    User,
)
from guanai.core.audit import access_log
from guanai.core.errors import ValidationFailed
from guanai.core.models import AuditAction

TOKEN_PREFIX = "ga_"  # noqa: S105  (a marker of our tokens, not a secret)
TOKEN_USE_RESOLUTION = timedelta(minutes=5)


def _api_tokens_revoke_all(user: User) -> None:
    """Revoke the user's live tokens: a new password shuts the doors the old one opened."""
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        api_token_revoke(token=token)


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; return it and the key, which is never shown again.

    It lives ``GUANAI_API_TOKEN_DAYS`` days. Only a logged-in session makes tokens: the
    API refuses a request made with a token (``api.accounts``).
    """
    name = name.strip()
    if not name:
        raise ValidationFailed(
            _("Give the token a name, e.g. the script that uses it."), field="name"
        )
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationFailed(_("The name is too long (at most 60 characters)."), field="name")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:8],
        key_hash=_hash_key(key),
        expires_at=timezone.now() + timedelta(days=settings.GUANAI_API_TOKEN_DAYS),
    )
    access_log(user=user, action=AuditAction.TOKEN, obj=token, detail={"event": "created"})
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token; it stops working at once."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        access_log(
            user=token.user, action=AuditAction.TOKEN, obj=token, detail={"event": "revoked"}
        )
    return token


def api_token_authenticate(key: str) -> User | None:
    """Return the active user owning a live (unrevoked, unexpired) token with this key."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=_hash_key(key),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    # Note the use at most every few minutes, so that reads through the API do not each
    # take SQLite's write lock.
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

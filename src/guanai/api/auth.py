"""Who is calling: a personal bearer token, or the browser session of a logged-in user."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from guanai.accounts.models import User
from guanai.accounts.services import api_token_authenticate, password_expired
from guanai.core.errors import PermissionRefused


def refuse_expired_password(user: User) -> None:
    """Refuse (403) an account that must first choose a new password in the pages.

    Without this an account with an initial or expired password could skip the change by
    making itself a token, which would then work for good.
    """
    if password_expired(user, settings.GUANAI_PASSWORD_MAX_AGE_DAYS):
        raise PermissionRefused(_("Change your password in the web pages before using the API."))


class TokenAuth(HttpBearer):
    """Accept ``Authorization: Bearer ga_...`` for a live token of an active account."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        # ApiTokenMiddleware has usually checked the token already (for the audit trail).
        user = getattr(request, "api_token_user", None) or api_token_authenticate(token)
        if user is not None:
            refuse_expired_password(user)
            # Code below the router reads request.user, as it does for a page.
            request.user = user
            request.api_token_used = True  # type: ignore[attr-defined]
        return user


class BrowserSessionAuth(SessionAuth):
    """Accept the session of a logged-in user, checking CSRF on unsafe methods.

    Ninja's session auth checks CSRF before it looks at the session, so a script whose
    token was revoked would be told "CSRF check failed" on a POST. Checking only when a
    session user exists keeps the CSRF protection and gives everyone else a plain 401.
    """

    def __call__(self, request: HttpRequest) -> User | None:
        if not request.user.is_authenticated:
            return None
        result: User | None = super().__call__(request)
        if result is not None:
            refuse_expired_password(result)
        return result


def acting_user(request: HttpRequest) -> User:
    """Return the account an authenticated API request acts for."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user


def require_session(request: HttpRequest) -> None:
    """Refuse (403) a request made with a token: only a logged-in person may do this.

    A token cannot make tokens (issue 12): a leaked token would otherwise outlive its own
    revocation and expiry through the tokens it made.
    """
    if getattr(request, "api_token_used", False):
        raise PermissionRefused(
            _("Create tokens in the web pages (“API tokens”), not with a token.")
        )

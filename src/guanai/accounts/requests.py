"""The account behind a request, typed, for views that require a login."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from guanai.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """Return the logged-in account (views calling this are behind ``login_required``)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user

"""Send a user whose password is initial or older than the policy allows to change it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from guanai.accounts.services import api_token_authenticate, password_expired


class ApiTokenMiddleware:
    """Authenticate ``Authorization: Bearer`` tokens on /api/ before the audit middleware.

    django-auditlog takes the actor from ``request.user`` when a request starts; without
    this, changes made through the API with a token would be recorded with no actor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if request.path.startswith("/api/") and header[:7].lower() == "bearer ":
            user = api_token_authenticate(header[7:].strip())
            if user is not None:
                request.user = user
                request.api_token_user = user  # type: ignore[attr-defined]
        return self.get_response(request)


class PasswordPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and password_expired(user, settings.GUANAI_PASSWORD_MAX_AGE_DAYS)
            and not self._exempt(request.path)
        ):
            if user.must_change_password:
                messages.warning(request, _("Please choose your own password before going on."))
            else:
                messages.warning(
                    request,
                    _("Your password is more than %(days)s days old; please change it.")
                    % {"days": settings.GUANAI_PASSWORD_MAX_AGE_DAYS},
                )
            return redirect("accounts:password_change")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (
            reverse("accounts:password_change"),
            reverse("accounts:logout"),
            reverse("set_language"),
            settings.STATIC_URL,
            "/api/",
        )
        return path.startswith(allowed)

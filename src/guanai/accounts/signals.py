"""Write login successes, failures and lockouts to the access log.

Django and django-axes announce these only through signals, so the handlers are the
thin bridge to ``core.audit``; they hold no other logic.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from guanai.core.audit import access_log
from guanai.core.models import AuditAction


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    access_log(user=user, action=AuditAction.LOGIN, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        access_log(user=user, action=AuditAction.LOGOUT, request=request)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    access_log(
        user=None,
        username=str(credentials.get("username", "")),
        action=AuditAction.LOGIN_FAILED,
        request=request,
    )


@receiver(user_locked_out)
def _locked_out(
    sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    access_log(
        user=None,
        username=username or "",
        action=AuditAction.LOCKED_OUT,
        request=request,
    )

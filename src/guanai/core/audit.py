"""Audit helpers: write one access-log row per sensitive read, export, reveal or login.

Changes of domain models are recorded by django-auditlog (register them with
``auditlog.register``); this module records what auditlog cannot see: who *looked* at or
*took away* data, and who logged in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest

from guanai.core.models import AccessLog, AuditAction
from guanai.core.text import column_limit, quoted

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the client address of a request (the proxy's, unless a proxy is trusted)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def access_log(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    username: str = "",
) -> AccessLog:
    """Record that ``user`` did ``action`` (a read, export, reveal or login) on ``obj``."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    real_user: Any = user if user is not None and user.is_authenticated else None
    # A failed login records whatever was typed as the username: kept to the column, with
    # a visible "…" when longer (an attacker's paste, not a clerk's text).
    typed = username or (real_user.get_username() if real_user else "")
    return AccessLog.objects.create(
        user=real_user,
        username=quoted(typed, column_limit(AccessLog, "username")),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=quoted(object_repr, column_limit(AccessLog, "object_repr")),
        detail=detail or {},
        ip=client_ip(request),
    )


def export_logged(
    *,
    user: AbstractBaseUser,
    what: str,
    rows: int,
    request: HttpRequest | None = None,
    filters: dict[str, Any] | None = None,
    purpose: str = "",
) -> AccessLog:
    """Record an export: what was exported, how many rows, with which filters and purpose."""
    return access_log(
        user=user,
        action=AuditAction.EXPORT,
        object_type=what,
        object_repr=what,
        detail={"rows": rows, "filters": filters or {}, "purpose": purpose},
        request=request,
    )


def reverse_one_to_ones(model: type[models.Model]) -> list[str]:
    """Return the names of the one-to-one relations other models hold to ``model``.

    django-auditlog reads each of them on every save of ``model`` (a query per save, N+1 in
    an import) and records nothing useful: the other model has its own change log. Called in
    ``AppConfig.ready``, when every app's models are loaded, so that an app below never names
    the apps above it (a person's payment account, lunar birthday; a user's calendar feed).
    """
    return [f.name for f in model._meta.get_fields() if f.one_to_one and not f.concrete]

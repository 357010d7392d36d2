"""Lockouts, for the security administrator."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Schema
from ninja.responses import Status

from guanai.accounts import selectors, services
from guanai.accounts.models import Role
from guanai.api.account_admin.common import REFUSALS, _caller, router
from guanai.api.errors import ErrorOut

# --- Lockouts (security administrator) -------------------------------------------------------


class LockoutOut(Schema):
    username: str
    failures: int
    last_attempt: datetime


@router.get("/lockouts", response={200: list[LockoutOut], **REFUSALS})
def lockout_list(request: HttpRequest) -> list[LockoutOut]:
    """List the locked accounts in the security administrator's scope."""
    user = _caller(request, Role.SECADMIN)
    return [
        LockoutOut(
            username=a.username or "", failures=a.failures_since_start, last_attempt=a.attempt_time
        )
        for a in selectors.lockouts_visible(user)
    ]


@router.delete("/lockouts/{username}", response={204: None, **REFUSALS, 404: ErrorOut})
def lockout_reset(request: HttpRequest, username: str) -> Status:
    """Lift the lock of an account in the security administrator's scope; it is audited."""
    user = _caller(request, Role.SECADMIN)
    if username not in {a.username for a in selectors.lockouts_visible(user)}:
        raise Http404
    services.lockout_reset(acting_user=user, username=username, request=request)
    return Status(204, None)

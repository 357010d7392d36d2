"""The router of the administration API, and who may call it."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.core.errors import PermissionRefused

router = Router(tags=["administration"])

REFUSALS: dict[int, type[Schema]] = {**AUTH_ERRORS, 403: ErrorOut}


def _caller(request: HttpRequest, *roles: Role) -> User:
    user = acting_user(request)
    if not scoping.has_role(user, *roles):
        raise PermissionRefused(_("Your role may not use this."))
    return user

"""The caller's own account: who they are, their roles, and their personal API tokens."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import ApiToken, Role
from guanai.accounts.services import api_token_create, api_token_revoke
from guanai.api.auth import acting_user, require_session
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.text import PlainText
from guanai.core.errors import PermissionRefused

router = Router(tags=["accounts"])


class RoleOut(Schema):
    org_unit_id: int
    org_unit_name: str
    role: Role
    role_label: str


class MeOut(Schema):
    username: str
    full_name: str
    language: str
    roles: list[RoleOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    key: str


class TokenIn(Schema):
    name: PlainText = Field(max_length=ApiToken._meta.get_field("name").max_length)


@router.get("/me", response={200: MeOut, **AUTH_ERRORS})
def me(request: HttpRequest) -> MeOut:
    """Return the caller's account, roles and the language of the answers."""
    user = acting_user(request)
    roles = [
        RoleOut(
            org_unit_id=m.org_unit_id,
            org_unit_name=m.org_unit.name,
            role=Role(m.role),
            role_label=str(Role(m.role).label),
        )
        for m in scoping.memberships(user)
    ]
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        language=translation.get_language(),
        roles=roles,
    )


@router.get("/tokens", response={200: list[TokenOut], **AUTH_ERRORS})
def token_list(request: HttpRequest) -> list[ApiToken]:
    """List the caller's own tokens, revoked ones included; keys are never shown."""
    return list(scoping.api_tokens_of(acting_user(request)))


@router.post(
    "/tokens", response={201: TokenCreatedOut, 400: ErrorOut, **AUTH_ERRORS, 403: ErrorOut}
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    """Create a personal token; the key is in this answer and never again.

    Only from a logged-in browser session: a request made with a token is refused (403).
    The token expires after the configured lifetime (``expires_at``).
    """
    require_session(request)
    user = acting_user(request)
    if not scoping.may_hold_api_tokens(user):  # the rule of the API token page
        raise PermissionRefused(
            _("API tokens are for administrators and the staff of a township or higher unit.")
        )
    token, key = api_token_create(user=user, name=payload.name)
    return Status(201, TokenCreatedOut(**TokenOut.from_orm(token).model_dump(), key=key))


@router.delete("/tokens/{token_id}", response={204: None, **AUTH_ERRORS, 404: ErrorOut})
def token_revoke(request: HttpRequest, token_id: int) -> Status:
    """Revoke one of the caller's own tokens; anybody else's is not found."""
    token = scoping.access_api_token(acting_user(request), token_id)
    api_token_revoke(token=token)
    return Status(204, None)

"""The caller's calendar feed (日历订阅) through the API: whether it is on, a new address
(the old one stops working at once), turning it off — the calendar page's three actions.

The key is in the answer that makes it and never again; only its first characters
(``prefix``) are shown afterwards, as on the page.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.core.errors import PermissionRefused
from guanai.today.feed import (
    feed_address,
    feed_token_new,
    feed_token_of,
    feed_token_off,
    may_have_feed,
)

router = Router(tags=["calendar"])


class FeedOut(Schema):
    on: bool = Field(description="Whether the caller has a working calendar address.")
    prefix: str | None = Field(description="The first characters of the key, to recognise it.")
    created_at: datetime | None
    last_used_at: datetime | None = Field(description="When a calendar app last read it.")


class FeedCreatedOut(FeedOut):
    url: str = Field(description="The address to subscribe to; shown this once.")


def _feed_user(request: HttpRequest) -> User:
    user = acting_user(request)
    if not may_have_feed(user):
        raise PermissionRefused(_("Your roles see no persons' data, so you have no calendar."))
    return user


@router.get("/calendar/feed", response={200: FeedOut, **AUTH_ERRORS, 403: ErrorOut})
def feed_state(request: HttpRequest) -> FeedOut:
    """Whether the caller's calendar feed is on, and when it was made and last read."""
    token = feed_token_of(_feed_user(request))
    if token is None:
        return FeedOut(on=False, prefix=None, created_at=None, last_used_at=None)
    return FeedOut(
        on=True, prefix=token.prefix, created_at=token.created_at, last_used_at=token.last_used_at
    )


@router.post("/calendar/feed", response={201: FeedCreatedOut, **AUTH_ERRORS, 403: ErrorOut})
def feed_new(request: HttpRequest) -> Status:
    """Make a new calendar address, replacing the old one, which stops working at once."""
    user = _feed_user(request)
    token, key = feed_token_new(acting_user=user)
    return Status(
        201,
        FeedCreatedOut(
            on=True,
            prefix=token.prefix,
            created_at=token.created_at,
            last_used_at=None,
            url=feed_address(request, key),
        ),
    )


@router.delete("/calendar/feed", response={204: None, **AUTH_ERRORS, 403: ErrorOut})
def feed_off(request: HttpRequest) -> Status:
    """Turn the caller's calendar feed off: its address stops working (nothing if off)."""
    feed_token_off(acting_user=_feed_user(request))
    return Status(204, None)

"""The calendar feed's secret: made, replaced and turned off by its owner, checked on read.

Like an API token (``accounts.services.tokens``) only a SHA-256 hash of the key is stored,
so a copy of the database opens no feed; the key is shown once. A calendar app has no
session, so the key in the address is the only check: an unknown or replaced key is a 404.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused
from guanai.core.models import AuditAction
from guanai.today.models import CalendarFeedToken

FEED_PREFIX = "gc_"
# A phone asks its subscribed calendars every hour or so: the use is noted at most every
# few minutes (no write on each poll), and the access log gets one row a day.
USE_RESOLUTION = timedelta(minutes=5)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def feed_address(request: HttpRequest, key: str) -> str:
    """Return the feed's full address with ``key``, on the host the request came to."""
    return request.build_absolute_uri(reverse("calendar_feed")) + "?" + urlencode({"key": key})


def may_have_feed(user: User) -> bool:
    """The admin roles see no beneficiary data, so they have no feed."""
    return scoping.can_see_beneficiary_data(user)


def feed_token_of(user: User) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user).first()


@transaction.atomic
def feed_token_new(*, acting_user: User) -> tuple[CalendarFeedToken, str]:
    """Make the user's calendar key, replacing the old one (whose address stops working at
    once); return the token and the key, which is never shown again."""
    if not may_have_feed(acting_user):
        raise PermissionRefused(_("Your roles see no persons' data, so you have no calendar."))
    key = FEED_PREFIX + secrets.token_urlsafe(32)
    token, created = CalendarFeedToken.objects.update_or_create(
        user=acting_user,
        defaults={
            "prefix": key[:8],
            "key_hash": hash_key(key),
            "created_at": timezone.now(),
            "last_used_at": None,
            "logged_on": None,
        },
    )
    access_log(
        user=acting_user,
        action=AuditAction.TOKEN,
        obj=token,
        object_repr=str(_("Calendar feed")),
        detail={"event": "calendar feed created" if created else "calendar feed replaced"},
    )
    return token, key


@transaction.atomic
def feed_token_off(*, acting_user: User) -> None:
    """Turn the user's calendar feed off: its address stops working."""
    token = feed_token_of(acting_user)
    if token is None:
        return
    access_log(
        user=acting_user,
        action=AuditAction.TOKEN,
        obj=token,
        object_repr=str(_("Calendar feed")),
        detail={"event": "calendar feed turned off"},
    )
    token.delete()


def feed_authenticate(key: str) -> User | None:
    """Return the active owner of the feed with this key, noting the use; or None.

    The key is looked up by its hash (so the lookup's timing tells nothing of the key) and
    the hashes are compared in constant time. A user who lost every data role gets no feed
    even with a live key.
    """
    if not key.startswith(FEED_PREFIX):
        return None
    wanted = hash_key(key)
    token = (
        CalendarFeedToken.objects.select_related("user")
        .filter(key_hash=wanted, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, wanted):
        return None
    user = token.user
    if not may_have_feed(user):
        return None
    _note_use(token, user)
    return user


def _note_use(token: CalendarFeedToken, user: User) -> None:
    now = timezone.now()
    today = timezone.localdate(now)
    changes: dict[str, object] = {}
    if token.last_used_at is None or now - token.last_used_at > USE_RESOLUTION:
        changes["last_used_at"] = now
    if token.logged_on != today:
        # The feed holds names of persons and their due care: a read of personal data,
        # recorded once a day rather than on every poll.
        changes["logged_on"] = today
        access_log(
            user=user,
            action=AuditAction.READ,
            obj=token,
            object_type="today.calendarfeed",
            object_repr=str(_("Calendar feed")),
            detail={"via": "calendar feed"},
        )
    if changes:
        CalendarFeedToken.objects.filter(pk=token.pk).update(**changes)

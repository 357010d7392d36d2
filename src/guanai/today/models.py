"""The today app's one model: the secret of a user's calendar feed (issue 15, point 6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeedToken(models.Model):
    """The secret in a user's calendar address. Only a hash is stored; the address is shown
    once, when made. One per user: making a new one replaces it, so the old address stops
    working; turning the feed off deletes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # The day of the last access-log row for a read of the feed: a phone asks every hour,
    # the log keeps one row a day (``today.feed.tokens.feed_authenticate``).
    logged_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.prefix}…"

"""The photos of an event (issue 15, point 2): kept as evidence of what a unit did.

Checked and stored by ``core.photos`` (JPEG or PNG by their first bytes, 5 MB each, a
random name under MEDIA_ROOT) and served only to a reader of the event, never as public
media. The information report an event feeds may carry copies of some of them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.activities.models.events import Event
from guanai.core.photos import PhotoFields


class EventPhoto(PhotoFields):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=100, blank=True)

    class Meta(PhotoFields.Meta):
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        indexes = [models.Index(fields=["event", "id"], name="event_photo_event")]

"""The photos of an event: who adds and removes them, who sees them.

Those who may take the event's attendance add and remove its photos — the leaders and
workers of a unit containing the event's unit, and the helpers who serve it (the
volunteer with the camera); a cancelled event takes none. Everyone who sees the event
sees its photos (``access``: the roster roles of its unit and above, its helpers), and
no one else: a photo of another event is ``Http404``. Nine at most per event, checked and
stored by ``core.photos``; django-auditlog records each one added or removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor, AnyUser
from guanai.activities.events.access import can_take_attendance, events_visible
from guanai.activities.models.events import Event, EventStatus
from guanai.activities.models.media import EventPhoto
from guanai.core.actors import account_of
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.photos import Upload, checked_photos, store_photos
from guanai.core.text import fits

MAX_PHOTOS = 9


def event_photos(event: Event) -> QuerySet[EventPhoto]:
    """Return the photos of an event the caller has already read (``access_event``)."""
    return EventPhoto.objects.filter(event=event).order_by("pk")


def access_event_photo(user: AnyUser, pk: int) -> EventPhoto:
    """Return a photo of an event the user sees, or raise Http404."""
    photo = (
        EventPhoto.objects.filter(pk=pk, event__in=events_visible(user).values("pk"))
        .select_related("event", "event__org_unit")
        .first()
    )
    if photo is None:
        raise Http404
    return photo


def can_change_photos(user: Actor, event: Event) -> bool:
    """Those who take the event's attendance add and remove its photos."""
    return event.status != EventStatus.CANCELLED and can_take_attendance(user, event)


def _require(user: Actor, event: Event) -> None:
    if not can_take_attendance(user, event):
        raise PermissionRefused(
            _("Only the event's unit and the helpers who serve it add or remove its photos.")
        )
    if event.status == EventStatus.CANCELLED:
        raise ValidationFailed(_("The event is cancelled: it takes no photos."))


@transaction.atomic
def event_photos_add(
    *, acting_user: Actor, event: Event, photos: Sequence[Upload], caption: str = ""
) -> list[EventPhoto]:
    """Add photos to an event, all with the same caption (optional); all or none are kept."""
    _require(acting_user, event)
    if not photos:
        raise ValidationFailed(_("Choose at least one photo."), field="photos")
    caption = " ".join(caption.split())
    fits(caption, EventPhoto, "caption")
    # The event's row is locked so that two uploads at once cannot pass the limit together.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    held = EventPhoto.objects.filter(event=event).count()
    checked = checked_photos(
        photos,
        room=MAX_PHOTOS - held,
        too_many=_("At most %(n)s photos per event; it holds %(held)s.")
        % {"n": MAX_PHOTOS, "held": held},
    )
    author = account_of(acting_user)
    return store_photos(
        checked,
        folder="events",
        make=lambda: EventPhoto(event=event, uploaded_by=author, caption=caption),
    )


@transaction.atomic
def event_photo_remove(*, acting_user: Actor, photo: EventPhoto) -> None:
    """Remove a photo of an event; its file goes once the removal is committed."""
    _require(acting_user, photo.event)
    transaction.on_commit(partial(photo.file.storage.delete, photo.file.name))
    photo.delete()

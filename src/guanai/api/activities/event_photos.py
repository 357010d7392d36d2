"""An event's photos through the API, and the information report written from an event.

The photos mirror the information reports' (``api/reports/info.py``): sent as
``multipart/form-data``, JPEG or PNG by their first bytes, 5 MB each, nine per event; a
file refused is a 400 with the message a clerk reads, and nothing is stored. They are
read by whoever sees the event (404 otherwise) and added or removed by those who take its
attendance. ``/info-report`` gives the report the event makes (title, text, photos) and
sends it for review in one step, as the event's page does.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, UploadedFile
from ninja.responses import Status

from guanai.activities import events
from guanai.activities.events import photos as event_photos
from guanai.activities.models.media import EventPhoto
from guanai.api.auth import acting_user
from guanai.api.reports.info import InfoDetailOut
from guanai.api.schemas import PHOTO_OPENAPI, READ_ERRORS, WRITE_ERRORS, Id, PlainText
from guanai.api.types import Date
from guanai.core.errors import ValidationFailed
from guanai.core.photos import photo_response
from guanai.core.text import column_limit
from guanai.reports import info
from guanai.reports.info import from_event
from guanai.reports.models import InfoKind, InfoReport

router = Router(tags=["activities"])


class EventPhotoOut(Schema):
    id: int
    caption: str
    content_type: str
    size: int
    uploaded_at: datetime
    url: str = Field(description="Where the photo itself is read (the API's own address).")

    @staticmethod
    def resolve_url(obj: EventPhoto) -> str:
        return f"/api/activities/events/photos/{obj.pk}"


@router.get(
    "/activities/events/{event_id}/photos", response={200: list[EventPhotoOut], **READ_ERRORS}
)
def photo_list(request: HttpRequest, event_id: Id) -> list[EventPhoto]:
    """The photos of an event the caller sees, in the order they were added."""
    event = events.access_event(acting_user(request), event_id)
    return list(event_photos.event_photos(event))


class PhotoCaptionIn(Schema):
    caption: Annotated[PlainText, Field(max_length=column_limit(EventPhoto, "caption"))] = ""


@router.post(
    "/activities/events/{event_id}/photos",
    response={201: list[EventPhotoOut], **WRITE_ERRORS, **READ_ERRORS},
)
def photo_add(
    request: HttpRequest,
    event_id: Id,
    photos: File[list[UploadedFile]],
    payload: Form[PhotoCaptionIn],
) -> Status:
    """Add JPEG or PNG photos (5 MB each, nine per event) with one optional caption:
    the event's unit and the helpers who serve it."""
    user = acting_user(request)
    event = events.access_event(user, event_id)
    added = event_photos.event_photos_add(
        acting_user=user, event=event, photos=photos, caption=payload.caption
    )
    return Status(201, added)


@router.get(
    "/activities/events/photos/{photo_id}",
    response={**READ_ERRORS},
    openapi_extra=PHOTO_OPENAPI,
)
def photo_read(request: HttpRequest, photo_id: Id) -> FileResponse:
    """A photo of an event the caller sees."""
    return photo_response(
        event_photos.access_event_photo(acting_user(request), photo_id), inline=False
    )


@router.delete(
    "/activities/events/photos/{photo_id}", response={204: None, **WRITE_ERRORS, **READ_ERRORS}
)
def photo_remove(request: HttpRequest, photo_id: Id) -> Status:
    """Remove a photo of an event (those who may add them)."""
    user = acting_user(request)
    photo = event_photos.access_event_photo(user, photo_id)
    event_photos.event_photo_remove(acting_user=user, photo=photo)
    return Status(204, None)


class InfoDraftOut(Schema):
    title: str
    event_date: date
    text: str
    photo_ids: list[int] = Field(description="The event's first photos (three at most).")


@router.get(
    "/activities/events/{event_id}/info-report",
    response={200: InfoDraftOut, **WRITE_ERRORS, **READ_ERRORS},
)
def info_draft(request: HttpRequest, event_id: Id) -> InfoDraftOut:
    """The information report the event makes, as the page's form opens with it (400 for
    an event not published, not begun or already written up)."""
    user = acting_user(request)
    event = events.access_event(user, event_id)
    from_event.require_reportable(user, event)
    draft = from_event.compose(event)
    return InfoDraftOut(
        title=draft.title,
        event_date=draft.event_date,
        text=draft.text,
        photo_ids=[p.pk for p in draft.photos],
    )


class InfoFromEventIn(Schema):
    kind: InfoKind = InfoKind.REPORT
    title: Annotated[PlainText, Field(max_length=column_limit(InfoReport, "title"))] | None = Field(
        None, description="The event's title when left out."
    )
    event_date: Date | None = Field(None, description="The day the event began when left out.")
    text: Annotated[PlainText, Field(max_length=info.MAX_TEXT)] | None = Field(
        None, description="The text written from the event when left out."
    )
    photo_ids: list[Id] | None = Field(
        None, description="Photos of the event to copy; its first three when left out."
    )


@router.post(
    "/activities/events/{event_id}/info-report",
    response={201: InfoDetailOut, **WRITE_ERRORS, **READ_ERRORS},
)
def info_send(request: HttpRequest, event_id: Id, payload: InfoFromEventIn) -> Status:
    """Send the information report written from the event for review (once per event);
    what the payload leaves out is what the event makes."""
    user = acting_user(request)
    event = events.access_event(user, event_id)
    draft = from_event.compose(event)
    chosen = draft.photos
    if payload.photo_ids is not None:
        held = {p.pk: p for p in event_photos.event_photos(event)}
        if any(pk not in held for pk in payload.photo_ids):
            raise ValidationFailed(_("Choose photos of this event."), field="photo_ids")
        chosen = [held[pk] for pk in dict.fromkeys(payload.photo_ids)]
    report = from_event.info_from_event(
        acting_user=user,
        event=event,
        kind=payload.kind,
        title=draft.title if payload.title is None else payload.title,
        event_date=payload.event_date or draft.event_date,
        text=draft.text if payload.text is None else payload.text,
        photos=chosen,
    )
    return Status(201, report)

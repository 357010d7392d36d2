"""The photos on an event's page: add (from a phone's camera too), remove, serve.

A refusal (not a photo, too large, too many, a caption too long) comes back as a message
on the event's page, and nothing is stored.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.requests import request_user
from guanai.activities.events import photos
from guanai.activities.events.access import EVENT_READERS, access_event
from guanai.activities.events.extensions import event_follow_ups
from guanai.activities.models.events import Event
from guanai.core.errors import DomainError, PermissionRefused
from guanai.core.photos import photo_response


def media_context(user: User, event: Event) -> dict[str, Any]:
    """Return what the photos section of the event page shows (``_photos.html``)."""
    return {
        "photos": list(photos.event_photos(event)),
        "photos_max": photos.MAX_PHOTOS,
        "can_change_photos": photos.can_change_photos(user, event),
        "follow_ups": event_follow_ups(user, event),
    }


def reader(request: HttpRequest) -> User:
    user = request_user(request)
    scoping.require_role(user, *EVENT_READERS)
    return user


def _back(event: Event) -> HttpResponse:
    return redirect(reverse("activities:event_detail", args=[event.pk]) + "#photos")


@require_POST
def event_photos_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    event = access_event(user, pk)
    try:
        added = photos.event_photos_add(
            acting_user=user,
            event=event,
            photos=request.FILES.getlist("photos"),
            caption=request.POST.get("caption", ""),
        )
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            ngettext("%(count)s photo added.", "%(count)s photos added.", len(added))
            % {"count": len(added)},
        )
    return _back(event)


@require_POST
def event_photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    photo = photos.access_event_photo(user, pk)
    try:
        photos.event_photo_remove(acting_user=user, photo=photo)
    except PermissionRefused as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The photo is removed."))
    return _back(photo.event)


def event_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a photo to a reader of its event, never as public media."""
    return photo_response(photos.access_event_photo(request_user(request), pk))

"""Photos kept as evidence (an information report's, an event's, a scanned letter's).

JPEG or PNG only, recognised by their first bytes rather than by their name, at most 5 MB
each. They are stored under MEDIA_ROOT with a random name (the original name may hold a
child's name) and served only by a view that first checks the reader may read what the
photo belongs to (``photo_response``), never as public media. A model that keeps photos
has the fields of ``PhotoFields``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from django.core.files.base import ContentFile
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

MAX_PHOTO_BYTES = 5 * 1024 * 1024
ORIGINAL_NAME_LIMIT = 200
# The first bytes of the image formats accepted, and the type they are served as.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


class Upload(Protocol):
    """An uploaded file as Django's request.FILES hands it over."""

    name: str | None

    # Read-only: a stored file (``File``, ``ContentFile``) computes it.
    @property
    def size(self) -> int | None: ...

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...


class PhotoFields(models.Model):
    """The fields of a stored photo; a concrete model adds what the photo belongs to."""

    file = models.FileField(max_length=200)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=ORIGINAL_NAME_LIMIT, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name or self.file.name


Photo = TypeVar("Photo", bound=PhotoFields)


@dataclass(frozen=True)
class CheckedPhoto:
    """A photo read and checked, not stored yet."""

    name: str
    data: bytes
    content_type: str
    extension: str


def sniff(head: bytes) -> tuple[str, str] | None:
    """Return the content type and extension of a JPEG or PNG, by its first bytes."""
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def checked_photos(
    photos: Sequence[Upload], *, room: int, too_many: str, field: str = "photos"
) -> list[CheckedPhoto]:
    """Read and check the photos before anything is stored: all or none are kept.

    ``room`` is how many more the owner may hold; ``too_many`` the message past it.
    """
    if len(photos) > room:
        raise ValidationFailed(too_many, field=field)
    checked = []
    for photo in photos:
        name = photo.name or ""
        too_large = _("%(name)s is larger than 5 MB; send a smaller photo.") % {"name": name}
        if (photo.size or 0) > MAX_PHOTO_BYTES:
            raise ValidationFailed(too_large, field=field)
        photo.seek(0)
        # One byte more than allowed tells a file whose declared size was wrong.
        data = photo.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationFailed(too_large, field=field)
        found = sniff(data)
        if found is None:
            raise ValidationFailed(
                _("%(name)s is not a JPEG or PNG photo.") % {"name": name}, field=field
            )
        if len(name) > ORIGINAL_NAME_LIMIT:
            raise ValidationFailed(
                _("The name of the file %(name)s is longer than %(count)s characters; rename it.")
                % {"name": name, "count": ORIGINAL_NAME_LIMIT},
                field=field,
            )
        checked.append(CheckedPhoto(name, data, *found))
    return checked


def store_photos(
    checked: Iterable[CheckedPhoto], *, folder: str, make: Callable[[], Photo]
) -> list[Photo]:
    """Store the checked photos under ``folder``/<year>/ as rows that ``make`` starts.

    Called last in the transaction, so that a failure here removes the files already
    written before the transaction is rolled back.
    """
    stored: list[Photo] = []
    try:
        for photo in checked:
            entry = make()
            entry.content_type = photo.content_type
            entry.size = len(photo.data)
            entry.original_name = photo.name
            entry.file.save(
                f"{folder}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{photo.extension}",
                ContentFile(photo.data),
                save=False,
            )
            stored.append(entry)
            entry.save()
    except Exception:
        for entry in stored:
            entry.file.storage.delete(entry.file.name)
        raise
    return stored


def photo_response(photo: PhotoFields, *, inline: bool = True) -> FileResponse:
    """Serve a photo the caller was found to may read: never sniffed, privately cached."""
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type)
    if inline:
        response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response

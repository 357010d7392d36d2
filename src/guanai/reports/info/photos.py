"""The photos of an information report: JPEG or PNG only, recognised by their first
bytes rather than by their name, at most 5 MB each and three per report. They are stored
under MEDIA_ROOT with a random name and served only by a view that checks the reader may
read the report."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Protocol

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.core.text import column_limit
from guanai.reports.models import InfoPhoto, InfoReport

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# The first bytes of the image formats accepted, and the type they are served as.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


class Upload(Protocol):
    """An uploaded file as Django's request.FILES hands it over."""

    name: str | None
    size: int | None

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...


def sniff(head: bytes) -> tuple[str, str] | None:
    """Return the content type and extension of a JPEG or PNG, by its first bytes."""
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def checked_photos(photos: Sequence[Upload], already: int) -> list[tuple[Upload, bytes, str, str]]:
    """Read and check the photos before anything is stored: all or none are kept."""
    if already + len(photos) > MAX_PHOTOS:
        raise ValidationFailed(
            _("At most %(n)s photos per report.") % {"n": MAX_PHOTOS}, field="photos"
        )
    checked = []
    for photo in photos:
        name = photo.name or ""
        too_large = _("%(name)s is larger than 5 MB; send a smaller photo.") % {"name": name}
        if (photo.size or 0) > MAX_PHOTO_BYTES:
            raise ValidationFailed(too_large, field="photos")
        photo.seek(0)
        # One byte more than allowed tells a file whose declared size was wrong.
        data = photo.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationFailed(too_large, field="photos")
        found = sniff(data)
        if found is None:
            raise ValidationFailed(
                _("%(name)s is not a JPEG or PNG photo.") % {"name": name}, field="photos"
            )
        if len(name) > column_limit(InfoPhoto, "original_name"):
            raise ValidationFailed(
                _("The name of the file %(name)s is longer than %(count)s characters; rename it.")
                % {"name": name, "count": column_limit(InfoPhoto, "original_name")},
                field="photos",
            )
        checked.append((photo, data, *found))
    return checked


def store_photos(report: InfoReport, checked: Iterable[tuple[Upload, bytes, str, str]]) -> None:
    """Store the checked photos; called last in the transaction, so that a failure here
    removes the files already written before the transaction is rolled back."""
    stored: list[InfoPhoto] = []
    try:
        for photo, data, content_type, extension in checked:
            entry = InfoPhoto(
                report=report,
                content_type=content_type,
                size=len(data),
                original_name=photo.name or "",
            )
            # A random name: the original name may hold a child's name.
            entry.file.save(
                f"info/{timezone.localdate():%Y}/{uuid.uuid4().hex}{extension}",
                ContentFile(data),
                save=False,
            )
            stored.append(entry)
            entry.save()
    except Exception:
        for entry in stored:
            entry.file.storage.delete(entry.file.name)
        raise

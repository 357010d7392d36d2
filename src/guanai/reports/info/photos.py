"""The photos of an information report: three at most, checked and stored by
``core.photos`` (JPEG or PNG by their first bytes, 5 MB each, a random name), served only
to a reader of the report."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from guanai.core.photos import MAX_PHOTO_BYTES, CheckedPhoto, Upload, sniff
from guanai.core.photos import checked_photos as _checked
from guanai.core.photos import store_photos as _store
from guanai.reports.models import InfoPhoto, InfoReport

MAX_PHOTOS = 3

__all__ = ["MAX_PHOTOS", "MAX_PHOTO_BYTES", "Upload", "checked_photos", "sniff", "store_photos"]


def checked_photos(photos: Sequence[Upload], already: int) -> list[CheckedPhoto]:
    """Read and check the photos before anything is stored: all or none are kept."""
    return _checked(
        photos,
        room=MAX_PHOTOS - already,
        too_many=_("At most %(n)s photos per report.") % {"n": MAX_PHOTOS},
    )


def store_photos(report: InfoReport, checked: Sequence[CheckedPhoto]) -> None:
    """Store the checked photos of ``report`` (last in its transaction)."""
    _store(checked, folder="info", make=lambda: InfoPhoto(report=report))

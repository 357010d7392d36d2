"""The photos of a letter home: three at most (a letter of two pages and its envelope),
checked and stored by ``core.photos`` (JPEG or PNG by their first bytes, 5 MB each, a
random name), served only to those who read the child on the roster."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from guanai.activities.models.letters import Letter, LetterScan
from guanai.core.photos import CheckedPhoto, Upload, checked_photos, store_photos

MAX_SCANS = 3


def checked_scans(photos: Sequence[Upload], already: int) -> list[CheckedPhoto]:
    """Read and check the photos before anything is stored: all or none are kept."""
    return checked_photos(
        photos,
        room=MAX_SCANS - already,
        too_many=_("At most %(n)s photos per letter.") % {"n": MAX_SCANS},
    )


def store_scans(letter: Letter, checked: Sequence[CheckedPhoto]) -> list[LetterScan]:
    """Store the checked photos of ``letter`` (last in its transaction)."""
    return store_photos(checked, folder="letters", make=lambda: LetterScan(letter=letter))

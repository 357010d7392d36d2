"""The service standard decided for an institution (``selectors``: the facts and verdicts)
and the evidence of its manual items (``services``) with their scans and photos
(``photos``). Import the public names from ``guanai.institutions.checklist``; the rules are
the pure engine ``institutions.standard``."""

from guanai.institutions.checklist.photos import (
    MAX_PHOTOS,
    access_evidence_photo,
    evidence_photo_remove,
    evidence_photos,
    evidence_photos_add,
    photos_by_ref,
)
from guanai.institutions.checklist.selectors import (
    Checklist,
    Row,
    checklist,
    checklists,
    facts_of,
    has_checklist,
    item_check_of,
    items_of,
    national_standard,
    rows_of,
)
from guanai.institutions.checklist.services import NOTE_MAX, item_check_set

__all__ = [
    "MAX_PHOTOS",
    "NOTE_MAX",
    "Checklist",
    "Row",
    "access_evidence_photo",
    "checklist",
    "checklists",
    "evidence_photo_remove",
    "evidence_photos",
    "evidence_photos_add",
    "facts_of",
    "has_checklist",
    "item_check_of",
    "item_check_set",
    "items_of",
    "national_standard",
    "photos_by_ref",
    "rows_of",
]

"""A file's categories through the API: start, edit the details, end; guardianship.

The same rules as the file page (``registry.views.file``): the person must be on the
caller's rosters (else 404), only editors of the person's unit change anything (else 403,
as for the other changes through the API), an archived file is read-only (400), and the
details of each category are checked by ``registry.details``.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.registry import CategoryEntryOut, Details
from guanai.api.schemas import WRITE_ERRORS, Text200
from guanai.api.types import Date
from guanai.registry import details as category_details
from guanai.registry import selectors, services
from guanai.registry.models import Category, Person, PersonCategory

router = Router(tags=["persons"])

# How well a left-behind child is looked after, as the details store it.
Guardianship = StrEnum(  # type: ignore[misc]
    "Guardianship", [(str(code), str(code)) for code, _label in category_details.GUARDIANSHIP]
)


class CategoryIn(Schema):
    category: Category
    started_on: Date | None = Field(None, description="Today unless given.")
    details: Details = Field(
        default_factory=dict,
        description="The category's own details, e.g. for left_behind: away, away_at, since.",
    )
    note: Text200 = ""


class CategoryPatchIn(Schema):
    """Only what is sent changes.

    ``details`` are merged into the stored ones: a detail sent as ``null`` is removed, and
    ``"details": null`` removes them all. ``"note": null`` empties the note.
    """

    details: Details | None = None
    note: Text200 | None = None


class CategoryEndIn(Schema):
    ended_on: Date


class GuardianshipIn(Schema):
    guardianship: Guardianship = Field(description="How well the child is looked after.")
    guardianship_assessed_on: Date | None = Field(None, description="Today unless given.")


def _entry(person: Person, entry_id: int) -> PersonCategory:
    return get_object_or_404(person.categories.all(), pk=entry_id)


def _merged(entry: PersonCategory, sent: dict[str, Any]) -> dict[str, Any]:
    """Return the stored details with the ones sent laid over them.

    Keys the category no longer has (written by an older version) are dropped, as the
    file page's form drops them, so that they never block an edit.
    """
    known = {spec.key for spec in category_details.fields_for(entry.category)}
    stored = {key: value for key, value in entry.details.items() if key in known}
    return {**stored, **sent}


@router.post(
    "/persons/{person_id}/categories",
    response={201: CategoryEntryOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def category_start(request: HttpRequest, person_id: int, payload: CategoryIn) -> Status:
    """Put a person in a category from a date (today unless given), with its details."""
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    entry = services.category_start(
        acting_user=user,
        person=person,
        category=payload.category.value,
        on=payload.started_on or timezone.localdate(),
        details=payload.details,
        note=payload.note,
    )
    return Status(201, entry)


@router.patch(
    "/persons/{person_id}/categories/{entry_id}",
    response={200: CategoryEntryOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def category_update(
    request: HttpRequest, person_id: int, entry_id: int, payload: CategoryPatchIn
) -> PersonCategory:
    """Correct the details or the note of a category span, checked as when it began."""
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    entry = _entry(person, entry_id)
    sent = payload.model_dump(exclude_unset=True)
    cleared = "details" in sent and payload.details is None
    details = {} if cleared else _merged(entry, payload.details or {})
    note = (payload.note or "") if "note" in sent else entry.note
    return services.category_update_details(
        acting_user=user, entry=entry, details=details, note=note
    )


@router.post(
    "/persons/{person_id}/categories/{entry_id}/end",
    response={200: CategoryEntryOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def category_end(
    request: HttpRequest, person_id: int, entry_id: int, payload: CategoryEndIn
) -> PersonCategory:
    """End a category on a date; the span stays in the file's history."""
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    return services.category_end(
        acting_user=user, entry=_entry(person, entry_id), on=payload.ended_on
    )


@router.post(
    "/persons/{person_id}/guardianship",
    response={200: CategoryEntryOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def guardianship_assess(
    request: HttpRequest, person_id: int, payload: GuardianshipIn
) -> PersonCategory:
    """Assess how well a left-behind child is looked after: good, fair or poor.

    The assessment is kept on the child's open left-behind category, which the answer
    shows; a person who is not a left-behind child now is refused (400).
    """
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    return services.guardianship_assess(
        acting_user=user,
        person=person,
        result=payload.guardianship.value,
        on=payload.guardianship_assessed_on or timezone.localdate(),
    )

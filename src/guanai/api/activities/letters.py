"""Letters home through the API: the occasions of a span of days, the rounds (list, open,
close, reopen), a round's letters by class, and one tap — a letter marked written or not.

Reads and writes go through ``activities.letters``: the rounds are those of the caller's
roster subtrees, the letters those of the children the caller reads on the roster (a
volunteer or a paired helper gets none: 404), and only leaders and workers of the round's
unit change them (403). Bad input is 400; a stale ``version`` of a round is 409.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, timedelta
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.activities import letters
from guanai.activities.letters.forms import prefilled
from guanai.activities.letters.selectors import class_label, round_counts
from guanai.activities.models.letters import Letter, LetterRound, RoundStatus
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PersonRefOut,
    RefOut,
    Text40,
    Text100,
    UnitRefOut,
)
from guanai.api.types import Bool, Date
from guanai.core.errors import ValidationFailed
from guanai.core.months import FIRST_YEAR, LAST_YEAR
from guanai.registry.models import Category

router = Router(tags=["activities"])

# The occasions of two years at most in one call.
LONGEST_SPAN = timedelta(days=731)


class OccasionQuery(Schema):
    start: Date | None = Field(None, description="First day; today if not given.")
    end: Date | None = Field(None, description="Last day; a year after the first if not given.")


class OccasionOut(Schema):
    key: str = Field(description="What names the occasion when a round is opened.")
    code: str
    name: str
    on: date = Field(description="The festival's day, or the first day of a holiday.")
    starts_on: date
    ends_on: date
    source: letters.Source
    estimate: bool
    rule: str = Field(description="Why the occasion falls on these days.")


class OccasionsOut(Schema):
    occasions: list[OccasionOut]
    statutory_unknown_years: list[int] = Field(
        description="Years of the span whose statutory holidays the calendar does not know."
    )


class RoundOut(Schema):
    id: int
    unit: UnitRefOut
    occasion: str
    occasion_on: date
    title: str
    opens_on: date
    closes_on: date
    target_categories: list[str]
    status: RoundStatus
    version: int
    written: int
    total: int


class LetterOut(Schema):
    id: int
    person: PersonRefOut
    class_label: str = Field(description="School (or unit), grade and class.")
    written: bool
    written_on: date | None
    recorded_by: RefOut | None
    scans: int = Field(description="How many photos of the letter are kept.")


class ClassOut(Schema):
    label: str
    written: int
    total: int


class RoundDetailOut(RoundOut):
    classes: list[ClassOut]
    letters: list[LetterOut]


class RoundIn(Schema):
    unit_id: Id
    occasion: Text40 = Field(description="An occasion's key, e.g. mid_autumn:2027-09-15.")
    title: Text100 = Field("", description="Empty: the occasion's title.")
    opens_on: Date | None = Field(None, description="Empty: two weeks before the occasion.")
    closes_on: Date | None = Field(None, description="Empty: a week after the occasion.")
    target_categories: Annotated[list[Category], Field(max_length=20)] = [Category.LEFT_BEHIND]


class RoundVersionIn(Schema):
    version: int = Field(description="The round's version as read.")


class LetterIn(Schema):
    written: Bool
    written_on: Date | None = Field(None, description="The day it was written; today if empty.")


def round_out(letter_round: LetterRound, written: int, total: int) -> RoundOut:
    return RoundOut(
        id=letter_round.pk,
        unit=UnitRefOut(id=letter_round.org_unit_id, name=letter_round.org_unit.name),
        occasion=letter_round.occasion,
        occasion_on=letter_round.occasion_on,
        title=letter_round.title,
        opens_on=letter_round.opens_on,
        closes_on=letter_round.closes_on,
        target_categories=list(letter_round.target_categories),
        status=RoundStatus(letter_round.status),
        version=letter_round.version,
        written=written,
        total=total,
    )


def letter_out(letter: Letter) -> LetterOut:
    by = letter.recorded_by
    return LetterOut(
        id=letter.pk,
        person=PersonRefOut(id=letter.person_id, name=letter.person.name),
        class_label=class_label(letter.person),
        written=letter.written,
        written_on=letter.written_on,
        recorded_by=None if by is None else RefOut(id=by.pk, name=by.get_full_name()),
        scans=len(letter.scans.all()),
    )


def _counted(letter_round: LetterRound, user: User) -> RoundOut:
    counted = letters.rounds_list(user).get(pk=letter_round.pk)
    return round_out(counted, *round_counts(counted))


@router.get(
    "/activities/letters/occasions", response={200: OccasionsOut, 400: ErrorOut, **AUTH_ERRORS}
)
def occasion_list(request: HttpRequest, filters: Query[OccasionQuery]) -> OccasionsOut:
    """List the festivals, statutory holidays and school holidays (estimates) of a span."""
    acting_user(request)
    for field, day in (("start", filters.start), ("end", filters.end)):
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValidationFailed(
                _("Choose a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                field=field,
            )
    start = filters.start or timezone.localdate()
    end = filters.end or start + timedelta(days=365)
    if end < start:
        raise ValidationFailed(_("The last day cannot be before the first."), field="end")
    if end - start > LONGEST_SPAN:
        raise ValidationFailed(_("Ask for two years at most."), field="end")
    found = letters.occasions(start, end)
    return OccasionsOut(
        occasions=[
            OccasionOut(
                key=o.key,
                code=o.code,
                name=o.name,
                on=o.on,
                starts_on=o.starts_on,
                ends_on=o.ends_on,
                source=o.source,
                estimate=o.estimate,
                rule=o.rule,
            )
            for o in found
        ],
        statutory_unknown_years=[
            y for y in range(start.year, end.year + 1) if not letters.statutory_known(y)
        ],
    )


@router.get("/activities/letters/rounds", response={200: list[RoundOut], **READ_ERRORS})
@paginate(Pages)
def round_list(request: HttpRequest) -> list[RoundOut]:
    """List the rounds of the caller's units, the latest first, with who wrote."""
    user = acting_user(request)
    rows: QuerySet[LetterRound] = letters.rounds_list(user)
    return [round_out(r, *round_counts(r)) for r in rows]


@router.post("/activities/letters/rounds", response={201: RoundOut, **WRITE_ERRORS, **AUTH_ERRORS})
def round_create(request: HttpRequest, payload: RoundIn) -> Status:
    """Open a round for an occasion, listing the unit's children of the categories."""
    user = acting_user(request)
    unit = get_object_or_404(letters.round_units(user), pk=payload.unit_id)
    found = letters.occasion_by_key(payload.occasion)
    if found is None:
        raise ValidationFailed(_("Choose an occasion from the list."), field="occasion")
    start = prefilled(found, timezone.localdate())
    created = letters.round_create(
        acting_user=user,
        org_unit=unit,
        occasion=payload.occasion,
        title=payload.title or start["title"],
        opens_on=payload.opens_on or start["opens_on"],
        closes_on=payload.closes_on or start["closes_on"],
        target_categories=[c.value for c in payload.target_categories],
    )
    return Status(201, _counted(created, user))


@router.get("/activities/letters/rounds/{round_id}", response={200: RoundDetailOut, **READ_ERRORS})
def round_detail(request: HttpRequest, round_id: Id) -> RoundDetailOut:
    """A round with its letters by class (the children the caller reads on the roster)."""
    user = acting_user(request)
    letter_round = letters.access_round(user, round_id)
    sheet = letters.round_sheet(user, letter_round)
    base = round_out(letter_round, sheet.progress.written, sheet.progress.total)
    return RoundDetailOut(
        **base.model_dump(),
        classes=[
            ClassOut(label=g.progress.label, written=g.progress.written, total=g.progress.total)
            for g in sheet.classes
        ],
        letters=[letter_out(x) for x in sheet.letters],
    )


def _status(request: HttpRequest, round_id: int, version: int, close: bool) -> RoundOut:
    user = acting_user(request)
    letter_round = letters.access_round(user, round_id)
    change = letters.round_close if close else letters.round_reopen
    changed = change(acting_user=user, letter_round=letter_round, version=version)
    return _counted(changed, user)


@router.post(
    "/activities/letters/rounds/{round_id}/close",
    response={200: RoundOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def round_close(request: HttpRequest, round_id: Id, payload: RoundVersionIn) -> RoundOut:
    """Close a round: no letter is marked any more."""
    return _status(request, round_id, payload.version, close=True)


@router.post(
    "/activities/letters/rounds/{round_id}/reopen",
    response={200: RoundOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def round_reopen(request: HttpRequest, round_id: Id, payload: RoundVersionIn) -> RoundOut:
    """Reopen a round closed too early."""
    return _status(request, round_id, payload.version, close=False)


@router.put(
    "/activities/letters/letters/{letter_id}",
    response={200: LetterOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def letter_mark(request: HttpRequest, letter_id: Id, payload: LetterIn) -> LetterOut:
    """Mark a child's letter written (on a day, today if not given), or not written."""
    user = acting_user(request)
    letter = letters.access_letter(user, letter_id)
    letters.letter_mark(
        acting_user=user, letter=letter, written=payload.written, on=payload.written_on
    )
    return letter_out(letters.round_letters(user, letter.round).get(pk=letter.pk))

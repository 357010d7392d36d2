"""The yearly quality assessment of care institutions through the API: an institution's
assessments, one year's with its three parts explained, a new one or a change at its
``version``, the scores of a year across the caller's institutions, and the score sheets
(a county leader adds the county's own).

Scoped as the pages (``institutions.register``: an institution outside the caller's
subtrees is 404, a role that reads none 403); the services refuse bad input (400), a
caller who may not score (403: only the county federation does) and a stale version (409).
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.institutions.schemas import UnmetItemOut
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id, PlainText, Text100
from guanai.api.types import Date
from guanai.institutions import register
from guanai.institutions.assessment import (
    AssessmentData,
    SheetData,
    assessment_save,
    assessments_in,
    assessments_of,
    score_sheet_add,
    sheets_visible,
    stored_score,
)
from guanai.institutions.models import Assessment, ScoreSheet

router = Router(tags=["institutions"])

Count = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
Year = Annotated[int, Field(ge=1, le=9999)]


class AssessmentPartOut(Schema):
    key: str = Field(description="checklist, delivery or satisfaction.")
    weight: int
    points: Decimal
    explanation: str


class AssessmentOut(Schema):
    institution_id: int
    year: int
    version: int
    sheet_id: int
    respondents: int
    satisfied: int
    note: str
    assessed_on: date
    residents: int = Field(description="Service users in the year.")
    checklist_met: int
    checklist_applicable: int
    total: Decimal
    grade: str = Field(description="excellent, good, pass or fail.")
    parts: list[AssessmentPartOut] | None = Field(
        description="The three parts explained; in the lists, none."
    )
    unmet_items: list[UnmetItemOut] | None


class AssessmentPage(Schema):
    items: list[AssessmentOut]
    count: int


class AssessmentFields(Schema):
    respondents: Count
    satisfied: Count
    note: PlainText = Field("", max_length=2000)
    assessed_on: Date | None = Field(None, description="Today when none.")


class AssessmentIn(AssessmentFields):
    year: int = Field(ge=1, le=9999)


class AssessmentUpdateIn(AssessmentFields):
    version: int = Field(ge=1, le=2**31 - 1)


class ScoreSheetIn(Schema):
    unit_id: Id
    title: Text100
    valid_from: Date
    checklist_weight: Count
    delivery_weight: Count
    satisfaction_weight: Count
    target_minutes: Count
    excellent: Count
    good: Count
    passing: Count


class ScoreSheetOut(Schema):
    id: int
    title: str
    version: int
    valid_from: date
    unit_id: int | None = Field(description="None: the national default.")
    checklist_weight: int
    delivery_weight: int
    satisfaction_weight: int
    target_minutes: int
    excellent: int
    good: int
    passing: int


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    register.require_reader(user)
    return user


def _out(a: Assessment, *, detail: bool = False) -> AssessmentOut:
    parts = None
    if detail:
        found = stored_score(a)
        parts = [
            AssessmentPartOut(
                key=p.key, weight=p.weight, points=p.points, explanation=p.explanation
            )
            for p in found.parts
        ]
    return AssessmentOut(
        institution_id=a.institution_id,
        year=a.year,
        version=a.version,
        sheet_id=a.sheet_id,
        respondents=a.respondents,
        satisfied=a.satisfied,
        note=a.note,
        assessed_on=a.assessed_on,
        residents=a.residents,
        checklist_met=a.checklist_met,
        checklist_applicable=a.checklist_applicable,
        total=a.total,
        grade=a.grade,
        parts=parts,
        unmet_items=[UnmetItemOut(**i) for i in a.unmet_items] if detail else None,
    )


@router.get(
    "/institutions/{institution_id}/assessments",
    response={200: list[AssessmentOut], **READ_ERRORS},
)
def assessment_list(request: HttpRequest, institution_id: Id) -> list[AssessmentOut]:
    """List an institution's assessments, the newest year first."""
    user = _reader(request)
    institution = register.access_institution(user, institution_id)
    return [_out(a) for a in assessments_of(institution)]


@router.post(
    "/institutions/{institution_id}/assessments",
    response={201: AssessmentOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def assessment_create(request: HttpRequest, institution_id: Id, payload: AssessmentIn) -> Status:
    """Score an institution for a year not assessed yet (the county federation only)."""
    user = _reader(request)
    institution = register.access_institution(user, institution_id)
    saved = assessment_save(
        acting_user=user,
        institution=institution,
        data=AssessmentData(**payload.dict()),
        today=timezone.localdate(),
    )
    return Status(201, _out(assessments_of(institution).get(pk=saved.pk), detail=True))


@router.get(
    "/institutions/{institution_id}/assessments/{year}",
    response={200: AssessmentOut, **READ_ERRORS},
)
def assessment_detail(request: HttpRequest, institution_id: Id, year: Year) -> AssessmentOut:
    """Return a year's assessment with its three parts explained and the items not met."""
    user = _reader(request)
    institution = register.access_institution(user, institution_id)
    return _out(get_object_or_404(assessments_of(institution), year=year), detail=True)


@router.put(
    "/institutions/{institution_id}/assessments/{year}",
    response={200: AssessmentOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def assessment_update(
    request: HttpRequest, institution_id: Id, year: Year, payload: AssessmentUpdateIn
) -> AssessmentOut:
    """Score a year again from the data as it is now, at the ``version`` read."""
    user = _reader(request)
    institution = register.access_institution(user, institution_id)
    get_object_or_404(assessments_of(institution), year=year)
    saved = assessment_save(
        acting_user=user,
        institution=institution,
        data=AssessmentData(year=year, **payload.dict(exclude={"version"})),
        today=timezone.localdate(),
        version=payload.version,
    )
    return _out(assessments_of(institution).get(pk=saved.pk), detail=True)


class YearIn(Schema):
    year: int | None = Field(None, ge=2000, le=9999, description="This year when none.")


@router.get(
    "/institution-assessments", response={200: AssessmentPage, **READ_ERRORS, **AUTH_ERRORS}
)
def assessment_year_list(
    request: HttpRequest, filters: Query[YearIn], paging: Query[Pages.Input]
) -> AssessmentPage:
    """List the assessments of a year across the caller's institutions, in tree order."""
    user = _reader(request)
    found = assessments_in(
        register.institutions_visible(user), filters.year or timezone.localdate().year
    )
    size = paging.page_size or Pages().page_size
    start = (paging.page - 1) * size
    return AssessmentPage(items=[_out(a) for a in found[start : start + size]], count=found.count())


def _sheet_out(s: ScoreSheet) -> ScoreSheetOut:
    return ScoreSheetOut(
        id=s.pk,
        title=s.title,
        version=s.version,
        valid_from=s.valid_from,
        unit_id=s.org_unit_id,
        checklist_weight=s.checklist_weight,
        delivery_weight=s.delivery_weight,
        satisfaction_weight=s.satisfaction_weight,
        target_minutes=s.target_minutes,
        excellent=s.excellent,
        good=s.good,
        passing=s.passing,
    )


@router.get("/institution-score-sheets", response={200: list[ScoreSheetOut], **READ_ERRORS})
def score_sheet_list(request: HttpRequest) -> list[ScoreSheetOut]:
    """List the national sheets and those of the caller's units and the units above."""
    user = _reader(request)
    mine = scoping.units_for(user, register.READERS)
    return [_sheet_out(s) for s in sheets_visible(mine)]


@router.post(
    "/institution-score-sheets",
    response={201: ScoreSheetOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def score_sheet_create(request: HttpRequest, payload: ScoreSheetIn) -> Status:
    """Add a county's own sheet (a leader of the county or above)."""
    user = _reader(request)
    unit = get_object_or_404(scoping.org_units_visible(user), pk=payload.unit_id)
    sheet = score_sheet_add(
        acting_user=user, unit=unit, data=SheetData(**payload.dict(exclude={"unit_id"}))
    )
    return Status(201, _sheet_out(sheet))

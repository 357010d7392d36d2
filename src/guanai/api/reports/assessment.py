"""The annual assessment (考核) through the API: score sheets, their items, manual scores,
finalising, the ranking and its xlsx export, scoped and checked as on the pages.

Points and scores travel as text ("20", "12.5") and are checked like the pages': from 0.1
to 100 points with one decimal, a score from 0 to the item's points.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, PlainText, UnitRefOut
from guanai.core.text import column_limit
from guanai.reports import assessment, exports, monthly
from guanai.reports.models import AssessmentItem, AssessmentSheet, ItemKind, SheetStatus

router = Router(tags=["reports"])


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    monthly.require_reader(user)
    return user


class SheetOut(Schema):
    id: int
    unit: UnitRefOut = Field(alias="org_unit")
    year: int
    title: str
    status: SheetStatus
    version: int
    facts_month: date | None
    finalised_at: datetime | None


class ItemOut(Schema):
    id: int
    position: int
    name: str
    weight: Decimal = Field(description="Points.")
    kind: ItemKind
    kpi: str = Field(description="The rate KPI of an automatic item; empty otherwise.")
    criteria: str


class CellOut(Schema):
    item_id: int
    score: Decimal | None = Field(description="Null: a manual score not entered yet.")
    kpi_value: Decimal | None = Field(
        description=(
            "Automatic items: the KPI's value; timeliness and rectification items: percent on "
            "time; practical-matters items: percent done. The counts are in the evidence."
        )
    )
    kpi_target: Decimal | None
    evidence: str


class RowOut(Schema):
    rank: int
    unit: UnitRefOut
    total: Decimal
    cells: list[CellOut]


class SheetDetailOut(SheetOut):
    items: list[ItemOut]
    weights: Decimal = Field(description="The items' points together; 100 to finalise.")
    missing: int = Field(description="Manual scores not entered yet.")
    rows: list[RowOut]


def _detail(sheet: AssessmentSheet) -> SheetDetailOut:
    results = assessment.results_of(sheet)
    return SheetDetailOut(
        id=sheet.pk,
        org_unit=UnitRefOut(id=sheet.org_unit.pk, name=sheet.org_unit.name),
        year=sheet.year,
        title=sheet.title,
        status=SheetStatus(sheet.status),
        version=sheet.version,
        facts_month=sheet.facts_month,
        finalised_at=sheet.finalised_at,
        items=[ItemOut.from_orm(item) for item in results.items],
        weights=results.weights,
        missing=results.missing,
        rows=[
            RowOut(
                rank=row.rank,
                unit=UnitRefOut(id=row.unit.pk, name=row.unit.name),
                total=row.total,
                cells=[
                    CellOut(
                        item_id=cell.item.pk,
                        score=cell.score,
                        kpi_value=cell.kpi_value,
                        kpi_target=cell.kpi_target,
                        evidence=cell.evidence,
                    )
                    for cell in row.cells
                ],
            )
            for row in results.rows
        ],
    )


@router.get("/reports/assessments", response={200: list[SheetOut], **AUTH_ERRORS})
@paginate(Pages)
def sheet_list(request: HttpRequest) -> QuerySet[AssessmentSheet]:
    """The score sheets of the caller's units, and the finalised ones of the units above."""
    return assessment.sheet_list(_reader(request))


class SheetIn(Schema):
    unit_id: int
    year: int = Field(ge=2000, le=2100)
    copy_from: int | None = Field(
        None, description="A sheet the caller reads whose items the new sheet starts with."
    )


@router.post("/reports/assessments", response={201: SheetDetailOut, **WRITE_ERRORS})
def sheet_create(request: HttpRequest, payload: SheetIn) -> Status:
    """Start a unit's score sheet for a year (a county, prefecture or province), empty or
    with the items of another sheet."""
    user = _reader(request)
    unit = monthly.access_unit(user, payload.unit_id)
    if payload.copy_from is not None:
        source = assessment.access_sheet(user, payload.copy_from)
        sheet = assessment.sheet_copy(acting_user=user, source=source, unit=unit, year=payload.year)
    else:
        sheet = assessment.sheet_create(acting_user=user, unit=unit, year=payload.year)
    return Status(201, _detail(sheet))


@router.get("/reports/assessments/{sheet_id}", response={200: SheetDetailOut, **READ_ERRORS})
def sheet_detail(request: HttpRequest, sheet_id: int) -> SheetDetailOut:
    """A sheet with its items and every sub-unit's scores, ranked."""
    return _detail(assessment.access_sheet(_reader(request), sheet_id))


class ItemIn(Schema):
    version: int = Field(description="The sheet's version.")
    name: Annotated[PlainText, Field(max_length=column_limit(AssessmentItem, "name"))]
    weight: Annotated[str, Field(max_length=10, examples=["20"])]
    kind: ItemKind
    kpi: Annotated[str, Field(max_length=column_limit(AssessmentItem, "kpi"))] = ""
    criteria: Annotated[PlainText, Field(max_length=column_limit(AssessmentItem, "criteria"))] = ""


@router.post("/reports/assessments/{sheet_id}/items", response={201: ItemOut, **EDIT_ERRORS})
def item_add(request: HttpRequest, sheet_id: int, payload: ItemIn) -> Status:
    """Add an item to a draft sheet (leaders and workers of its unit)."""
    sheet = assessment.access_sheet(_reader(request), sheet_id)
    return Status(
        201, assessment.item_add(acting_user=acting_user(request), sheet=sheet, **payload.dict())
    )


def _item(request: HttpRequest, sheet_id: int, item_id: int) -> AssessmentItem:
    sheet = assessment.access_sheet(_reader(request), sheet_id)
    return assessment.access_item(sheet, item_id)


@router.put(
    "/reports/assessments/{sheet_id}/items/{item_id}", response={200: ItemOut, **EDIT_ERRORS}
)
def item_update(
    request: HttpRequest, sheet_id: int, item_id: int, payload: ItemIn
) -> AssessmentItem:
    """Change an item of a draft sheet."""
    item = _item(request, sheet_id, item_id)
    return assessment.item_update(acting_user=acting_user(request), item=item, **payload.dict())


class VersionQuery(Schema):
    version: int = Field(description="The sheet's version.")


@router.delete(
    "/reports/assessments/{sheet_id}/items/{item_id}", response={204: None, **EDIT_ERRORS}
)
def item_remove(
    request: HttpRequest, sheet_id: int, item_id: int, query: Query[VersionQuery]
) -> Status:
    """Remove an item, and its manual scores, from a draft sheet."""
    item = _item(request, sheet_id, item_id)
    assessment.item_remove(acting_user=acting_user(request), item=item, version=query.version)
    return Status(204, None)


class ScoreIn(Schema):
    score: Annotated[str, Field(max_length=10, examples=["12.5"])]
    evidence: Annotated[PlainText, Field(max_length=assessment.EVIDENCE_LENGTH)] = ""


class ScoreOut(Schema):
    item_id: int
    unit: UnitRefOut = Field(alias="org_unit")
    score: Decimal
    evidence: str
    entered_at: datetime


@router.put(
    "/reports/assessments/{sheet_id}/items/{item_id}/scores/{unit_id}",
    response={200: ScoreOut, **WRITE_ERRORS},
)
def score_enter(
    request: HttpRequest, sheet_id: int, item_id: int, unit_id: int, payload: ScoreIn
) -> ScoreOut:
    """Enter or correct a sub-unit's score on a manual item, with its evidence."""
    user = _reader(request)
    item = _item(request, sheet_id, item_id)
    unit = monthly.access_unit(user, unit_id)
    entry = assessment.score_enter(
        acting_user=user, item=item, unit=unit, score=payload.score, evidence=payload.evidence
    )
    return ScoreOut(
        item_id=item.pk,
        org_unit=UnitRefOut(id=unit.pk, name=unit.name),
        score=entry.score,
        evidence=entry.evidence,
        entered_at=entry.entered_at,
    )


class SheetVersionIn(Schema):
    version: int


@router.post(
    "/reports/assessments/{sheet_id}/finalise", response={200: SheetDetailOut, **EDIT_ERRORS}
)
def sheet_finalise(request: HttpRequest, sheet_id: int, payload: SheetVersionIn) -> SheetDetailOut:
    """Finalise a complete sheet (its leaders): every score is frozen."""
    user = _reader(request)
    sheet = assessment.access_sheet(user, sheet_id)
    return _detail(
        assessment.sheet_finalise(acting_user=user, sheet=sheet, version=payload.version)
    )


@router.get(
    "/reports/assessments/{sheet_id}/export",
    response={**READ_ERRORS},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The ranking with every item's score as xlsx (audited).",
                "content": {exports.XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def sheet_export(request: HttpRequest, sheet_id: int) -> HttpResponse:
    """Download the ranking as xlsx; every export is written to the audit log."""
    user = _reader(request)
    sheet = assessment.access_sheet(user, sheet_id)
    export = exports.assessment_export(user=user, sheet=sheet, request=request)
    response = HttpResponse(export.content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response

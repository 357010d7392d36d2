"""KPI targets and yearly survey counts (摸底人数) through the API, as on their page.

Targets travel as text ("95", "98.5") and are checked like the page's: a percentage from
0 to 100 with one decimal at most, no exponent, no underscore.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import StrictInt

from guanai.api.errors import ErrorOut
from guanai.api.reports.monthly import reader
from guanai.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, UnitRefOut
from guanai.reports import kpis, monthly
from guanai.reports.models import SurveyCount

router = Router(tags=["reports"])

# A caller who reads no reports is refused (403) before any unit is looked up.
READ = {**READ_ERRORS, 403: ErrorOut}
WRITE = {**READ_ERRORS, **WRITE_ERRORS}


class UnitQuery(Schema):
    unit_id: Id


class TargetOut(Schema):
    kpi: str
    label: str
    source: str = Field(description="Where the indicator and its default come from.")
    plan_target: Decimal | None = Field(description="The plans' default, in percent.")
    target: Decimal | None = Field(description="The target in force at the unit, in percent.")
    set_here: bool = Field(description="Set by this unit (not inherited).")
    set_at: UnitRefOut | None = Field(description="The unit whose setting applies, if any.")


def _target_out(row: kpis.TargetRow) -> TargetOut:
    return TargetOut(
        kpi=row.kpi.code,
        label=str(row.kpi.label),
        source=str(row.kpi.source),
        plan_target=row.kpi.target,
        target=row.target,
        set_here=row.set_here is not None,
        set_at=UnitRefOut(id=row.set_at.pk, name=row.set_at.name) if row.set_at else None,
    )


@router.get("/reports/targets", response={200: list[TargetOut], **READ})
def target_list(request: HttpRequest, query: Query[UnitQuery]) -> list[TargetOut]:
    """The rate indicators of a unit with the target in force there and where it is set."""
    user = reader(request)
    unit = monthly.access_unit(user, query.unit_id)
    return [_target_out(row) for row in kpis.target_rows(unit)]


class TargetIn(Schema):
    unit_id: Id
    target: Annotated[str, Field(max_length=10, examples=["95", "98.5"])]


@router.put("/reports/targets/{kpi}", response={200: TargetOut, **WRITE})
def target_set(request: HttpRequest, kpi: str, payload: TargetIn) -> TargetOut:
    """Set or change a rate's target for the unit and the units below it (its leaders)."""
    user = reader(request)
    unit = monthly.access_unit(user, payload.unit_id)
    kpis.target_set(acting_user=user, unit=unit, kpi=kpi, target=payload.target)
    return next(_target_out(row) for row in kpis.target_rows(unit) if row.kpi.code == kpi)


class SurveyCountOut(Schema):
    year: int
    count: int
    entered_at: datetime


@router.get("/reports/survey-counts", response={200: list[SurveyCountOut], **READ})
def survey_count_list(request: HttpRequest, query: Query[UnitQuery]) -> list[SurveyCount]:
    """The unit's own survey counts, newest year first."""
    user = reader(request)
    return kpis.survey_counts_of(monthly.access_unit(user, query.unit_id))


class SurveyCountIn(Schema):
    unit_id: Id
    count: StrictInt = Field(ge=0, le=10_000_000)


@router.put("/reports/survey-counts/{year}", response={200: SurveyCountOut, **WRITE})
def survey_count_set(request: HttpRequest, year: int, payload: SurveyCountIn) -> SurveyCount:
    """Enter or correct what the unit's survey found in a year (leaders and workers); the
    year is this one, the four before or the next."""
    user = reader(request)
    unit = monthly.access_unit(user, payload.unit_id)
    return kpis.survey_count_set(acting_user=user, unit=unit, year=year, count=payload.count)

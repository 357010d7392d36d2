"""Monthly reports through the API, scoped like the pages.

Figures travel as text ("12", "1234.50") as the reports store them. The reader check, the
month and the unit-and-month query defined here serve the other report routers too.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, Id, PlainText, UnitRefOut
from guanai.core.text import column_limit
from guanai.reports import monthly
from guanai.reports.figures import month_of
from guanai.reports.models import FigureChange, MonthlyReport, ReportStatus

router = Router(tags=["reports"])

Month = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-10"])]
# What the report operations may answer besides success (one map, as before the split).
ERRORS = {**READ_ERRORS, **EDIT_ERRORS}
# The operations kept the ids they had in ``guanai.api.reports`` (one module then).
OPERATION = "guanai_api_reports_"


def reader(request: HttpRequest) -> User:
    """Return the caller if they read reports (leaders, workers, viewers); 403 otherwise."""
    user = acting_user(request)
    monthly.require_reader(user)
    return user


def first_day(text: str) -> date:
    return month_of(text).first


class UnitMonthQuery(Schema):
    unit_id: Id
    month: Month


class ReportOpenIn(Schema):
    unit_id: Id
    month: Month


class ReportVersionIn(Schema):
    version: int


class ChangeOut(Schema):
    figure: str
    computed: Decimal
    value: Decimal
    reason: str
    changed_at: datetime


class ReportOut(Schema):
    id: int
    unit: UnitRefOut = Field(alias="org_unit")
    month: date
    status: ReportStatus
    version: int
    deadline: date
    first_submitted_at: datetime | None
    figures: dict[str, str]
    computed: dict[str, str]
    narrative: str
    return_comment: str
    changes: list[ChangeOut]
    timeliness: str

    @staticmethod
    def resolve_changes(obj: MonthlyReport) -> list[ChangeOut]:
        return [
            ChangeOut(
                figure=c.figure,
                computed=c.computed,
                value=c.value,
                reason=c.reason,
                changed_at=c.changed_at,
            )
            for c in obj.changes.all()
        ]

    @staticmethod
    def resolve_timeliness(obj: MonthlyReport) -> str:
        return monthly.timeliness(obj, obj.deadline, timezone.localdate()).value


class SubunitReportOut(Schema):
    unit: UnitRefOut
    report_id: int | None
    status: str | None
    first_submitted_at: datetime | None
    deadline: date
    timeliness: str


class OverviewOut(Schema):
    expected: int
    submitted: int
    completeness: int = Field(description="Percent of the units below that submitted.")
    subunits: list[SubunitReportOut]


@router.get(
    "/reports/monthly",
    response={200: OverviewOut, **ERRORS},
    operation_id=OPERATION + "report_overview",
)
def report_overview(request: HttpRequest, query: Query[UnitMonthQuery]) -> OverviewOut:
    """The reports of the units below a unit for a month, with timeliness and completeness."""
    user = reader(request)
    unit = monthly.access_unit(user, query.unit_id)
    overview = monthly.subunit_overview(unit, first_day(query.month))
    return OverviewOut(
        expected=overview.expected,
        submitted=overview.submitted,
        completeness=overview.completeness,
        subunits=[
            SubunitReportOut(
                unit=UnitRefOut(id=row.unit.pk, name=row.unit.name),
                report_id=row.report.pk if row.report else None,
                status=row.report.status if row.report else None,
                first_submitted_at=row.report.first_submitted_at if row.report else None,
                deadline=row.deadline,
                timeliness=row.timeliness.value,
            )
            for row in overview.rows
        ],
    )


@router.post(
    "/reports/monthly",
    response={200: ReportOut, **ERRORS},
    operation_id=OPERATION + "report_open",
)
def report_open(request: HttpRequest, payload: ReportOpenIn) -> MonthlyReport:
    """Open a unit's report for a month, creating it pre-filled from the data."""
    user = reader(request)
    unit = monthly.access_unit(user, payload.unit_id)
    return monthly.report_open(acting_user=user, unit=unit, month=first_day(payload.month))


@router.get(
    "/reports/monthly/{report_id}",
    response={200: ReportOut, **ERRORS},
    operation_id=OPERATION + "report_detail",
)
def report_detail(request: HttpRequest, report_id: Id) -> MonthlyReport:
    user = reader(request)
    return monthly.access_report(user, report_id)


class FigureChangeIn(Schema):
    version: int
    figure: str
    value: str
    reason: Annotated[PlainText, Field(max_length=column_limit(FigureChange, "reason"))] = ""


@router.post(
    "/reports/monthly/{report_id}/figures",
    response={200: ReportOut, **ERRORS},
    operation_id=OPERATION + "report_change_figure",
)
def report_change_figure(
    request: HttpRequest, report_id: Id, payload: FigureChangeIn
) -> MonthlyReport:
    """Change one figure; refused (400, field "reason") without a reason."""
    user = reader(request)
    report = monthly.access_report(user, report_id)
    return monthly.report_change_figure(
        acting_user=user,
        report=report,
        version=payload.version,
        figure=payload.figure,
        value=payload.value,
        reason=payload.reason,
    )


class NarrativeIn(Schema):
    version: int
    narrative: Annotated[str, Field(max_length=monthly.NARRATIVE_LENGTH)] = ""


@router.post(
    "/reports/monthly/{report_id}/narrative",
    response={200: ReportOut, **ERRORS},
    operation_id=OPERATION + "report_narrative",
)
def report_narrative(request: HttpRequest, report_id: Id, payload: NarrativeIn) -> MonthlyReport:
    user = reader(request)
    report = monthly.access_report(user, report_id)
    return monthly.report_save_narrative(
        acting_user=user, report=report, version=payload.version, narrative=payload.narrative
    )


class ReportReturnIn(Schema):
    version: int
    comment: Annotated[
        PlainText, Field(max_length=column_limit(MonthlyReport, "return_comment"))
    ] = ""


@router.post(
    "/reports/monthly/{report_id}/submit",
    response={200: ReportOut, **ERRORS},
    operation_id=OPERATION + "report_submit",
)
def report_submit(request: HttpRequest, report_id: Id, payload: ReportVersionIn) -> MonthlyReport:
    user = reader(request)
    report = monthly.access_report(user, report_id)
    return monthly.report_submit(acting_user=user, report=report, version=payload.version)


@router.post(
    "/reports/monthly/{report_id}/return",
    response={200: ReportOut, **ERRORS},
    operation_id=OPERATION + "report_return",
)
def report_return(request: HttpRequest, report_id: Id, payload: ReportReturnIn) -> MonthlyReport:
    """Return a submitted report with a comment (the unit above)."""
    user = reader(request)
    report = monthly.access_report(user, report_id)
    return monthly.report_return(
        acting_user=user, report=report, version=payload.version, comment=payload.comment
    )


@router.post(
    "/reports/monthly/{report_id}/accept",
    response={200: ReportOut, **ERRORS},
    operation_id=OPERATION + "report_accept",
)
def report_accept(request: HttpRequest, report_id: Id, payload: ReportVersionIn) -> MonthlyReport:
    user = reader(request)
    report = monthly.access_report(user, report_id)
    return monthly.report_accept(acting_user=user, report=report, version=payload.version)

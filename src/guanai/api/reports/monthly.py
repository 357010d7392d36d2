"""Reports through the API: KPIs, monthly reports and bulletins, scoped like the pages.

Figures travel as text ("12", "1234.50") as the reports store them; KPI values as
numbers with one decimal (percentages) or two (amounts), or null without a denominator.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.registry import UnitRefOut
from guanai.api.text import PlainText
from guanai.core.text import column_limit
from guanai.reports import bulletins, exports, kpis, monthly
from guanai.reports.dashboard import dashboard
from guanai.reports.figures import AMOUNTS, month_of
from guanai.reports.models import (
    Bulletin,
    BulletinStatus,
    FigureChange,
    MonthlyReport,
    ReportStatus,
)

router = Router(tags=["reports"])

Month = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", examples=["2026-10"])]
ERRORS = {**AUTH_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    monthly.require_reader(user)
    return user


def _month(text: str) -> date:
    return month_of(text).first


class KpiOut(Schema):
    code: str
    label: str
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None = Field(description="Percent for a rate, yuan or persons otherwise.")
    target: Decimal | None
    met: bool | None


def _plain(kpi: kpis.Kpi, value: Decimal | None) -> Decimal | None:
    """Counts as whole numbers, amounts of money with two decimals."""
    if value is None or kpi.numerator in AMOUNTS:
        return value
    return value.quantize(Decimal(1))


def _kpis(values: list[kpis.KpiValue]) -> list[KpiOut]:
    return [
        KpiOut(
            code=v.kpi.code,
            label=str(v.kpi.label),
            numerator=_plain(v.kpi, v.numerator) or Decimal(0),
            denominator=_plain(v.kpi, v.denominator),
            value=v.value,
            target=v.target,
            met=v.met,
        )
        for v in values
    ]


class SubunitKpisOut(Schema):
    unit: UnitRefOut
    kpis: list[KpiOut]


class KpiReportOut(Schema):
    unit: UnitRefOut
    month: str
    refreshed_at: datetime | None
    kpis: list[KpiOut]
    subunits: list[SubunitKpisOut]


class UnitMonthQuery(Schema):
    unit_id: int
    month: Month


@router.get("/reports/kpis", response={200: KpiReportOut, **ERRORS})
def kpi_report(request: HttpRequest, query: Query[UnitMonthQuery]) -> KpiReportOut:
    """The KPIs of a unit and of each unit below it for a month, from the fact table."""
    user = _reader(request)
    unit = monthly.access_unit(user, query.unit_id)
    board = dashboard(unit, _month(query.month))
    return KpiReportOut(
        unit=UnitRefOut(id=unit.pk, name=unit.name),
        month=query.month,
        refreshed_at=board.refreshed_at,
        kpis=_kpis(board.kpis),
        subunits=[
            SubunitKpisOut(
                unit=UnitRefOut(id=row.unit.pk, name=row.unit.name),
                kpis=_kpis(list(row.values.values())),
            )
            for row in board.subunits
        ],
    )


@router.get(
    "/reports/kpis/export",
    response={**ERRORS},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The KPIs of the unit and of each unit below it as xlsx.",
                "content": {exports.XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def kpi_export(request: HttpRequest, query: Query[UnitMonthQuery]) -> HttpResponse:
    """Download the dashboard's KPIs as xlsx; every export is written to the audit log."""
    user = _reader(request)
    unit = monthly.access_unit(user, query.unit_id)
    export = exports.dashboard_export(
        user=user, unit=unit, month=_month(query.month), request=request
    )
    response = HttpResponse(export.content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


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


@router.get("/reports/monthly", response={200: OverviewOut, **ERRORS})
def report_overview(request: HttpRequest, query: Query[UnitMonthQuery]) -> OverviewOut:
    """The reports of the units below a unit for a month, with timeliness and completeness."""
    user = _reader(request)
    unit = monthly.access_unit(user, query.unit_id)
    overview = monthly.subunit_overview(unit, _month(query.month))
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


class ReportOpenIn(Schema):
    unit_id: int
    month: Month


@router.post("/reports/monthly", response={200: ReportOut, **ERRORS})
def report_open(request: HttpRequest, payload: ReportOpenIn) -> MonthlyReport:
    """Open a unit's report for a month, creating it pre-filled from the data."""
    user = _reader(request)
    unit = monthly.access_unit(user, payload.unit_id)
    return monthly.report_open(acting_user=user, unit=unit, month=_month(payload.month))


@router.get("/reports/monthly/{report_id}", response={200: ReportOut, **ERRORS})
def report_detail(request: HttpRequest, report_id: int) -> MonthlyReport:
    user = _reader(request)
    return monthly.access_report(user, report_id)


class FigureChangeIn(Schema):
    version: int
    figure: str
    value: str
    reason: Annotated[PlainText, Field(max_length=column_limit(FigureChange, "reason"))] = ""


@router.post("/reports/monthly/{report_id}/figures", response={200: ReportOut, **ERRORS})
def report_change_figure(
    request: HttpRequest, report_id: int, payload: FigureChangeIn
) -> MonthlyReport:
    """Change one figure; refused (400, field "reason") without a reason."""
    user = _reader(request)
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


@router.post("/reports/monthly/{report_id}/narrative", response={200: ReportOut, **ERRORS})
def report_narrative(request: HttpRequest, report_id: int, payload: NarrativeIn) -> MonthlyReport:
    user = _reader(request)
    report = monthly.access_report(user, report_id)
    return monthly.report_save_narrative(
        acting_user=user, report=report, version=payload.version, narrative=payload.narrative
    )


class ReportVersionIn(Schema):
    version: int


class ReportReturnIn(Schema):
    version: int
    comment: Annotated[
        PlainText, Field(max_length=column_limit(MonthlyReport, "return_comment"))
    ] = ""


@router.post("/reports/monthly/{report_id}/submit", response={200: ReportOut, **ERRORS})
def report_submit(request: HttpRequest, report_id: int, payload: ReportVersionIn) -> MonthlyReport:
    user = _reader(request)
    report = monthly.access_report(user, report_id)
    return monthly.report_submit(acting_user=user, report=report, version=payload.version)


@router.post("/reports/monthly/{report_id}/return", response={200: ReportOut, **ERRORS})
def report_return(request: HttpRequest, report_id: int, payload: ReportReturnIn) -> MonthlyReport:
    """Return a submitted report with a comment (the unit above)."""
    user = _reader(request)
    report = monthly.access_report(user, report_id)
    return monthly.report_return(
        acting_user=user, report=report, version=payload.version, comment=payload.comment
    )


@router.post("/reports/monthly/{report_id}/accept", response={200: ReportOut, **ERRORS})
def report_accept(request: HttpRequest, report_id: int, payload: ReportVersionIn) -> MonthlyReport:
    user = _reader(request)
    report = monthly.access_report(user, report_id)
    return monthly.report_accept(acting_user=user, report=report, version=payload.version)


class BulletinOut(Schema):
    id: int
    unit: UnitRefOut = Field(alias="org_unit")
    month: date
    title: str
    status: BulletinStatus
    version: int
    text: str
    highlights: str
    published_at: datetime | None


class RankedOut(Schema):
    rank: int
    unit: UnitRefOut
    score: Decimal | None
    timeliness: str | None


class BulletinDetailOut(BulletinOut):
    kpis: list[KpiOut]
    ranking: list[RankedOut]
    late: list[UnitRefOut]
    missing: list[UnitRefOut]


@router.get("/reports/bulletins", response={200: list[BulletinOut], **ERRORS})
@paginate(Pages)
def bulletin_list(request: HttpRequest) -> QuerySet[Bulletin]:
    """The bulletins of the caller's units, and the published ones of the units above."""
    user = _reader(request)
    return bulletins.bulletins_visible(user)


def _detail(bulletin: Bulletin) -> BulletinDetailOut:
    content = bulletins.content_of(bulletin.org_unit, bulletin.month)
    return BulletinDetailOut(
        id=bulletin.pk,
        org_unit=UnitRefOut(id=bulletin.org_unit.pk, name=bulletin.org_unit.name),
        month=bulletin.month,
        title=bulletin.title,
        status=BulletinStatus(bulletin.status),
        version=bulletin.version,
        text=bulletin.text,
        highlights=bulletin.highlights,
        published_at=bulletin.published_at,
        kpis=_kpis(content.kpis),
        ranking=[
            RankedOut(
                rank=entry.rank,
                unit=UnitRefOut(id=entry.unit.pk, name=entry.unit.name),
                score=entry.score,
                timeliness=entry.report.timeliness.value if entry.report else None,
            )
            for entry in content.ranking
        ],
        late=[UnitRefOut(id=r.unit.pk, name=r.unit.name) for r in content.late],
        missing=[UnitRefOut(id=r.unit.pk, name=r.unit.name) for r in content.missing],
    )


@router.get("/reports/bulletins/{bulletin_id}", response={200: BulletinDetailOut, **ERRORS})
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> BulletinDetailOut:
    user = _reader(request)
    return _detail(bulletins.access_bulletin(user, bulletin_id))


@router.post("/reports/bulletins", response={200: BulletinDetailOut, **ERRORS})
def bulletin_open(request: HttpRequest, payload: ReportOpenIn) -> BulletinDetailOut:
    """Open a unit's bulletin for a month, drafting it if there is none."""
    user = _reader(request)
    unit = monthly.access_unit(user, payload.unit_id)
    return _detail(
        bulletins.bulletin_open(acting_user=user, unit=unit, month=_month(payload.month))
    )


class BulletinIn(Schema):
    version: int
    title: Annotated[PlainText, Field(max_length=column_limit(Bulletin, "title"))]
    text: Annotated[str, Field(max_length=bulletins.TEXT_LENGTH)] = ""
    highlights: Annotated[str, Field(max_length=bulletins.TEXT_LENGTH)] = ""


@router.put("/reports/bulletins/{bulletin_id}", response={200: BulletinDetailOut, **ERRORS})
def bulletin_save(request: HttpRequest, bulletin_id: int, payload: BulletinIn) -> BulletinDetailOut:
    user = _reader(request)
    bulletin = bulletins.access_bulletin(user, bulletin_id)
    return _detail(
        bulletins.bulletin_save(
            acting_user=user,
            bulletin=bulletin,
            version=payload.version,
            title=payload.title,
            text=payload.text,
            highlights=payload.highlights,
        )
    )


@router.post(
    "/reports/bulletins/{bulletin_id}/publish", response={200: BulletinDetailOut, **ERRORS}
)
def bulletin_publish(
    request: HttpRequest, bulletin_id: int, payload: ReportVersionIn
) -> BulletinDetailOut:
    user = _reader(request)
    bulletin = bulletins.access_bulletin(user, bulletin_id)
    return _detail(
        bulletins.bulletin_publish(acting_user=user, bulletin=bulletin, version=payload.version)
    )

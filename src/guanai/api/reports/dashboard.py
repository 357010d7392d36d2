"""The dashboard's KPIs through the API: read from the fact table, exported as xlsx; and
its volunteers-and-giving card.

KPI values travel as numbers with one decimal (percentages) or two (amounts), or null
without a denominator.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from guanai.api.reports.monthly import ERRORS, OPERATION, UnitMonthQuery, first_day, reader
from guanai.api.schemas import UnitRefOut
from guanai.core.db_router import replica_reads
from guanai.core.months import month_label
from guanai.reports import exports, kpis, monthly
from guanai.reports.dashboard import community_card, dashboard
from guanai.reports.figures import AMOUNTS

router = Router(tags=["reports"])


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


def kpi_outs(values: list[kpis.KpiValue]) -> list[KpiOut]:
    """Return the KPIs of one unit as the API shows them."""
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


@router.get(
    "/reports/kpis", response={200: KpiReportOut, **ERRORS}, operation_id=OPERATION + "kpi_report"
)
def kpi_report(request: HttpRequest, query: Query[UnitMonthQuery]) -> KpiReportOut:
    """The KPIs of a unit and of each unit below it for a month, from the fact table."""
    user = reader(request)
    with replica_reads():
        unit = monthly.access_unit(user, query.unit_id)
        board = dashboard(unit, first_day(query.month))
    return KpiReportOut(
        unit=UnitRefOut(id=unit.pk, name=unit.name),
        month=query.month,
        refreshed_at=board.refreshed_at,
        kpis=kpi_outs(board.kpis),
        subunits=[
            SubunitKpisOut(
                unit=UnitRefOut(id=row.unit.pk, name=row.unit.name),
                kpis=kpi_outs(list(row.values.values())),
            )
            for row in board.subunits
        ],
    )


@router.get(
    "/reports/kpis/export",
    response={**ERRORS},
    operation_id=OPERATION + "kpi_export",
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
    user = reader(request)
    unit = monthly.access_unit(user, query.unit_id)
    with replica_reads():
        export = exports.dashboard_export(
            user=user, unit=unit, month=first_day(query.month), request=request
        )
    response = HttpResponse(export.content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


class ServedHoursOut(Schema):
    group: UnitRefOut
    hours: Decimal = Field(description="Confirmed hours, to the half hour.")


class GivingMonthOut(Schema):
    month: str = Field(examples=["2026-10"])
    cash: Decimal = Field(description="Cash donations received, yuan.")
    in_kind: int = Field(description="Donations in kind received (records, not items).")
    in_kind_value: Decimal = Field(description="Their value as recorded, yuan.")
    grants: Decimal = Field(description="Grants paid by the charity funds, yuan.")


class NeedsOut(Schema):
    open: int
    partly_met: int
    met: int


class CommunityCardOut(Schema):
    unit: UnitRefOut
    month: str
    year: int
    groups: list[ServedHoursOut] = Field(
        description="The groups with the most hours this year up to the month's end, served "
        "in the unit's subtree or by a group of it; the first ten."
    )
    more_groups: int = Field(description="How many more groups have hours.")
    months: list[GivingMonthOut] = Field(description="The last twelve months, oldest first.")
    needs: NeedsOut = Field(description="The needs at the month's end.")


@router.get(
    "/reports/community",
    response={200: CommunityCardOut, **ERRORS},
    operation_id=OPERATION + "community_card",
)
def community_report(request: HttpRequest, query: Query[UnitMonthQuery]) -> CommunityCardOut:
    """The dashboard's volunteers-and-giving card of a unit for a month: volunteer hours
    per group this year, donations and grants by month, needs open, partly met and met."""
    user = reader(request)
    with replica_reads():
        unit = monthly.access_unit(user, query.unit_id)
        card = community_card(user, unit, first_day(query.month))
    if card is None:
        raise Http404
    return CommunityCardOut(
        unit=UnitRefOut(id=unit.pk, name=unit.name),
        month=query.month,
        year=card.year,
        groups=[
            ServedHoursOut(group=UnitRefOut(id=g.group_id, name=g.name), hours=g.hours)
            for g in card.groups
        ],
        more_groups=card.more_groups,
        months=[
            GivingMonthOut(
                month=month_label(m.month),
                cash=m.cash,
                in_kind=m.in_kind,
                in_kind_value=m.in_kind_value,
                grants=m.grants,
            )
            for m in card.months
        ],
        needs=NeedsOut(open=card.needs_open, partly_met=card.needs_partly_met, met=card.needs_met),
    )

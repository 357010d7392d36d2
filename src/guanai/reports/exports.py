"""The xlsx exports of the reports, shared by the pages and the API; each is audited."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.audit import export_logged
from guanai.orgs.models import OrgUnit
from guanai.reports import assessment, kpis
from guanai.reports.dashboard import dashboard
from guanai.reports.models import AssessmentSheet
from guanai.sheets.writing import XLSX, Export, workbook_bytes

__all__ = ["XLSX", "Export", "assessment_export", "dashboard_export"]


def _kpi_cell(value: kpis.KpiValue) -> object:
    return value.value if value.value is not None else "—"


def dashboard_export(
    *, user: User, unit: OrgUnit, month: dt.date, request: HttpRequest | None
) -> Export:
    """Return the dashboard's KPIs of ``unit`` and each sub-unit for a month as xlsx.

    The caller has checked that ``user`` reads the unit's reports; the export is audited.
    """
    board = dashboard(unit, month)
    headers = [_("Unit"), *[str(k.label) + (" (%)" if k.is_ratio else "") for k in kpis.KPIS]]
    rows = [[unit.name, *[_kpi_cell(v) for v in board.kpis]]]
    for row in board.subunits:
        rows.append([row.unit.name, *[_kpi_cell(row.values[k.code]) for k in kpis.KPIS]])
    title = _("%(unit)s · indicators %(month)s") % {"unit": unit.name, "month": f"{month:%Y-%m}"}
    content, count = workbook_bytes(
        title=title,
        headers=headers,
        rows=rows,
        footer=_("Exported on %(day)s") % {"day": f"{timezone.localdate():%Y-%m-%d}"},
    )
    export_logged(
        user=user,
        what="reports.dashboard",
        rows=count,
        request=request,
        filters={"unit": unit.pk, "month": f"{month:%Y-%m}"},
        purpose=_("indicators for reporting"),
    )
    return Export(content, f"dashboard-{unit.code or unit.pk}-{month:%Y-%m}.xlsx")


def assessment_export(*, user: User, sheet: AssessmentSheet, request: HttpRequest | None) -> Export:
    """Return the sheet's ranking with every item's score as xlsx (audited)."""
    results = assessment.results_of(sheet)
    headers = [
        _("Rank"),
        _("Unit"),
        *[f"{item.name} ({item.weight})" for item in results.items],
        _("Total"),
    ]
    rows = [
        [
            row.rank,
            row.unit.name,
            *[cell.score if cell.score is not None else "—" for cell in row.cells],
            row.total,
        ]
        for row in results.rows
    ]
    content, count = workbook_bytes(
        title=sheet.title,
        headers=headers,
        rows=rows,
        footer=_("Unit: %(unit)s    Prepared by: ______    Checked by: ______    Date: %(day)s")
        % {"unit": sheet.org_unit.name, "day": f"{timezone.localdate():%Y-%m-%d}"},
    )
    export_logged(
        user=user,
        what="reports.assessment",
        rows=count,
        request=request,
        filters={"sheet": sheet.pk},
        purpose=_("annual assessment"),
    )
    return Export(content, f"assessment-{sheet.pk}.xlsx")

"""The monthly report on paper: the sheet a unit signs and stamps, and a county's summary
of its townships, each as a print page and as an xlsx of the same shape.

A report's sheet holds every figure with last month's and the change, the narrative, the
signature lines (填报人, 审核人, 单位负责人, 盖章) and the date it was submitted. The
summary holds each reporting sub-unit's reported figures side by side, with a total of
the accepted ones (the figures the unit's own report sums, ``prefill``).

The figures are counts and sums, no person's data; the xlsx are audited as the other
report exports are (``reports.exports``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.audit import export_logged
from guanai.core.months import month_label, previous_month
from guanai.orgs.models import OrgUnit
from guanai.reports.figures import AMOUNTS, HALVES
from guanai.reports.models import MonthlyReport, ReportStatus
from guanai.reports.monthly.catalogue import FIGURE_LABELS
from guanai.reports.monthly.deadlines import reporting_children
from guanai.reports.monthly.narrative import figure_number, figure_shown
from guanai.sheets.writing import Export, workbook_bytes

NO_FIGURE = "—"


@dataclass(frozen=True)
class FigureLine:
    """One figure of a report: this month's, last month's (if reported) and the change."""

    name: str
    label: str
    value: Decimal
    last: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.last is None else self.value - self.last

    @property
    def value_shown(self) -> str:
        return figure_shown(self.name, self.value)

    @property
    def last_shown(self) -> str:
        return NO_FIGURE if self.last is None else figure_shown(self.name, self.last)

    @property
    def change_shown(self) -> str:
        change = self.change
        if change is None:
            return NO_FIGURE
        sign = "+" if change > 0 else "-" if change < 0 else ""
        return sign + figure_shown(self.name, abs(change))


@dataclass(frozen=True)
class ReportSheet:
    report: MonthlyReport
    previous: MonthlyReport | None
    lines: list[FigureLine]

    @property
    def title(self) -> str:
        return _("%(unit)s monthly report on care work, %(month)s") % {
            "unit": self.report.org_unit.name,
            "month": date_format(self.report.month, "YEAR_MONTH_FORMAT"),
        }

    @property
    def submitted_on(self) -> dt.date | None:
        at = self.report.submitted_at
        return timezone.localdate(at) if at is not None else None

    @property
    def preparer(self) -> str:
        """The name of who submitted the report: the 填报人 on the paper copy."""
        user = self.report.submitted_by
        return (user.get_full_name() or user.get_username()) if user is not None else ""


def previous_report(report: MonthlyReport) -> MonthlyReport | None:
    """Return the unit's report of the month before, if it made one."""
    return MonthlyReport.objects.filter(
        org_unit_id=report.org_unit_id, month=previous_month(report.month)
    ).first()


def figure_lines(figures: dict[str, Any], previous: dict[str, Any] | None) -> list[FigureLine]:
    """Return every figure of the report, in the form's order, beside last month's."""
    return [
        FigureLine(
            name=name,
            label=str(label),
            value=figure_number(figures.get(name)) or Decimal(0),
            last=figure_number(previous.get(name)) if previous is not None else None,
        )
        for name, label in FIGURE_LABELS.items()
    ]


def report_sheet(report: MonthlyReport) -> ReportSheet:
    """Return the paper shape of ``report`` (one query for last month's report)."""
    previous = previous_report(report)
    lines = figure_lines(report.figures, previous.figures if previous is not None else None)
    return ReportSheet(report=report, previous=previous, lines=lines)


def signature_line(preparer: str = "") -> str:
    """Return the line the paper copy is signed and stamped on."""
    blank = "________"
    return "    ".join(
        [
            f"{_('Prepared by')}：{preparer or blank}",
            f"{_('Checked by')}：{blank}",
            f"{_('Head of the unit')}：{blank}",
            _("(Seal)"),
        ]
    )


def _submitted_line(day: dt.date | None) -> str:
    shown = date_format(day, "DATE_FORMAT") if day is not None else "____________"
    return f"{_('Date submitted')}：{shown}"


def _cell(name: str, value: Decimal | None) -> object:
    """Return a figure as an xlsx cell: a number, or a dash for none."""
    if value is None:
        return NO_FIGURE
    return value if name in AMOUNTS or name in HALVES else int(value)


def report_export(*, user: User, report: MonthlyReport, request: HttpRequest | None) -> Export:
    """Return the report as an xlsx in the shape of its paper copy (audited).

    The caller has fetched ``report`` through ``access_report``.
    """
    sheet = report_sheet(report)
    unit = report.org_unit
    rows = [
        [
            line.label,
            _cell(line.name, line.value),
            _cell(line.name, line.last),
            _cell(line.name, line.change),
        ]
        for line in sheet.lines
    ]
    content, count = workbook_bytes(
        title=sheet.title,
        lead=[
            f"{_('Unit')}：{unit.name}",
            f"{_('Month')}：{date_format(report.month, 'YEAR_MONTH_FORMAT')}",
        ],
        headers=[_("Figure"), _("This month"), _("Last month"), _("Change on last month")],
        widths=[34, 16, 16, 16],
        rows=rows,
        after=[
            f"{_('Work done and highlights')}：\n{report.narrative or NO_FIGURE}",
            signature_line(sheet.preparer),
            _submitted_line(sheet.submitted_on),
        ],
    )
    export_logged(
        user=user,
        what="reports.monthly_report",
        rows=count,
        request=request,
        filters={"report": report.pk, "unit": unit.pk, "month": month_label(report.month)},
        purpose=_("monthly report on paper"),
    )
    return Export(
        content, f"monthly-report-{unit.code or unit.pk}-{month_label(report.month)}.xlsx"
    )


# --- A unit's summary of its sub-units' reports ---------------------------------------------


@dataclass(frozen=True)
class SummaryColumn:
    unit: OrgUnit
    report: MonthlyReport | None

    @property
    def counted(self) -> bool:
        """Whether the unit's figures count in the total: its report is accepted."""
        return self.report is not None and self.report.status == ReportStatus.ACCEPTED


@dataclass(frozen=True)
class SummaryRow:
    name: str
    label: str
    values: list[Decimal | None]  # one per column; None where there is no report
    total: Decimal

    def shown(self, value: Decimal | None) -> str:
        return NO_FIGURE if value is None else figure_shown(self.name, value)

    @property
    def cells(self) -> list[str]:
        return [self.shown(v) for v in self.values]

    @property
    def total_shown(self) -> str:
        return figure_shown(self.name, self.total)


@dataclass(frozen=True)
class SummarySheet:
    unit: OrgUnit
    month: dt.date
    columns: list[SummaryColumn]
    rows: list[SummaryRow]

    @property
    def title(self) -> str:
        return _("%(unit)s summary of the monthly reports of the units below, %(month)s") % {
            "unit": self.unit.name,
            "month": date_format(self.month, "YEAR_MONTH_FORMAT"),
        }

    @property
    def all_counted(self) -> bool:
        return all(column.counted for column in self.columns)


def summary_sheet(unit: OrgUnit, month: dt.date) -> SummarySheet:
    """Return the reports of ``unit``'s reporting sub-units for ``month``, figure by figure
    (2 queries)."""
    children = reporting_children(unit)
    reports = {
        r.org_unit_id: r for r in MonthlyReport.objects.filter(org_unit__in=children, month=month)
    }
    columns = [SummaryColumn(child, reports.get(child.pk)) for child in children]
    rows = []
    for name, label in FIGURE_LABELS.items():
        values = [
            (figure_number(c.report.figures.get(name)) or Decimal(0)) if c.report else None
            for c in columns
        ]
        total = sum(
            (v for c, v in zip(columns, values, strict=True) if c.counted and v is not None),
            Decimal(0),
        )
        rows.append(SummaryRow(name=name, label=str(label), values=values, total=total))
    return SummarySheet(unit=unit, month=month, columns=columns, rows=rows)


def summary_export(
    *, user: User, unit: OrgUnit, month: dt.date, request: HttpRequest | None
) -> Export:
    """Return the summary of the sub-units' reports as xlsx, in the print page's shape
    (audited). The caller has fetched ``unit`` through ``access_unit``."""
    sheet = summary_sheet(unit, month)
    status_row: list[object] = [
        _("Status"),
        *[c.report.get_status_display() if c.report else _("Not started") for c in sheet.columns],
        "",
    ]
    rows: list[list[object]] = [status_row]
    for row in sheet.rows:
        rows.append(
            [row.label, *[_cell(row.name, v) for v in row.values], _cell(row.name, row.total)]
        )
    after = [] if sheet.all_counted else [_("The total counts accepted reports only.")]
    content, count = workbook_bytes(
        title=sheet.title,
        lead=[
            f"{_('Unit')}：{unit.name}",
            f"{_('Month')}：{date_format(month, 'YEAR_MONTH_FORMAT')}",
        ],
        headers=[_("Figure"), *[c.unit.name for c in sheet.columns], _("Total")],
        widths=[30, *[12 for _c in sheet.columns], 14],
        rows=rows,
        after=[*after, signature_line(), _submitted_line(None)],
    )
    export_logged(
        user=user,
        what="reports.monthly_summary",
        rows=count,
        request=request,
        filters={"unit": unit.pk, "month": month_label(month)},
        purpose=_("monthly report on paper"),
    )
    return Export(content, f"monthly-summary-{unit.code or unit.pk}-{month_label(month)}.xlsx")

"""Scoring a sheet: automatic items from the KPIs, timeliness items from the monthly
reports' recorded timeliness, manual items as entered; then the sub-units ranked.

* **Automatic items** score ``weight × min(1, KPI value ÷ KPI target)`` on the facts
  of December of the year, or of the latest month of the year that has facts. A KPI
  without a value scores 0, and the sheet says why; one without a target is measured
  against 100 %.
* **Timeliness items** score ``weight × (on time + ½ late) ÷ months counted``, counting
  only months that have ended and whose report is on time, late or missing.
* **Rectification and practical-matters items** score ``weight × share`` from the work
  organisation's records (``records``): rectifications accepted on time of those due,
  matters done of those listed.
* A finalised sheet reads the scores frozen when it was finalised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.months import add_months, month_start
from guanai.orgs.models import OrgUnit
from guanai.reports import holidays, kpis, monthly
from guanai.reports.assessment import records
from guanai.reports.facts import facts_by_unit
from guanai.reports.models import (
    AssessmentItem,
    AssessmentScore,
    AssessmentSheet,
    Fact,
    ItemKind,
    MonthlyReport,
    SheetStatus,
)

FULL_POINTS = Decimal(100)
POINT = Decimal("0.1")
# A KPI without a target is measured against full coverage.
DEFAULT_TARGET = Decimal(100)


def rate_kpis() -> list[kpis.Kpi]:
    """Return the KPIs an automatic item may use: the rates."""
    return [k for k in kpis.KPIS if k.is_ratio]


@dataclass(frozen=True)
class Cell:
    """A sub-unit's score on one item (``score`` None: a manual score not entered yet)."""

    item: AssessmentItem
    score: Decimal | None
    kpi_value: Decimal | None = None
    kpi_target: Decimal | None = None
    entry: AssessmentScore | None = None
    # How a timeliness score was reached, in words (also frozen as the entry's evidence).
    evidence: str = ""

    @property
    def no_value(self) -> bool:
        """Return whether an automatic item scored 0 because its KPI has no value."""
        return self.item.kind == ItemKind.AUTOMATIC and self.kpi_value is None


@dataclass(frozen=True)
class Row:
    rank: int
    unit: OrgUnit
    total: Decimal
    cells: list[Cell]

    @property
    def missing(self) -> int:
        return sum(1 for c in self.cells if c.score is None)


@dataclass(frozen=True)
class Results:
    items: list[AssessmentItem]
    rows: list[Row]
    facts_month: dt.date | None
    weights: Decimal = field(default=Decimal(0))

    @property
    def missing(self) -> int:
        return sum(r.missing for r in self.rows)


def facts_month_of(unit: OrgUnit, year: int) -> dt.date | None:
    """Return December of ``year`` or the latest month of it with facts (one query).

    The unit's own facts are enough: a sub-unit's facts roll up into its parent's row.
    """
    found: dt.date | None = Fact.objects.filter(org_unit=unit, month__year=year).aggregate(
        last=Max("month")
    )["last"]
    return found


def automatic_score(weight: Decimal, value: Decimal | None, target: Decimal | None) -> Decimal:
    """Return ``weight × min(1, value ÷ target)`` to one decimal; 0 without a value."""
    if value is None:
        return Decimal(0)
    target = DEFAULT_TARGET if target is None else target
    share = Decimal(1) if target <= 0 else min(Decimal(value) / target, Decimal(1))
    return (weight * share).quantize(POINT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ReportCounts:
    """A sub-unit's monthly reports of the year that are scored, by timeliness."""

    year: int
    months: int
    on_time: int
    late: int
    missing: int

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.missing

    def score(self, weight: Decimal) -> Decimal:
        """Return ``weight × (on time + ½ late) ÷ counted``; full points with none counted."""
        if not self.counted:
            return weight
        share = (Decimal(self.on_time) + Decimal(self.late) / 2) / self.counted
        return (weight * share).quantize(POINT, rounding=ROUND_HALF_UP)

    @property
    def share(self) -> Decimal | None:
        """Return the percent of the counted months reported on time."""
        if not self.counted:
            return None
        return (Decimal(100) * self.on_time / self.counted).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def evidence(self) -> str:
        if not self.counted:
            return _("No monthly report of %(year)s is due yet: nothing was late.") % {
                "year": self.year
            }
        return _(
            "Monthly reports of %(year)s counted: %(counted)s — on time %(on_time)s, "
            "late %(late)s, missing %(missing)s (from the recorded timeliness)."
        ) % {
            "year": self.year,
            "counted": self.counted,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
        }


def ended_months(year: int, today: dt.date) -> list[dt.date]:
    """Return the first days of the months of ``year`` that have ended by ``today``."""
    current = month_start(today)
    months = (add_months(dt.date(year, 1, 1), step) for step in range(12))
    return [month for month in months if month < current]


def report_counts(
    units: list[OrgUnit], year: int, *, today: dt.date | None = None
) -> dict[int, ReportCounts]:
    """Return unit id → its monthly reports of ``year`` by timeliness (2 queries, and one
    for the entered holidays of each year a deadline is worked out in).

    Only months that have ended are looked at, and of those only the ones whose report is
    in or whose deadline has passed (``Timeliness.PENDING`` is not scored).
    """
    today = today or timezone.localdate()
    months = ended_months(year, today)
    reports = {
        (r.org_unit_id, r.month): r
        for r in MonthlyReport.objects.filter(org_unit__in=units, month__in=months)
    }
    days = monthly.deadline_days(units) if units else {}
    calendar = holidays.holiday_calendar()
    result = {}
    for unit in units:
        found = dict.fromkeys(monthly.Timeliness, 0)
        for month in months:
            report = reports.get((unit.pk, month))
            deadline = (
                report.deadline
                if report is not None
                else monthly.deadline_of(month, days[unit.pk], calendar)
            )
            found[monthly.timeliness(report, deadline, today)] += 1
        result[unit.pk] = ReportCounts(
            year=year,
            months=len(months),
            on_time=found[monthly.Timeliness.ON_TIME],
            late=found[monthly.Timeliness.LATE],
            missing=found[monthly.Timeliness.MISSING],
        )
    return result


def _recorded(
    items: list[AssessmentItem], children: list[OrgUnit], year: int, today: dt.date | None
) -> dict[str, dict[int, records.RectificationCounts] | dict[int, records.MatterCounts]]:
    """Return, for each kind of item scored from the work organisation's records that the
    sheet has, sub-unit id → its counts (one query per kind)."""
    kinds = {i.kind for i in items}
    found: dict[str, dict[int, records.RectificationCounts] | dict[int, records.MatterCounts]]
    found = {}
    if ItemKind.RECTIFICATION in kinds:
        found[ItemKind.RECTIFICATION] = records.rectification_counts(
            children, year, today or timezone.localdate()
        )
    if ItemKind.MATTERS in kinds:
        found[ItemKind.MATTERS] = records.matter_counts(children, year)
    return found


def _ranked(scored: list[tuple[OrgUnit, Decimal, list[Cell]]]) -> list[Row]:
    """Rank by total, highest first; equal totals share a rank (1, 1, 3)."""
    scored.sort(key=lambda entry: (-entry[1], entry[0].path))
    rows: list[Row] = []
    for i, (unit, total, cells) in enumerate(scored, start=1):
        rank = rows[-1].rank if rows and rows[-1].total == total else i
        rows.append(Row(rank=rank, unit=unit, total=total, cells=cells))
    return rows


def results_of(sheet: AssessmentSheet, *, today: dt.date | None = None) -> Results:
    """Score and rank the sheet's sub-units (8 queries, and one for each kind of item from
    the work organisation's records, whatever their number).

    A draft sheet scores its automatic items on the facts now; a finalised one reads
    the scores frozen when it was finalised.
    """
    items = list(sheet.items.all())
    children = monthly.reporting_children(sheet.org_unit)
    entries = {
        (s.item_id, s.org_unit_id): s
        for s in AssessmentScore.objects.filter(item__sheet=sheet).select_related("entered_by")
    }
    frozen = sheet.status == SheetStatus.FINALISED
    month = sheet.facts_month if frozen else facts_month_of(sheet.org_unit, sheet.year)
    values: dict[int, dict[str, kpis.KpiValue]] = {}
    automatic = [i for i in items if i.kind == ItemKind.AUTOMATIC]
    if automatic and not frozen:
        indicators = {
            name
            for i in automatic
            for name in (kpis.BY_CODE[i.kpi].numerator, kpis.BY_CODE[i.kpi].denominator)
        }
        facts = (
            facts_by_unit(children, month, indicators) if month else {c.pk: {} for c in children}
        )
        targets = kpis.targets_for(children)
        for child in children:
            values[child.pk] = {
                v.kpi.code: v for v in kpis.kpi_values(facts[child.pk], targets[child.pk])
            }
    counts: dict[int, ReportCounts] = {}
    if not frozen and any(i.kind == ItemKind.TIMELINESS for i in items):
        counts = report_counts(children, sheet.year, today=today)
    recorded = {} if frozen else _recorded(items, children, sheet.year, today)
    scored = []
    for child in children:
        cells = []
        for item in items:
            entry = entries.get((item.pk, child.pk))
            if item.kind == ItemKind.TIMELINESS and not frozen:
                found = counts[child.pk]
                cells.append(
                    Cell(
                        item=item,
                        score=found.score(item.weight),
                        kpi_value=found.share,
                        evidence=found.evidence(),
                    )
                )
                continue
            if item.kind in records.RECORD_KINDS and not frozen:
                from_records = recorded[item.kind][child.pk]
                cells.append(
                    Cell(
                        item=item,
                        score=from_records.score(item.weight),
                        kpi_value=from_records.share,
                        evidence=from_records.evidence(),
                    )
                )
                continue
            if item.kind == ItemKind.MANUAL or frozen:
                cells.append(
                    Cell(
                        item=item,
                        score=entry.score if entry else None,
                        kpi_value=entry.kpi_value if entry else None,
                        kpi_target=entry.kpi_target if entry else None,
                        entry=entry,
                        evidence=entry.evidence if entry else "",
                    )
                )
                continue
            kpi = values[child.pk][item.kpi]
            cells.append(
                Cell(
                    item=item,
                    score=automatic_score(item.weight, kpi.value, kpi.target),
                    kpi_value=kpi.value,
                    kpi_target=kpi.target,
                )
            )
        total = sum((c.score for c in cells if c.score is not None), Decimal(0))
        scored.append((child, total, cells))
    return Results(
        items=items,
        rows=_ranked(scored),
        facts_month=month,
        weights=sum((i.weight for i in items), Decimal(0)),
    )

"""Annual assessment (考核, 篇八 "每年年底进行统一考核").

A parent unit (province, prefecture, county) defines a score sheet for a year: items
worth points that add up to 100. An item is either *automatic*, linked to a rate KPI,
or *manual*, scored by hand for each sub-unit with the evidence for the score.

* **Automatic items** score ``weight × min(1, KPI value ÷ KPI target)`` on the facts
  of December of the year, or of the latest month of the year that has facts (an
  assessment made before the year ends, or before December's facts are refreshed).
  A KPI without a value (nothing to divide by) scores 0, and the sheet says why. A KPI
  without a target is measured against 100 %.
* **Timeliness items** (月报按时报送) score the sub-unit's monthly reports of the year
  from their recorded timeliness: ``weight × (on time + ½ late) ÷ months counted``. A
  month is counted only once it has ended *and* its report is on time, late or missing
  (its deadline passed); a month still running, or one whose deadline has not come and
  whose report is not in, is never scored. With no month counted yet, the item scores
  its full points (nothing was late), and the sheet says so.
* **Manual items** score 0 to the item's points, entered per sub-unit with evidence.
* **Finalising** (leaders) checks the weights add up to 100 and every manual score is
  in, then freezes every score: automatic scores are written down with the KPI value
  they came from, so a later refresh of the facts changes nothing; timeliness scores
  with the count of reports they came from.

The sub-units scored are the units reporting to the sheet's unit
(``monthly.reporting_children``). They read a finalised sheet of a unit above them,
as they read its published bulletins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.text import fits, within
from guanai.orgs.models import OrgUnit
from guanai.reports import kpis, monthly
from guanai.reports.bulletins import BULLETIN_KINDS
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
MAX_ITEMS = 50
MISSING_NAMED = 5  # missing scores named when finalising; the others are counted
EVIDENCE_LENGTH = 5000  # the evidence is a TextField: this limit is the sheet's, not a column's


def rate_kpis() -> list[kpis.Kpi]:
    """Return the KPIs an automatic item may use: the rates."""
    return [k for k in kpis.KPIS if k.is_ratio]


# --- Reading and permissions ----------------------------------------------------------


def sheets_visible(user: User) -> QuerySet[AssessmentSheet]:
    """Return the sheets of the user's subtrees, and finalised ones of units above."""
    return AssessmentSheet.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
        | (scoping.sent_down_q(user) & Q(status=SheetStatus.FINALISED))
    ).select_related("org_unit")


def access_sheet(user: User, pk: int) -> AssessmentSheet:
    sheet = sheets_visible(user).filter(pk=pk).first()
    if sheet is None:
        raise Http404
    return sheet


def access_item(sheet: AssessmentSheet, pk: int) -> AssessmentItem:
    item = AssessmentItem.objects.filter(sheet=sheet, pk=pk).first()
    if item is None:
        raise Http404
    return item


def can_edit(user: User, unit: OrgUnit) -> bool:
    """Leaders and workers of the unit (or above) edit its items and manual scores."""
    return monthly.can_fill(user, unit)


def can_finalise(user: User, unit: OrgUnit) -> bool:
    return scoping.holds_role_over(user, unit, [Role.LEADER])


def sheet_units_for(user: User) -> list[OrgUnit]:
    """Return the units whose score sheets the user may write.

    All of them: provinces, prefectures and counties only, a few hundred at most in a
    province, and a unit left out could not be chosen at all.
    """
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    if not units:
        return []
    return list(
        OrgUnit.objects.filter(
            scoping.subtree_q(units), kind__in=BULLETIN_KINDS, is_active=True
        ).order_by("path")
    )


# --- Scores and ranking ------------------------------------------------------------------


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
    current = today.replace(day=1)
    return [dt.date(year, m, 1) for m in range(1, 13) if dt.date(year, m, 1) < current]


def report_counts(
    units: list[OrgUnit], year: int, *, today: dt.date | None = None
) -> dict[int, ReportCounts]:
    """Return unit id → its monthly reports of ``year`` by timeliness (2 queries).

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
    result = {}
    for unit in units:
        found = dict.fromkeys(monthly.Timeliness, 0)
        for month in months:
            report = reports.get((unit.pk, month))
            deadline = (
                report.deadline if report is not None else monthly.deadline_of(month, days[unit.pk])
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


def _ranked(scored: list[tuple[OrgUnit, Decimal, list[Cell]]]) -> list[Row]:
    """Rank by total, highest first; equal totals share a rank (1, 1, 3)."""
    scored.sort(key=lambda entry: (-entry[1], entry[0].path))
    rows: list[Row] = []
    for i, (unit, total, cells) in enumerate(scored, start=1):
        rank = rows[-1].rank if rows and rows[-1].total == total else i
        rows.append(Row(rank=rank, unit=unit, total=total, cells=cells))
    return rows


def results_of(sheet: AssessmentSheet, *, today: dt.date | None = None) -> Results:
    """Score and rank the sheet's sub-units (8 queries, whatever their number).

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


# --- Writing ----------------------------------------------------------------------------


def _require_edit(acting_user: User, unit: OrgUnit) -> None:
    if not can_edit(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit edit its score sheet."))


def _locked(sheet: AssessmentSheet, version: int | None = None) -> AssessmentSheet:
    """Return the sheet locked for the transaction; refuse a stale or finalised one."""
    current = AssessmentSheet.objects.select_for_update().get(pk=sheet.pk)
    if version is not None and current.version != version:
        raise StaleEdit(
            _("Someone else changed this score sheet after you opened it. Reload it and try again.")
        )
    if current.status == SheetStatus.FINALISED:
        raise ValidationFailed(_("A finalised score sheet cannot be changed."))
    return current


def _year(value: object) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ValidationFailed(_("Enter a year such as 2026."), field="year") from None
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationFailed(_("Enter a year such as 2026."), field="year")
    return year


def _default_title(unit: OrgUnit, year: int) -> str:
    return _("%(unit)s: annual assessment of care work %(year)s") % {
        "unit": unit.name,
        "year": year,
    }


@transaction.atomic
def sheet_create(*, acting_user: User, unit: OrgUnit, year: object) -> AssessmentSheet:
    """Start an empty score sheet of ``unit`` for ``year``."""
    _require_edit(acting_user, unit)
    if unit.kind not in BULLETIN_KINDS:
        raise ValidationFailed(
            _("A score sheet is made by a county, prefecture or province for the units below it.")
        )
    number = _year(year)
    if AssessmentSheet.objects.filter(org_unit=unit, year=number).exists():
        raise ValidationFailed(
            _("%(unit)s has a score sheet for %(year)s already.")
            % {"unit": unit.name, "year": number},
            field="year",
        )
    return AssessmentSheet.objects.create(
        org_unit=unit, year=number, title=_default_title(unit, number), created_by=acting_user
    )


@transaction.atomic
def sheet_copy(
    *, acting_user: User, source: AssessmentSheet, unit: OrgUnit, year: object
) -> AssessmentSheet:
    """Start a sheet of ``unit`` for ``year`` with the items of ``source`` (a previous
    year's sheet, or one of a unit above), without any scores."""
    sheet = sheet_create(acting_user=acting_user, unit=unit, year=year)
    AssessmentItem.objects.bulk_create(
        AssessmentItem(
            sheet=sheet,
            position=item.position,
            name=item.name,
            weight=item.weight,
            kind=item.kind,
            kpi=item.kpi,
            criteria=item.criteria,
        )
        for item in source.items.all()
    )
    return sheet


def _clean_item(
    *, name: str, weight: object, kind: str, kpi: str, criteria: str
) -> dict[str, object]:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed(_("Name the item."), field="name")
    fits(name, AssessmentItem, "name")
    criteria = fits(" ".join((criteria or "").split()), AssessmentItem, "criteria")
    try:
        points = Decimal(str(weight).strip())
    except InvalidOperation:
        raise ValidationFailed(_("Enter the points, from 0.1 to 100."), field="weight") from None
    if not points.is_finite() or not Decimal("0.1") <= points <= FULL_POINTS:
        raise ValidationFailed(_("Enter the points, from 0.1 to 100."), field="weight")
    if points != points.quantize(POINT):
        raise ValidationFailed(_("Enter the points with at most one decimal."), field="weight")
    if kind not in ItemKind.values:
        raise ValidationFailed(_("Choose how the item is scored."), field="kind")
    if kind == ItemKind.AUTOMATIC:
        if kpi not in {k.code for k in rate_kpis()}:
            raise ValidationFailed(_("Choose an indicator that is a rate."), field="kpi")
    else:
        kpi = ""  # manual and timeliness items read no indicator
    return {
        "name": name,
        "weight": points,
        "kind": kind,
        "kpi": kpi,
        "criteria": criteria,
    }


@transaction.atomic
def item_add(
    *,
    acting_user: User,
    sheet: AssessmentSheet,
    version: int,
    name: str,
    weight: object,
    kind: str,
    kpi: str = "",
    criteria: str = "",
) -> AssessmentItem:
    """Add an item to a draft sheet (the weights are checked when it is finalised)."""
    _require_edit(acting_user, sheet.org_unit)
    current = _locked(sheet, version)
    fields = _clean_item(name=name, weight=weight, kind=kind, kpi=kpi, criteria=criteria)
    count = current.items.count()
    if count >= MAX_ITEMS:
        raise ValidationFailed(_("A score sheet has at most 50 items."))
    item = AssessmentItem.objects.create(sheet=current, position=count + 1, **fields)
    _bump(current)
    return item


@transaction.atomic
def item_update(
    *,
    acting_user: User,
    item: AssessmentItem,
    version: int,
    name: str,
    weight: object,
    kind: str,
    kpi: str = "",
    criteria: str = "",
) -> AssessmentItem:
    """Change an item of a draft sheet; manual scores above its new points are refused."""
    _require_edit(acting_user, item.sheet.org_unit)
    current = _locked(item.sheet, version)
    fields = _clean_item(name=name, weight=weight, kind=kind, kpi=kpi, criteria=criteria)
    scores = AssessmentScore.objects.filter(item=item)
    if fields["kind"] != ItemKind.MANUAL and scores.exists():
        raise ValidationFailed(
            _("This item has scores entered by hand; remove it and add a new one instead."),
            field="kind",
        )
    if scores.filter(score__gt=fields["weight"]).exists():
        raise ValidationFailed(
            _("Some units scored more than these points on this item; lower their scores first."),
            field="weight",
        )
    for name_, value in fields.items():
        setattr(item, name_, value)
    item.save()
    _bump(current)
    return item


@transaction.atomic
def item_remove(*, acting_user: User, item: AssessmentItem, version: int) -> None:
    """Remove an item (and its manual scores) from a draft sheet."""
    _require_edit(acting_user, item.sheet.org_unit)
    current = _locked(item.sheet, version)
    item.delete()
    _bump(current)


def _bump(sheet: AssessmentSheet) -> None:
    sheet.version += 1
    sheet.save(update_fields=["version"])


@transaction.atomic
def score_enter(
    *,
    acting_user: User,
    item: AssessmentItem,
    unit: OrgUnit,
    score: object,
    evidence: str,
) -> AssessmentScore:
    """Enter (or correct) a sub-unit's score on a manual item, with its evidence."""
    sheet = item.sheet
    _require_edit(acting_user, sheet.org_unit)
    _locked(sheet)
    if item.kind == ItemKind.TIMELINESS:
        raise ValidationFailed(
            _("This item is scored from the recorded timeliness of the monthly reports.")
        )
    if item.kind != ItemKind.MANUAL:
        raise ValidationFailed(_("This item is scored from its indicator."))
    if unit.parent_id != sheet.org_unit_id or unit not in monthly.reporting_children(
        sheet.org_unit
    ):
        raise ValidationFailed(_("Only the units reporting to this unit are scored."))
    try:
        points = Decimal(str(score).strip())
    except InvalidOperation:
        raise ValidationFailed(_("Enter a number."), field="score") from None
    if not points.is_finite() or not 0 <= points <= item.weight:
        raise ValidationFailed(
            _("Enter a score from 0 to %(points)s.") % {"points": item.weight}, field="score"
        )
    if points != points.quantize(POINT):
        raise ValidationFailed(_("Enter the score with at most one decimal."), field="score")
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationFailed(
            _("Give the evidence for the score: what was checked, and where."), field="evidence"
        )
    within(evidence, EVIDENCE_LENGTH, field="evidence")
    entry, _created = AssessmentScore.objects.update_or_create(
        item=item,
        org_unit=unit,
        defaults={"score": points, "evidence": evidence, "entered_by": acting_user},
    )
    return entry


@transaction.atomic
def sheet_finalise(*, acting_user: User, sheet: AssessmentSheet, version: int) -> AssessmentSheet:
    """Finalise the sheet (leaders): check it is complete, then freeze every score."""
    if not can_finalise(acting_user, sheet.org_unit):
        raise PermissionRefused(_("Only a leader of this unit finalises its score sheet."))
    current = _locked(sheet, version)
    results = results_of(current)
    if not results.items:
        raise ValidationFailed(_("Add the items of the sheet first."))
    if results.weights != FULL_POINTS:
        raise ValidationFailed(
            _("The points of the items add up to %(total)s; they must add up to 100.")
            % {"total": results.weights}
        )
    if results.missing:
        missing = [
            f"{row.unit.name}·{cell.item.name}"
            for row in results.rows
            for cell in row.cells
            if cell.score is None
        ]
        named, more = missing[:MISSING_NAMED], len(missing) - MISSING_NAMED
        message = _("Scores are missing: %(missing)s.") % {"missing": "、".join(named)}
        if more > 0:
            message = ngettext(
                "Scores are missing: %(missing)s, and %(count)s more.",
                "Scores are missing: %(missing)s, and %(count)s more.",
                more,
            ) % {"missing": "、".join(named), "count": more}
        raise ValidationFailed(message)
    now = timezone.now()
    AssessmentScore.objects.bulk_create(
        AssessmentScore(
            item=cell.item,
            org_unit=row.unit,
            score=cell.score,
            kpi_value=cell.kpi_value,
            kpi_target=cell.kpi_target,
            evidence=cell.evidence,
            entered_by=acting_user,
            entered_at=now,
        )
        for row in results.rows
        for cell in row.cells
        if cell.item.kind != ItemKind.MANUAL and cell.score is not None
    )
    current.status = SheetStatus.FINALISED
    current.facts_month = results.facts_month
    current.finalised_at = now
    current.finalised_by = acting_user
    current.version += 1
    current.save()
    return current


def copy_sources(user: User, limit: int = 50) -> list[AssessmentSheet]:
    """Return the sheets the user may copy from: any sheet they can read, newest first."""
    return list(sheets_visible(user).order_by("-year", "org_unit__path")[:limit])


def years_offered(today: dt.date | None = None) -> Iterable[int]:
    year = (today or timezone.localdate()).year
    return range(year + 1, year - 4, -1)

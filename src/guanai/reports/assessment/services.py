"""Writing a score sheet: starting it (empty or from another sheet), its items, the
manual scores with their evidence, and finalising it (a leader).

Every change reads the sheet again under a row lock and refuses a finalised one; the
items check the version the user saw. Finalising checks the weights add up to 100 and
every manual score is in, then freezes every score, and writes the audit event
``AuditAction.ASSESSMENT_FINALISE`` in the same transaction.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanai.accounts.models import User
from guanai.core.audit import access_log
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.core.months import month_label
from guanai.core.text import fits, within
from guanai.orgs.models import OrgUnit
from guanai.reports import monthly
from guanai.reports.assessment.access import require_edit, require_finalise
from guanai.reports.assessment.scoring import FULL_POINTS, POINT, rate_kpis, results_of
from guanai.reports.bulletins.access import BULLETIN_KINDS
from guanai.reports.models import (
    AssessmentItem,
    AssessmentScore,
    AssessmentSheet,
    ItemKind,
    SheetStatus,
)

MAX_ITEMS = 50
MISSING_NAMED = 5  # missing scores named when finalising; the others are counted
EVIDENCE_LENGTH = 5000  # the evidence is a TextField: this limit is the sheet's, not a column's


def _locked(sheet: AssessmentSheet, version: int | None = None) -> AssessmentSheet:
    """Return the sheet locked for the transaction; refuse a stale or finalised one."""
    current = AssessmentSheet.objects.select_for_update().get(pk=sheet.pk)
    if version is not None:
        # Items and scores change the sheet's version, not its fields: nothing to name.
        refuse_stale(
            current,
            version,
            message=_(
                "Someone else changed this score sheet after you opened it. "
                "Reload it and try again."
            ),
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
    require_edit(acting_user, unit)
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
        kpi = ""  # only an item from an indicator reads one
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
    require_edit(acting_user, sheet.org_unit)
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
    require_edit(acting_user, item.sheet.org_unit)
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
    require_edit(acting_user, item.sheet.org_unit)
    current = _locked(item.sheet, version)
    item.delete()
    _bump(current)


def _bump(sheet: AssessmentSheet) -> None:
    bump(sheet)
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
    require_edit(acting_user, sheet.org_unit)
    _locked(sheet)
    if item.kind == ItemKind.TIMELINESS:
        raise ValidationFailed(
            _("This item is scored from the recorded timeliness of the monthly reports.")
        )
    if item.kind in (ItemKind.RECTIFICATION, ItemKind.MATTERS):
        raise ValidationFailed(
            _(
                "This item is scored from the records of the supervision visits and the lists "
                "of practical matters."
            )
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
    require_finalise(acting_user, sheet.org_unit)
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
    bump(current)
    current.save()
    access_log(
        user=acting_user,
        action=AuditAction.ASSESSMENT_FINALISE,
        obj=current,
        detail={
            "unit": current.org_unit_id,
            "year": current.year,
            "units_scored": len(results.rows),
            "facts_month": month_label(current.facts_month) if current.facts_month else None,
        },
    )
    return current

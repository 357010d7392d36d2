"""The inputs of an institution's yearly assessment, read from the data.

* The checklist: ``checklist.checklist`` on the day of the assessment (the last day of the
  year for a past year), met of the applicable items, and the items not met.
* The residents: admitted residents whose stay overlaps the year (up to today for the
  current year).
* The service delivery: each of those residents' minutes of service (``ServiceLog``) in the
  year, divided by the months of the year they were present. A resident admitted in
  October counts three months, not twelve, so that a resident who came late does not pull
  the institution down, and one who left in March is not measured against the months after
  they left. A month counts when the stay covers at least one of its days.
* The sheet: the newest score sheet valid by the end of the year of the nearest county (or
  unit above) of the institution with one, else the national default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet, Sum

from guanai.institutions.checklist import checklist
from guanai.institutions.models import (
    Assessment,
    Decision,
    Institution,
    Resident,
    ScoreSheet,
    ServiceLog,
)
from guanai.institutions.models.assessment import DEFAULT_SHEET
from guanai.institutions.quality import SheetParams
from guanai.institutions.standard import NOT_MET
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import ancestors_of

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Inputs:
    checklist_met: int
    checklist_applicable: int
    unmet_items: list[dict[str, str]]
    minutes_per_resident: list[Decimal]


def params_of(sheet: ScoreSheet) -> SheetParams:
    return SheetParams(
        checklist_weight=sheet.checklist_weight,
        delivery_weight=sheet.delivery_weight,
        satisfaction_weight=sheet.satisfaction_weight,
        target_minutes=sheet.target_minutes,
        excellent=sheet.excellent,
        good=sheet.good,
        passing=sheet.passing,
    )


def national_sheet() -> ScoreSheet:
    """Return the newest national sheet (seeded again in a flushed test database)."""
    found = ScoreSheet.objects.filter(org_unit=None).order_by("-version").first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            ScoreSheet.objects.create(
                title="托养机构服务质量考核评分表",
                version=1,
                valid_from=date(2026, 1, 1),
                **DEFAULT_SHEET,
            )
    except IntegrityError:  # seeded at the same moment by another request
        pass
    return national_sheet()


def sheet_for(unit: OrgUnit, year: int) -> ScoreSheet:
    """Return the sheet an institution is scored on for ``year``."""
    above = [a.pk for a in ancestors_of(unit)]
    last_day = date(year, 12, 31)
    local = {
        s.org_unit_id: s
        for s in ScoreSheet.objects.filter(
            org_unit_id__in=above, valid_from__lte=last_day
        ).order_by("org_unit_id", "version")
    }
    for pk in reversed(above):  # the nearest unit first
        if pk in local:
            return local[pk]
    national = (
        ScoreSheet.objects.filter(org_unit=None, valid_from__lte=last_day)
        .order_by("-version")
        .first()
    )
    return national or national_sheet()


def sheets_visible(units: Sequence[OrgUnit]) -> QuerySet[ScoreSheet]:
    """Return the national sheets and those of ``units`` and the units above them: the
    national first, then by unit from the top, the newest version first."""
    ids = {a.pk for u in units for a in ancestors_of(u)} | {u.pk for u in units}
    national_sheet()  # never listed without it
    return (
        ScoreSheet.objects.filter(Q(org_unit=None) | Q(org_unit_id__in=ids))
        .select_related("org_unit")
        .order_by(F("org_unit__path").asc(nulls_first=True), "-version")
    )


def assessment_day(year: int, today: date) -> date:
    """The day the year is looked at: today for the current year, else its last day."""
    return today if year == today.year else date(year, 12, 31)


def months_present(start: date, end: date) -> int:
    """Return the calendar months that the days ``start`` … ``end`` touch."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def delivery_of(institution: Institution, year: int, today: date) -> list[Decimal]:
    """Return each admitted resident's minutes of service per month of presence in ``year``
    (two queries)."""
    first, last = date(year, 1, 1), assessment_day(year, today)
    stays = Resident.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first),
        institution=institution,
        decision=Decision.ADMITTED,
        started_on__lte=last,
    ).only("pk", "started_on", "ended_on")
    minutes = dict(
        ServiceLog.objects.filter(
            resident__institution=institution,
            resident__decision=Decision.ADMITTED,
            on__gte=first,
            on__lte=last,
        )
        .values("resident_id")
        .annotate(total=Sum("minutes"))
        .values_list("resident_id", "total")
    )
    figures = []
    for stay in stays:
        start = max(stay.started_on or first, first)  # admitted: a start
        end = min(stay.ended_on or last, last)
        months = months_present(start, end)
        total = Decimal(minutes.get(stay.pk, 0))
        figures.append((total / months).quantize(HUNDREDTH, rounding=ROUND_HALF_UP))
    return figures


def inputs_of(institution: Institution, year: int, today: date) -> Inputs:
    """Return what the data says of the institution for ``year``."""
    found = checklist(institution, assessment_day(year, today))
    unmet = [{"ref": v.ref, "text": v.text} for v in found.verdicts if v.status == NOT_MET]
    return Inputs(
        checklist_met=found.met,
        checklist_applicable=found.met + found.not_met,
        unmet_items=unmet,
        minutes_per_resident=delivery_of(institution, year, today),
    )


def assessments_of(institution: Institution) -> QuerySet[Assessment]:
    return Assessment.objects.filter(institution=institution).select_related("sheet", "assessed_by")


def assessments_in(institutions: QuerySet[Institution], year: int) -> QuerySet[Assessment]:
    """Return the assessments of ``year`` of the institutions (one query)."""
    return (
        Assessment.objects.filter(institution__in=institutions, year=year)
        .select_related("institution", "institution__org_unit", "sheet", "assessed_by")
        .order_by("institution__org_unit__path")
    )

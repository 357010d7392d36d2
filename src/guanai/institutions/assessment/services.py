"""Writes of the quality assessment: an institution's score for a year, a county's sheet.

The score is computed when the assessment is saved, from the data behind it (the
checklist, the residents and their service logs: ``selectors.inputs_of``) and the survey,
on the sheet that applies, and stored as it was (a snapshot: later data does not change a
past year's score until someone saves it again). Bad input (a year in the future, more
satisfied than respondents, a negative count) is refused with a message and nothing is
saved; a second save is at the version its form was opened at. Every save is audited by
django-auditlog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits, within
from guanai.institutions.assessment.access import require_assess, require_sheet_author
from guanai.institutions.assessment.selectors import (
    Inputs,
    inputs_of,
    params_of,
    sheet_for,
)
from guanai.institutions.models import Assessment, Institution, ScoreSheet
from guanai.institutions.quality import Score, SheetParams, check_sheet, score
from guanai.orgs.models import OrgUnit

# The first year assessed: none before the institutions register.
FIRST_YEAR = 2000
NOTE_MAX = 2000
# A survey of more than this many people is a typing error.
MAX_RESPONDENTS = 100_000


@dataclass
class AssessmentData:
    year: int
    respondents: int
    satisfied: int
    note: str = ""
    assessed_on: date | None = None


@dataclass(frozen=True)
class Preview:
    sheet: ScoreSheet
    inputs: Inputs
    score: Score


def _check_year(year: int, today: date) -> None:
    if year > today.year:
        raise ValidationFailed(
            _("%(year)s has not come yet; assess a year that has begun.") % {"year": year},
            field="year",
        )
    if year < FIRST_YEAR:
        raise ValidationFailed(
            _("Assess a year from %(first)s on.") % {"first": FIRST_YEAR}, field="year"
        )


def _check_survey(respondents: int, satisfied: int) -> None:
    if respondents < 0:
        raise ValidationFailed(_("The respondents cannot be negative."), field="respondents")
    if respondents > MAX_RESPONDENTS:
        raise ValidationFailed(
            _("At most %(max)s respondents; check the number.") % {"max": MAX_RESPONDENTS},
            field="respondents",
        )
    if satisfied < 0:
        raise ValidationFailed(_("The satisfied cannot be negative."), field="satisfied")
    if satisfied > respondents:
        raise ValidationFailed(
            _("More satisfied (%(satisfied)s) than respondents (%(respondents)s).")
            % {"satisfied": satisfied, "respondents": respondents},
            field="satisfied",
        )


def preview(institution: Institution, data: AssessmentData, today: date) -> Preview:
    """Return the score the data and the survey give (nothing saved), after checking them."""
    _check_year(data.year, today)
    _check_survey(data.respondents, data.satisfied)
    sheet = sheet_for(institution.org_unit, data.year)
    inputs = inputs_of(institution, data.year, today)
    return Preview(sheet, inputs, _score(params_of(sheet), inputs, data))


def _score(params: SheetParams, inputs: Inputs, data: AssessmentData) -> Score:
    return score(
        params,
        inputs.checklist_met,
        inputs.checklist_applicable,
        inputs.minutes_per_resident,
        data.respondents,
        data.satisfied,
    )


def stored_score(assessment: Assessment) -> Score:
    """Return the engine's score (with its explanations) of a stored assessment's inputs."""
    return score(
        params_of(assessment.sheet),
        assessment.checklist_met,
        assessment.checklist_applicable,
        [Decimal(m) for m in assessment.minutes_per_resident],
        assessment.respondents,
        assessment.satisfied,
    )


def _apply(assessment: Assessment, found: Preview, data: AssessmentData, on: date) -> None:
    assessment.sheet = found.sheet
    assessment.respondents = data.respondents
    assessment.satisfied = data.satisfied
    assessment.note = data.note
    assessment.assessed_on = on
    assessment.checklist_met = found.inputs.checklist_met
    assessment.checklist_applicable = found.inputs.checklist_applicable
    assessment.unmet_items = found.inputs.unmet_items
    assessment.minutes_per_resident = [str(m) for m in found.inputs.minutes_per_resident]
    assessment.residents = len(found.inputs.minutes_per_resident)
    assessment.checklist_points = found.score.checklist.points
    assessment.delivery_points = found.score.delivery.points
    assessment.satisfaction_points = found.score.satisfaction.points
    assessment.total = found.score.total
    assessment.grade = found.score.grade


@transaction.atomic
def assessment_save(
    *,
    acting_user: Actor,
    institution: Institution,
    data: AssessmentData,
    today: date,
    version: int | None = None,
) -> Assessment:
    """Score the institution for ``data.year`` and store it; a year already assessed is
    changed at ``version`` (None: a new assessment, refused if the year has one)."""
    require_assess(acting_user, institution.org_unit)
    _check_year(data.year, today)
    _check_survey(data.respondents, data.satisfied)
    note = within(data.note.strip(), NOTE_MAX, field="note")
    on = data.assessed_on or today
    check_plausible_day(on, field="assessed_on")
    if on.year < data.year:
        raise ValidationFailed(
            _("A year is assessed once it has begun, not before."), field="assessed_on"
        )
    data = AssessmentData(data.year, data.respondents, data.satisfied, note, on)
    found = preview(institution, data, today)
    current = (
        Assessment.objects.select_for_update()
        .filter(institution=institution, year=data.year)
        .first()
    )
    if current is None:
        if version is not None:
            raise ValidationFailed(
                _("This year has no assessment to change; reload the page."), field="year"
            )
        assessment = Assessment(
            institution=institution, year=data.year, assessed_by=account_of(acting_user)
        )
        _apply(assessment, found, data, on)
        assessment.save()
        return assessment
    if version is None:
        raise ValidationFailed(
            _("%(year)s is assessed already; open its assessment to change it.")
            % {"year": data.year},
            field="year",
        )
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this assessment after you opened it (%(fields)s). Reload it and "
            "make your change again."
        ),
        fields=["respondents", "satisfied", "note", "assessed_on"],
    )
    _apply(current, found, data, on)
    current.assessed_by = account_of(acting_user)
    bump(current)
    current.save()
    return current


@dataclass
class SheetData:
    title: str
    valid_from: date
    checklist_weight: int
    delivery_weight: int
    satisfaction_weight: int
    target_minutes: int
    excellent: int = 90
    good: int = 80
    passing: int = 60


@transaction.atomic
def score_sheet_add(*, acting_user: Actor, unit: OrgUnit, data: SheetData) -> ScoreSheet:
    """Add the county's own score sheet (the next version of the unit's sheets)."""
    require_sheet_author(acting_user, unit)
    title = " ".join(data.title.split())
    if not title:
        raise ValidationFailed(_("Enter the sheet's title."), field="title")
    fits(title, ScoreSheet, "title")
    check_plausible_day(data.valid_from, field="valid_from", days_ahead=366)
    weights = (data.checklist_weight, data.delivery_weight, data.satisfaction_weight)
    if any(w < 0 for w in weights) or sum(weights) != 100:
        raise ValidationFailed(
            _("The three weights must sum to 100 (now %(sum)s).") % {"sum": sum(weights)},
            field="checklist_weight",
        )
    if not 1 <= data.target_minutes <= 31 * 24 * 60:
        raise ValidationFailed(
            _("Enter the minutes of a month, at least 1."), field="target_minutes"
        )
    params = SheetParams(
        checklist_weight=data.checklist_weight,
        delivery_weight=data.delivery_weight,
        satisfaction_weight=data.satisfaction_weight,
        target_minutes=data.target_minutes,
        excellent=data.excellent,
        good=data.good,
        passing=data.passing,
    )
    try:
        check_sheet(params)
    except ValueError:
        raise ValidationFailed(
            _("The thresholds must rise: pass below good, good below excellent, at most 100."),
            field="excellent",
        ) from None
    last = ScoreSheet.objects.select_for_update().filter(org_unit=unit).order_by("-version").first()
    return ScoreSheet.objects.create(
        title=title,
        version=1 if last is None else last.version + 1,
        valid_from=data.valid_from,
        org_unit=unit,
        created_by=account_of(acting_user),
        **{
            k: getattr(params, k)
            for k in (
                "checklist_weight",
                "delivery_weight",
                "satisfaction_weight",
                "target_minutes",
                "excellent",
                "good",
                "passing",
            )
        },
    )

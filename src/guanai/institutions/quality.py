"""The yearly quality assessment of a care institution (服务质量考核及评价): pure and explained.

The county federation scores each institution once a year on a score sheet (``SheetParams``)
in three parts whose weights sum to 100:

* checklist compliance: the share of the service standard's applicable items met
  (``checklist_met`` of ``checklist_applicable``; nothing applicable gives the full part);
* service delivery: each resident's minutes of service per month of their stay, against the
  sheet's ``target_minutes`` for full marks; a resident's share is capped at 1 so that one
  resident served twice over does not make up for another left without, and the part is the
  mean share over the residents (no residents: no points, there is nothing delivered);
* satisfaction: the share of respondents of the survey (residents or their families) who
  are satisfied (no respondents: no points, the survey was not done).

Each part's points are rounded half up to one decimal (a monotone rounding, so more met items,
minutes or satisfied respondents never lower a part), the total is their sum and the grade
is read against the sheet's thresholds (优秀/良好/合格/不合格). The result names what decided
each part ("37 项中 35 项达标"). ``quality`` reads and writes no table; the assessment
service gathers the inputs from the checklist, the service logs and the residents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class SheetParams:
    checklist_weight: int = 40
    delivery_weight: int = 30
    satisfaction_weight: int = 30
    # Minutes of service per resident per month for the full delivery part.
    target_minutes: int = 1200
    excellent: int = 90
    good: int = 80
    passing: int = 60


@dataclass(frozen=True)
class Part:
    key: str
    weight: int
    points: Decimal
    explanation: str


@dataclass(frozen=True)
class Score:
    checklist: Part
    delivery: Part
    satisfaction: Part
    total: Decimal
    grade: str

    @property
    def parts(self) -> tuple[Part, Part, Part]:
        return (self.checklist, self.delivery, self.satisfaction)

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade)


EXCELLENT, GOOD, PASSING, FAILING = "excellent", "good", "pass", "fail"
GRADES = (EXCELLENT, GOOD, PASSING, FAILING)


def grade_label(grade: str) -> str:
    labels = {
        EXCELLENT: pgettext("assessment grade", "Excellent"),
        GOOD: pgettext("assessment grade", "Good"),
        PASSING: pgettext("assessment grade", "Pass"),
        FAILING: pgettext("assessment grade", "Fail"),
    }
    return labels[grade]


def check_sheet(sheet: SheetParams) -> None:
    """Refuse (``ValueError``) a sheet whose weights do not sum to 100, whose target is not
    positive or whose thresholds are not 0 < pass < good < excellent <= 100."""
    weights = (sheet.checklist_weight, sheet.delivery_weight, sheet.satisfaction_weight)
    if any(w < 0 for w in weights) or sum(weights) != 100:
        raise ValueError("weights")
    if sheet.target_minutes < 1:
        raise ValueError("target_minutes")
    if not 0 < sheet.passing < sheet.good < sheet.excellent <= 100:
        raise ValueError("thresholds")


def _points(weight: int, share: Decimal) -> Decimal:
    return (weight * share).quantize(TENTH, rounding=ROUND_HALF_UP)


def _checklist(sheet: SheetParams, met: int, applicable: int) -> Part:
    if applicable == 0:
        share = Decimal(1)
        explanation = _("No item of the standard applies; the part is given in full.")
    else:
        share = Decimal(met) / Decimal(applicable)
        explanation = _("%(met)s of %(applicable)s applicable items met.") % {
            "met": met,
            "applicable": applicable,
        }
    return Part(
        "checklist", sheet.checklist_weight, _points(sheet.checklist_weight, share), explanation
    )


def _delivery(sheet: SheetParams, per_resident: Sequence[Decimal]) -> Part:
    if not per_resident:
        return Part(
            "delivery",
            sheet.delivery_weight,
            Decimal(0),
            _("No resident was served in the year; no points."),
        )
    target = Decimal(sheet.target_minutes)
    shares = [min(Decimal(1), Decimal(m) / target) for m in per_resident]
    share = sum(shares, Decimal(0)) / len(shares)
    full = sum(1 for m in per_resident if Decimal(m) >= target)
    mean = (sum((Decimal(m) for m in per_resident), Decimal(0)) / len(per_resident)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    explanation = ngettext(
        "%(residents)s resident, %(mean)s minutes of service per resident per month on "
        "average; %(full)s reached the target of %(target)s minutes.",
        "%(residents)s residents, %(mean)s minutes of service per resident per month on "
        "average; %(full)s reached the target of %(target)s minutes.",
        len(per_resident),
    ) % {"residents": len(per_resident), "mean": mean, "full": full, "target": sheet.target_minutes}
    return Part(
        "delivery", sheet.delivery_weight, _points(sheet.delivery_weight, share), explanation
    )


def _satisfaction(sheet: SheetParams, respondents: int, satisfied: int) -> Part:
    if respondents == 0:
        return Part(
            "satisfaction",
            sheet.satisfaction_weight,
            Decimal(0),
            _("No survey respondents; no points."),
        )
    share = Decimal(satisfied) / Decimal(respondents)
    percent = (100 * share).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    explanation = _("%(satisfied)s of %(respondents)s respondents satisfied (%(percent)s%%).") % {
        "satisfied": satisfied,
        "respondents": respondents,
        "percent": percent,
    }
    return Part(
        "satisfaction",
        sheet.satisfaction_weight,
        _points(sheet.satisfaction_weight, share),
        explanation,
    )


def grade_of(sheet: SheetParams, total: Decimal) -> str:
    if total >= sheet.excellent:
        return EXCELLENT
    if total >= sheet.good:
        return GOOD
    if total >= sheet.passing:
        return PASSING
    return FAILING


def score(
    sheet: SheetParams,
    checklist_met: int,
    checklist_applicable: int,
    minutes_per_resident_month: Sequence[Decimal | int],
    respondents: int,
    satisfied: int,
) -> Score:
    """Return the assessment of the inputs on ``sheet``.

    ``minutes_per_resident_month`` holds one figure per resident: their minutes of service
    in the year divided by the months of the year they stayed. Counts out of range
    (negative, more met than applicable, more satisfied than respondents) raise ValueError:
    the service refuses them with a message before it gets here.
    """
    check_sheet(sheet)
    if checklist_met < 0 or checklist_met > checklist_applicable:
        raise ValueError("checklist")
    if respondents < 0 or satisfied < 0 or satisfied > respondents:
        raise ValueError("survey")
    figures = [Decimal(m) for m in minutes_per_resident_month]
    if any(m < 0 for m in figures):
        raise ValueError("minutes")
    parts = (
        _checklist(sheet, checklist_met, checklist_applicable),
        _delivery(sheet, figures),
        _satisfaction(sheet, respondents, satisfied),
    )
    total = sum((p.points for p in parts), Decimal(0))
    return Score(*parts, total=total, grade=grade_of(sheet, total))

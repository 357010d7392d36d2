"""The medical-assistance engine (篇八 (四)): what a poor-group patient gets for a stay.

This module is pure: it reads a claim (``claim_input_clean``), takes the standards that
apply (``policies.rates_for`` or ``policies.default_rates``) and what the person already
received this calendar year (``YearSoFar``), and returns every amount with a line of
explanation (``compute``). It reads and writes no table; ``claims.py`` records claims and
``guanai medical-calc`` prints the result of one.

The rules, in the order they are applied:

* Eligible out-of-pocket cost = total cost − paid by insurance − ineligible items.
* Rehabilitation of orphaned and disabled children (篇八 (一) 5: 孤残儿童康复治疗，医疗费用
  全额救助; 明天计划, 重生行动): when the stay is rehabilitation treatment or a surgery
  rehabilitation project and the patient is an orphan or a disabled person under 18 on
  admission, relief = its ratio (100 %) × eligible out-of-pocket, with no yearly cap. It
  does not count toward the caps of the other items.
* Only the poor groups (``catalogue.POOR_GROUPS``: extremely poor, three-no, minimum
  living guarantee, orphan) get the other items (篇八 (四): 困难群体中的重大疾病患者). Anyone
  else gets ¥0 for them (and for everything without the child relief above), and the
  explanation says why.
* Medical assistance = ratio (70 %) × (eligible out-of-pocket − child relief), rounded half
  up to the fen, then cut to what is left of the yearly cap (¥50,000) after this year's
  earlier claims. With the relief in full there is nothing left for it to pay.
* Second round (二次救助), only when the clerk ticks it (the patient is still in great
  difficulty): second ratio × (eligible out-of-pocket − medical assistance), within the
  second round's own yearly cap.
* Hospital living allowance = days × daily rate. Days = discharge − admission, at least 1
  (a same-day stay is one day). The rate is the higher one of the person's groups (¥17 for
  three-no and extremely poor persons, ¥7 for the others; a unit may raise either).
* Leukaemia lump sum: ¥20,000 when treated with surgery, ¥5,000 without, at most that much
  per person and calendar year: a surgery claim after a non-surgery one in the same year
  gets the difference, a second non-surgery claim gets nothing.
* Temporary living assistance = the amount asked, within the yearly cap (¥8,000).
* Total = the sum of the six amounts.

Caps count the calendar year of the discharge date. Every amount is ``Decimal`` yuan
rounded half up to the fen (``money.round_fen``); a cap never makes an amount negative.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.benefits import catalogue
from guanai.benefits.policies import Rate
from guanai.core.dates import parse_date
from guanai.core.errors import ValidationFailed
from guanai.core.money import ZERO, parse_money, percent, round_fen, yuan
from guanai.registry.importing import CATEGORY_SEPARATORS, CATEGORY_WORDS
from guanai.registry.models import Category

# The catalogue items a claim needs; callers fetch exactly these (``rates_for(..., codes)``).
MEDICAL_CODES: tuple[str, ...] = (
    catalogue.MEDICAL_RATIO,
    catalogue.MEDICAL_CAP,
    catalogue.SECOND_RATIO,
    catalogue.SECOND_CAP,
    catalogue.LEUKEMIA_SURGERY,
    catalogue.LEUKEMIA_OTHER,
    catalogue.HOSPITAL_DAY_HIGH,
    catalogue.HOSPITAL_DAY_LOW,
    catalogue.TEMPORARY_CAP,
    catalogue.CHILD_REHABILITATION,
)

# Words that name leukaemia in the disease field: "leukemia", the Chinese name, and any
# diagnosis containing it (急性淋巴细胞白血病).
LEUKEMIA_WORDS = ("leukemia", "leukaemia", "白血病")
DISEASE_LENGTH = 100
# Yes/no as an HTML form or a JSON file writes it; anything else is refused, not guessed.
_YES = frozenset({"true", "1", "yes", "on", "是"})
_NO = frozenset({"false", "0", "no", "off", "否", ""})

# The fields ``claim_input_clean`` reads (and the CLI's extra year-so-far fields).
AMOUNT_FIELDS = ("total_cost", "insurance_paid", "ineligible_cost", "temporary_request")
SO_FAR_FIELDS = {
    "assistance": "year_assistance_so_far",
    "second": "year_second_so_far",
    "lump_sum": "year_lump_sum_so_far",
    "temporary": "year_temporary_so_far",
}


@dataclass(frozen=True)
class ClaimInput:
    """One hospital stay as the clerk entered it, checked."""

    categories: tuple[str, ...]
    total_cost: Decimal
    insurance_paid: Decimal
    ineligible_cost: Decimal
    admitted: date
    discharged: date
    leukemia: bool
    surgery: bool
    second_round: bool
    temporary_request: Decimal
    # Rehabilitation treatment or a surgery rehabilitation project (明天计划, 重生行动).
    rehabilitation: bool = False
    # Under 18 on the day of admission.
    child: bool = False


@dataclass(frozen=True)
class YearSoFar:
    """What the person already received in the discharge date's calendar year."""

    assistance: Decimal = ZERO
    second: Decimal = ZERO
    lump_sum: Decimal = ZERO
    temporary: Decimal = ZERO


@dataclass(frozen=True)
class ClaimResult:
    """Every amount of a claim, and the lines that explain them."""

    days: int
    groups: tuple[str, ...]
    eligible_out_of_pocket: Decimal
    medical_assistance: Decimal
    second_assistance: Decimal
    hospital_allowance: Decimal
    lump_sum: Decimal
    temporary: Decimal
    total: Decimal
    explanation: tuple[str, ...]
    rehabilitation_relief: Decimal = ZERO


# --- Reading a claim ---------------------------------------------------------------------


def _accepted_categories() -> str:
    words: dict[str, list[str]] = {}
    for word, code in CATEGORY_WORDS.items():
        if word != code:
            words.setdefault(code, []).append(word)
    return "; ".join(f"{code} = {'/'.join(words.get(code, []))}" for code in Category.values)


def categories_clean(value: object) -> tuple[str, ...]:
    """Return category codes from codes or the Chinese labels and aliases of DESIGN §4.

    A list (["tekun", "低保户"]) or one text separated by 、 , ; / is read; blank is none.
    An unknown word is refused with the list of accepted ones.
    """
    if value is None:
        return ()
    if isinstance(value, str):
        text = value
        for separator in CATEGORY_SEPARATORS:
            text = text.replace(separator, ",")
        words: list[object] = list(text.split(","))
    elif isinstance(value, list | tuple):
        words = list(value)
    else:
        raise ValidationFailed(
            _('Give the categories as a list, e.g. ["tekun", "dibao"].'), field="categories"
        )
    codes: list[str] = []
    for word in words:
        if not isinstance(word, str):
            raise ValidationFailed(
                _("“%(value)s” is not a category. Accepted: %(accepted)s.")
                % {"value": str(word)[:40], "accepted": _accepted_categories()},
                field="categories",
            )
        cleaned = word.strip()
        if not cleaned:
            continue
        code = CATEGORY_WORDS.get(cleaned) or CATEGORY_WORDS.get(cleaned.lower())
        if code is None:
            raise ValidationFailed(
                _("“%(value)s” is not a category. Accepted: %(accepted)s.")
                % {"value": cleaned[:40], "accepted": _accepted_categories()},
                field="categories",
            )
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _amount(data: Mapping[str, object], field: str) -> Decimal:
    return parse_money(data.get(field), field=field, blank_is_zero=True)


def _date(data: Mapping[str, object], field: str, missing: str) -> date:
    value = data.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationFailed(missing, field=field)
    # Numbers would be read as Excel serials by ``parse_date``; a claim writes dates as text.
    if not isinstance(value, str | date):
        raise ValidationFailed(
            _("“%(value)s” is not a date; write it as 2026-03-01.") % {"value": str(value)[:40]},
            field=field,
        )
    try:
        day = parse_date(value)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field=field) from None
    if day < catalogue.DEFAULT_FROM:
        raise ValidationFailed(
            _("%(day)s is before %(first)s; check the year.")
            % {"day": f"{day:%Y-%m-%d}", "first": f"{catalogue.DEFAULT_FROM:%Y-%m-%d}"},
            field=field,
        )
    return day


def flag_clean(value: object, *, field: str) -> bool:
    """Return a yes/no value: true/false, or what a form sends ("on", "1", "是"); blank is no."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _YES | _NO:
        return value.strip().lower() in _YES
    raise ValidationFailed(
        _("“%(value)s” is not yes or no; write true or false.") % {"value": str(value)[:40]},
        field=field,
    )


def disease_clean(value: object) -> str:
    """Return the disease as written (blank allowed), at most 100 characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed(
            _("Write the disease as text, e.g. “leukemia” or “白血病”."), field="disease"
        )
    text = " ".join(value.split())
    if len(text) > DISEASE_LENGTH:
        raise ValidationFailed(
            _("The disease is at most %(count)s characters.") % {"count": DISEASE_LENGTH},
            field="disease",
        )
    return text


def is_leukemia(disease: str) -> bool:
    lowered = disease.lower()
    return any(word in lowered for word in LEUKEMIA_WORDS)


def claim_input_clean(data: Mapping[str, object]) -> ClaimInput:
    """Check one claim as a form, the API or ``guanai medical-calc`` sends it.

    Fields: ``categories`` (list of codes or Chinese labels; may be left out when the
    person's own categories are used), ``total_cost``, ``insurance_paid``,
    ``ineligible_cost``, ``temporary_request`` (text or integers in yuan; blank or missing
    is 0), ``admitted`` and ``discharged`` ("YYYY-MM-DD"), ``disease`` (text; one naming
    leukaemia — "leukemia", "白血病", "急性髓系白血病" — sets ``leukemia``), optional
    ``leukemia`` (yes/no, for a form's tick box), ``surgery``, ``second_round`` and
    ``rehabilitation`` (yes/no, default no), and ``child`` (yes/no: under 18 on admission;
    a recorded claim takes it from the person's birth date). Each bad value raises
    ``ValidationFailed`` naming its field.
    """
    categories = categories_clean(data.get("categories"))
    total_cost, insurance_paid, ineligible_cost, temporary_request = (
        _amount(data, field) for field in AMOUNT_FIELDS
    )
    if insurance_paid + ineligible_cost > total_cost:
        raise ValidationFailed(
            _(
                "Paid by insurance (%(insurance)s) and ineligible items (%(ineligible)s) "
                "together are more than the total cost (%(total)s)."
            )
            % {
                "insurance": yuan(insurance_paid),
                "ineligible": yuan(ineligible_cost),
                "total": yuan(total_cost),
            },
            field="insurance_paid",
        )
    admitted = _date(data, "admitted", _("Enter the admission date."))
    discharged = _date(data, "discharged", _("Enter the discharge date."))
    if discharged < admitted:
        raise ValidationFailed(
            _("The discharge date (%(discharged)s) is before the admission date (%(admitted)s).")
            % {"discharged": f"{discharged:%Y-%m-%d}", "admitted": f"{admitted:%Y-%m-%d}"},
            field="discharged",
        )
    if discharged > timezone.localdate():
        raise ValidationFailed(
            _("The discharge date is in the future; a claim is made after discharge."),
            field="discharged",
        )
    disease = disease_clean(data.get("disease"))
    leukemia = is_leukemia(disease) or flag_clean(data.get("leukemia"), field="leukemia")
    return ClaimInput(
        categories=categories,
        total_cost=total_cost,
        insurance_paid=insurance_paid,
        ineligible_cost=ineligible_cost,
        admitted=admitted,
        discharged=discharged,
        leukemia=leukemia,
        surgery=flag_clean(data.get("surgery"), field="surgery"),
        second_round=flag_clean(data.get("second_round"), field="second_round"),
        temporary_request=temporary_request,
        rehabilitation=flag_clean(data.get("rehabilitation"), field="rehabilitation"),
        child=flag_clean(data.get("child"), field="child"),
    )


def year_so_far_clean(data: Mapping[str, object]) -> YearSoFar:
    """Read what was received this year from ``year_assistance_so_far``,
    ``year_second_so_far``, ``year_lump_sum_so_far`` and ``year_temporary_so_far``
    (missing is 0), as the calculator without a person and the CLI take them."""
    return YearSoFar(**{key: _amount(data, field) for key, field in SO_FAR_FIELDS.items()})


# --- Computing ---------------------------------------------------------------------------


def hospital_days(admitted: date, discharged: date) -> int:
    """Return the days in hospital: discharge − admission, at least 1 (same day = 1)."""
    return max(1, (discharged - admitted).days)


def poor_groups(categories: tuple[str, ...]) -> tuple[str, ...]:
    """Return the poor groups among ``categories``, in the catalogue's order."""
    return tuple(str(code) for code in catalogue.POOR_GROUPS if code in categories)


def _label(code: str) -> str:
    return str(Category(code).label)


def _within(amount: Decimal, cap: Decimal, so_far: Decimal) -> tuple[Decimal, Decimal]:
    """Return (what is left of the cap, the amount cut to it); never negative."""
    left = max(ZERO, cap - so_far)
    return left, max(ZERO, min(amount, left))


def _daily_rate(groups: tuple[str, ...], rates: Mapping[str, Rate]) -> tuple[str, Rate]:
    """Return the group with the highest daily rate, and that rate (the higher one wins).

    ``groups`` is not empty (``compute`` stops earlier for a person in no poor group).
    """
    chosen = [
        (
            group,
            rates[
                catalogue.HOSPITAL_DAY_HIGH
                if group in catalogue.HIGH_DAILY_GROUPS
                else catalogue.HOSPITAL_DAY_LOW
            ],
        )
        for group in groups
    ]
    # max() keeps the first of equal rates: the group listed first names the rate.
    return max(chosen, key=lambda pair: pair[1].amount)


def child_rehabilitation_groups(claim: ClaimInput) -> tuple[str, ...]:
    """Return the orphan or disabled categories that make the patient a 孤残儿童, if a child."""
    if not claim.child:
        return ()
    return tuple(
        str(code) for code in catalogue.CHILD_REHABILITATION_GROUPS if code in claim.categories
    )


def _child_rehabilitation(
    claim: ClaimInput, eligible: Decimal, rates: Mapping[str, Rate]
) -> tuple[Decimal, str | None]:
    """Return the relief of a child's rehabilitation (篇八 (一) 5) and its line, if asked."""
    if not claim.rehabilitation:
        return ZERO, None
    groups = child_rehabilitation_groups(claim)
    if not groups:
        return ZERO, _(
            "Rehabilitation of orphaned and disabled children: the patient is not an orphan "
            "or a disabled person under 18 on admission → %(zero)s."
        ) % {"zero": yuan(ZERO)}
    ratio = rates[catalogue.CHILD_REHABILITATION]
    relief = round_fen(ratio.amount * eligible)
    return relief, _(
        "Rehabilitation of orphaned and disabled children (%(groups)s, under 18): eligible "
        "out-of-pocket %(eligible)s × %(ratio)s = %(amount)s, with no yearly cap and not "
        "counted toward the other caps. Standard: %(source)s."
    ) % {
        "groups": ", ".join(_label(code) for code in groups),
        "eligible": yuan(eligible),
        "ratio": percent(ratio.amount),
        "amount": yuan(relief),
        "source": ratio.source,
    }


def _not_eligible(
    claim: ClaimInput, days: int, eligible: Decimal, relief: Decimal, relief_line: str | None
) -> ClaimResult:
    named = ", ".join(_label(code) for code in claim.categories) or _("none")
    lines = [
        _(
            "Not in a poor group on the discharge date (categories: %(categories)s). "
            "Medical assistance, the second round, the hospital allowance, the leukaemia "
            "lump sum and temporary assistance are for extremely poor, three-no, "
            "minimum-living-guarantee and orphan patients only (Plan 8 (4)): every "
            "amount is %(zero)s."
        )
        % {"categories": named, "zero": yuan(ZERO)}
        if not relief
        else _(
            "Not in a poor group on the discharge date (categories: %(categories)s): "
            "medical assistance, the second round, the hospital allowance, the leukaemia "
            "lump sum and temporary assistance are %(zero)s (Plan 8 (4))."
        )
        % {"categories": named, "zero": yuan(ZERO)}
    ]
    if relief_line and relief:
        lines.append(relief_line)
        lines.append(_("Total: %(total)s.") % {"total": yuan(relief)})
    return ClaimResult(
        days=days,
        groups=(),
        eligible_out_of_pocket=eligible,
        medical_assistance=ZERO,
        second_assistance=ZERO,
        hospital_allowance=ZERO,
        lump_sum=ZERO,
        temporary=ZERO,
        total=relief,
        explanation=tuple(lines),
        rehabilitation_relief=relief,
    )


def compute(claim: ClaimInput, rates: Mapping[str, Rate], so_far: YearSoFar) -> ClaimResult:
    """Return every amount of ``claim`` under ``rates`` after what ``so_far`` already used.

    ``rates`` holds at least ``MEDICAL_CODES``. The rules are those of the module's
    docstring; each amount gets one explanation line naming the rule, where its standard
    comes from (``Rate.source``) and the numbers.
    """
    days = hospital_days(claim.admitted, claim.discharged)
    eligible = max(ZERO, claim.total_cost - claim.insurance_paid - claim.ineligible_cost)
    relief, relief_line = _child_rehabilitation(claim, eligible, rates)
    groups = poor_groups(claim.categories)
    if not groups:
        return _not_eligible(claim, days, eligible, relief, relief_line)
    lines = [
        _("Poor groups on the discharge date: %(groups)s.")
        % {"groups": ", ".join(_label(code) for code in groups)}
    ]
    if relief_line:
        lines.append(relief_line)

    # Medical assistance: ratio × what the child relief left, within the yearly cap.
    ratio, cap = rates[catalogue.MEDICAL_RATIO], rates[catalogue.MEDICAL_CAP]
    base = eligible - relief
    share = round_fen(ratio.amount * base)
    left, assistance = _within(share, cap.amount, so_far.assistance)
    figures = {
        "total": yuan(claim.total_cost),
        "insurance": yuan(claim.insurance_paid),
        "ineligible": yuan(claim.ineligible_cost),
        "eligible": yuan(eligible),
        "relief": yuan(relief),
        "base": yuan(base),
        "ratio": percent(ratio.amount),
        "share": yuan(share),
        "so_far": yuan(so_far.assistance),
        "cap": yuan(cap.amount),
        "left": yuan(left),
        "amount": yuan(assistance),
        "ratio_source": ratio.source,
        "cap_source": cap.source,
    }
    if relief:
        lines.append(
            _(
                "Medical assistance: (eligible out-of-pocket %(eligible)s − child "
                "rehabilitation relief %(relief)s) = %(base)s × %(ratio)s = %(share)s "
                "(received this year %(so_far)s, cap %(cap)s, left %(left)s → %(amount)s). "
                "Standards: ratio, %(ratio_source)s; cap, %(cap_source)s."
            )
            % figures
        )
    else:
        lines.append(
            _(
                "Medical assistance: (total cost %(total)s − insurance %(insurance)s − "
                "ineligible %(ineligible)s) = %(eligible)s × %(ratio)s = %(share)s (received "
                "this year %(so_far)s, cap %(cap)s, left %(left)s → %(amount)s). Standards: "
                "ratio, %(ratio_source)s; cap, %(cap_source)s."
            )
            % figures
        )

    # Second round: only when ticked, on what the first round left out of pocket.
    second = ZERO
    if claim.second_round:
        ratio, cap = rates[catalogue.SECOND_RATIO], rates[catalogue.SECOND_CAP]
        remaining = base - assistance
        share = round_fen(ratio.amount * remaining)
        left, second = _within(share, cap.amount, so_far.second)
        numbers = {
            "eligible": yuan(base),
            "assistance": yuan(assistance),
            "remaining": yuan(remaining),
            "ratio": percent(ratio.amount),
            "share": yuan(share),
            "so_far": yuan(so_far.second),
            "cap": yuan(cap.amount),
            "left": yuan(left),
            "amount": yuan(second),
            "ratio_source": ratio.source,
            "cap_source": cap.source,
        }
        lines.append(
            _(
                "Second round: (left after the child rehabilitation relief %(eligible)s − "
                "medical assistance %(assistance)s) = %(remaining)s × %(ratio)s = %(share)s "
                "(received this year %(so_far)s, cap %(cap)s, left %(left)s → %(amount)s). "
                "Standards: ratio, %(ratio_source)s; cap, %(cap_source)s."
            )
            % numbers
            if relief
            else _(
                "Second round: (eligible out-of-pocket %(eligible)s − medical assistance "
                "%(assistance)s) = %(remaining)s × %(ratio)s = %(share)s (received this year "
                "%(so_far)s, cap %(cap)s, left %(left)s → %(amount)s). Standards: ratio, "
                "%(ratio_source)s; cap, %(cap_source)s."
            )
            % numbers
        )
    else:
        lines.append(
            _(
                "Second round: not asked for (the patient is not marked as still in great "
                "difficulty) → %(zero)s."
            )
            % {"zero": yuan(ZERO)}
        )

    # Hospital living allowance: days × the higher daily rate of the person's groups.
    group, daily = _daily_rate(groups, rates)
    allowance = round_fen(daily.amount * days)
    lines.append(
        _(
            "Hospital living allowance: %(days)s days (%(admitted)s to %(discharged)s, at "
            "least 1) × %(rate)s a day (%(group)s) = %(amount)s. Standard: %(source)s."
        )
        % {
            "days": days,
            "admitted": f"{claim.admitted:%Y-%m-%d}",
            "discharged": f"{claim.discharged:%Y-%m-%d}",
            "rate": yuan(daily.amount),
            "group": _label(group),
            "amount": yuan(allowance),
            "source": daily.source,
        }
    )

    # Leukaemia lump sum: at most the standard per calendar year (the difference after a
    # smaller one this year).
    lump_sum = ZERO
    if claim.leukemia:
        standard = rates[catalogue.LEUKEMIA_SURGERY if claim.surgery else catalogue.LEUKEMIA_OTHER]
        lump_sum = max(ZERO, standard.amount - so_far.lump_sum)
        lines.append(
            _(
                "Leukaemia lump sum (%(treatment)s): %(standard)s a year, received this year "
                "%(so_far)s → %(amount)s. Standard: %(source)s."
            )
            % {
                "treatment": _("with surgery") if claim.surgery else _("without surgery"),
                "standard": yuan(standard.amount),
                "so_far": yuan(so_far.lump_sum),
                "amount": yuan(lump_sum),
                "source": standard.source,
            }
        )
    else:
        lines.append(_("Leukaemia lump sum: not leukaemia → %(zero)s.") % {"zero": yuan(ZERO)})

    # Temporary living assistance: what was asked, within the yearly cap.
    cap = rates[catalogue.TEMPORARY_CAP]
    left, temporary = _within(claim.temporary_request, cap.amount, so_far.temporary)
    lines.append(
        _(
            "Temporary living assistance: asked %(asked)s (received this year %(so_far)s, "
            "cap %(cap)s, left %(left)s → %(amount)s). Standard: %(source)s."
        )
        % {
            "asked": yuan(claim.temporary_request),
            "so_far": yuan(so_far.temporary),
            "cap": yuan(cap.amount),
            "left": yuan(left),
            "amount": yuan(temporary),
            "source": cap.source,
        }
    )

    parts = (
        (relief, assistance, second, allowance, lump_sum, temporary)
        if relief
        else (
            assistance,
            second,
            allowance,
            lump_sum,
            temporary,
        )
    )
    total = sum(parts, ZERO)
    lines.append(
        _("Total: %(parts)s = %(total)s.")
        % {"parts": " + ".join(yuan(part) for part in parts), "total": yuan(total)}
    )
    return ClaimResult(
        days=days,
        groups=groups,
        eligible_out_of_pocket=eligible,
        medical_assistance=assistance,
        second_assistance=second,
        hospital_allowance=allowance,
        lump_sum=lump_sum,
        temporary=temporary,
        total=total,
        explanation=tuple(lines),
        rehabilitation_relief=relief,
    )

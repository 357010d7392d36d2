"""The rules of medical assistance (篇八 (四)), one function per rule, in the order ``compute``
applies them; each returns its amount and the line that explains it.

Pure: no table is read or written. Every amount is ``Decimal`` yuan rounded half up to the
fen once (``money.round_fen``); a cap never makes an amount negative.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from guanai.benefits import catalogue
from guanai.benefits.medical.claim import ClaimInput, ClaimResult, YearSoFar
from guanai.benefits.policies import Rate
from guanai.core.money import ZERO, percent, round_fen, yuan
from guanai.registry.models import Category

# An amount and the line that explains it.
Ruled = tuple[Decimal, str]


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


# --- 1. Eligible out-of-pocket cost ---------------------------------------------------------


def eligible_out_of_pocket(claim: ClaimInput) -> Decimal:
    """Return total cost − paid by insurance − ineligible items, never below zero."""
    return max(ZERO, claim.total_cost - claim.insurance_paid - claim.ineligible_cost)


# --- 2. Rehabilitation of orphaned and disabled children (篇八 (一) 5) ---------------------


def child_rehabilitation_groups(claim: ClaimInput) -> tuple[str, ...]:
    """Return the orphan or disabled categories that make the patient a 孤残儿童, if a child."""
    if not claim.child:
        return ()
    return tuple(
        str(code) for code in catalogue.CHILD_REHABILITATION_GROUPS if code in claim.categories
    )


def child_rehabilitation(
    claim: ClaimInput, eligible: Decimal, rates: Mapping[str, Rate]
) -> tuple[Decimal, str | None]:
    """Return the relief of a child's rehabilitation and its line, if the stay asks for it.

    孤残儿童康复治疗，医疗费用全额救助 (明天计划, 重生行动): for an orphan or a disabled person
    under 18 on admission, its ratio (100 %) × eligible out-of-pocket, with no yearly cap
    and not counted toward the caps of the other items.
    """
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


# --- 3. Only the poor groups get the other items (篇八 (四)) ------------------------------


def not_eligible(
    claim: ClaimInput, days: int, eligible: Decimal, relief: Decimal, relief_line: str | None
) -> ClaimResult:
    """Return the result for a patient in no poor group: ¥0 but the child relief, and why."""
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


# --- 4. Medical assistance ------------------------------------------------------------------


def medical_assistance(
    claim: ClaimInput,
    eligible: Decimal,
    relief: Decimal,
    rates: Mapping[str, Rate],
    so_far: YearSoFar,
) -> Ruled:
    """Return ratio (70 %) × what the child relief left, within what is left of the cap.

    The share is rounded half up to the fen, then cut to the yearly cap (¥50,000) after
    this year's earlier claims. With the relief in full there is nothing left to pay.
    """
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
        line = _(
            "Medical assistance: (eligible out-of-pocket %(eligible)s − child "
            "rehabilitation relief %(relief)s) = %(base)s × %(ratio)s = %(share)s "
            "(received this year %(so_far)s, cap %(cap)s, left %(left)s → %(amount)s). "
            "Standards: ratio, %(ratio_source)s; cap, %(cap_source)s."
        )
    else:
        line = _(
            "Medical assistance: (total cost %(total)s − insurance %(insurance)s − "
            "ineligible %(ineligible)s) = %(eligible)s × %(ratio)s = %(share)s (received "
            "this year %(so_far)s, cap %(cap)s, left %(left)s → %(amount)s). Standards: "
            "ratio, %(ratio_source)s; cap, %(cap_source)s."
        )
    return assistance, line % figures


# --- 5. Second round (二次救助) ---------------------------------------------------------


def second_round(
    claim: ClaimInput,
    base: Decimal,
    assistance: Decimal,
    relief: Decimal,
    rates: Mapping[str, Rate],
    so_far: YearSoFar,
) -> Ruled:
    """Return the second round: only when the clerk ticks it (still in great difficulty).

    Second ratio × (what the child relief left − medical assistance), within the second
    round's own yearly cap.
    """
    if not claim.second_round:
        return ZERO, _(
            "Second round: not asked for (the patient is not marked as still in great "
            "difficulty) → %(zero)s."
        ) % {"zero": yuan(ZERO)}
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
    if relief:
        line = _(
            "Second round: (left after the child rehabilitation relief %(eligible)s − "
            "medical assistance %(assistance)s) = %(remaining)s × %(ratio)s = %(share)s "
            "(received this year %(so_far)s, cap %(cap)s, left %(left)s → %(amount)s). "
            "Standards: ratio, %(ratio_source)s; cap, %(cap_source)s."
        )
    else:
        line = _(
            "Second round: (eligible out-of-pocket %(eligible)s − medical assistance "
            "%(assistance)s) = %(remaining)s × %(ratio)s = %(share)s (received this year "
            "%(so_far)s, cap %(cap)s, left %(left)s → %(amount)s). Standards: ratio, "
            "%(ratio_source)s; cap, %(cap_source)s."
        )
    return second, line % numbers


# --- 6. Hospital living allowance ----------------------------------------------------------


def hospital_allowance(
    claim: ClaimInput, days: int, groups: tuple[str, ...], rates: Mapping[str, Rate]
) -> Ruled:
    """Return days × the higher daily rate of the person's groups.

    ¥17 a day for three-no and extremely poor persons, ¥7 for the others; a unit may raise
    either. Days = discharge − admission, at least 1.
    """
    group, daily = _daily_rate(groups, rates)
    allowance = round_fen(daily.amount * days)
    return allowance, _(
        "Hospital living allowance: %(days)s days (%(admitted)s to %(discharged)s, at "
        "least 1) × %(rate)s a day (%(group)s) = %(amount)s. Standard: %(source)s."
    ) % {
        "days": days,
        "admitted": f"{claim.admitted:%Y-%m-%d}",
        "discharged": f"{claim.discharged:%Y-%m-%d}",
        "rate": yuan(daily.amount),
        "group": _label(group),
        "amount": yuan(allowance),
        "source": daily.source,
    }


# --- 7. Leukaemia lump sum -----------------------------------------------------------------


def leukaemia_lump_sum(claim: ClaimInput, rates: Mapping[str, Rate], so_far: YearSoFar) -> Ruled:
    """Return ¥20,000 with surgery, ¥5,000 without, at most that much a calendar year.

    A surgery claim after a non-surgery one in the same year gets the difference; a
    second non-surgery claim gets nothing.
    """
    if not claim.leukemia:
        return ZERO, _("Leukaemia lump sum: not leukaemia → %(zero)s.") % {"zero": yuan(ZERO)}
    standard = rates[catalogue.LEUKEMIA_SURGERY if claim.surgery else catalogue.LEUKEMIA_OTHER]
    lump_sum = max(ZERO, standard.amount - so_far.lump_sum)
    return lump_sum, _(
        "Leukaemia lump sum (%(treatment)s): %(standard)s a year, received this year "
        "%(so_far)s → %(amount)s. Standard: %(source)s."
    ) % {
        "treatment": _("with surgery") if claim.surgery else _("without surgery"),
        "standard": yuan(standard.amount),
        "so_far": yuan(so_far.lump_sum),
        "amount": yuan(lump_sum),
        "source": standard.source,
    }


# --- 8. Temporary living assistance ----------------------------------------------------------


def temporary_assistance(claim: ClaimInput, rates: Mapping[str, Rate], so_far: YearSoFar) -> Ruled:
    """Return the amount asked, within what is left of the yearly cap (¥8,000)."""
    cap = rates[catalogue.TEMPORARY_CAP]
    left, temporary = _within(claim.temporary_request, cap.amount, so_far.temporary)
    return temporary, _(
        "Temporary living assistance: asked %(asked)s (received this year %(so_far)s, "
        "cap %(cap)s, left %(left)s → %(amount)s). Standard: %(source)s."
    ) % {
        "asked": yuan(claim.temporary_request),
        "so_far": yuan(so_far.temporary),
        "cap": yuan(cap.amount),
        "left": yuan(left),
        "amount": yuan(temporary),
        "source": cap.source,
    }


# --- 9. Total --------------------------------------------------------------------------------


def total(parts: tuple[Decimal, ...]) -> Ruled:
    """Return the sum of the amounts, written out."""
    amount = sum(parts, ZERO)
    return amount, _("Total: %(parts)s = %(total)s.") % {
        "parts": " + ".join(yuan(part) for part in parts),
        "total": yuan(amount),
    }


def compute(claim: ClaimInput, rates: Mapping[str, Rate], so_far: YearSoFar) -> ClaimResult:
    """Return every amount of ``claim`` under ``rates`` after what ``so_far`` already used.

    ``rates`` holds at least ``MEDICAL_CODES``. The rules apply in the plan's order (the
    package docstring); each amount gets one explanation line naming the rule, where its
    standard comes from (``Rate.source``) and the numbers.
    """
    days = hospital_days(claim.admitted, claim.discharged)
    eligible = eligible_out_of_pocket(claim)
    relief, relief_line = child_rehabilitation(claim, eligible, rates)
    groups = poor_groups(claim.categories)
    if not groups:
        return not_eligible(claim, days, eligible, relief, relief_line)
    lines = [
        _("Poor groups on the discharge date: %(groups)s.")
        % {"groups": ", ".join(_label(code) for code in groups)}
    ]
    if relief_line:
        lines.append(relief_line)
    assistance, line = medical_assistance(claim, eligible, relief, rates, so_far)
    lines.append(line)
    second, line = second_round(claim, eligible - relief, assistance, relief, rates, so_far)
    lines.append(line)
    allowance, line = hospital_allowance(claim, days, groups, rates)
    lines.append(line)
    lump_sum, line = leukaemia_lump_sum(claim, rates, so_far)
    lines.append(line)
    temporary, line = temporary_assistance(claim, rates, so_far)
    lines.append(line)
    # The child relief is a part of the total only when there is one, so that the usual
    # claim's total line names the five amounts it adds.
    parts = (assistance, second, allowance, lump_sum, temporary)
    summed, line = total((relief, *parts) if relief else parts)
    lines.append(line)
    return ClaimResult(
        days=days,
        groups=groups,
        eligible_out_of_pocket=eligible,
        medical_assistance=assistance,
        second_assistance=second,
        hospital_allowance=allowance,
        lump_sum=lump_sum,
        temporary=temporary,
        total=summed,
        explanation=tuple(lines),
        rehabilitation_relief=relief,
    )

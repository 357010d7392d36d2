"""A medical-assistance claim as the engine reads it: the stay, the patient's groups and
what was received this year, checked (``claim_input_clean``), and the result's shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.benefits import catalogue
from guanai.core.dates import parse_date
from guanai.core.errors import ValidationFailed
from guanai.core.money import ZERO, parse_money, yuan
from guanai.core.text import quoted
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
                % {"value": quoted(word), "accepted": _accepted_categories()},
                field="categories",
            )
        cleaned = word.strip()
        if not cleaned:
            continue
        code = CATEGORY_WORDS.get(cleaned) or CATEGORY_WORDS.get(cleaned.lower())
        if code is None:
            raise ValidationFailed(
                _("“%(value)s” is not a category. Accepted: %(accepted)s.")
                % {"value": quoted(cleaned), "accepted": _accepted_categories()},
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
            _("“%(value)s” is not a date; write it as 2026-03-01.") % {"value": quoted(value)},
            field=field,
        )
    try:
        day = parse_date(value)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field=field) from None
    if day < catalogue.DEFAULT_FROM:
        raise ValidationFailed(
            _("%(day)s is before %(first)s; check the year.")
            % {"day": date_format(day), "first": date_format(catalogue.DEFAULT_FROM)},
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
        _("“%(value)s” is not yes or no; write true or false.") % {"value": quoted(value)},
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
            % {"discharged": date_format(discharged), "admitted": date_format(admitted)},
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

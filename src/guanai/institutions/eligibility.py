"""Who an institution may take in (托养条件): a pure, explained check.

For a care institution (category ``care``) the service standard's 总则 (二) serves persons
of working age — ``min_age`` (16) to ``max_age`` (59) years, read from the institution's
standard (``Standard.eligibility``; an empty dict keeps these defaults) — with an
intellectual (code 5) or mental (6) disability of any grade, or a severe physical (4) or
multiple (7) disability, grade 1 or 2. An elder home or welfare home (plan 八) takes in the
extremely poor (特困, five-guarantee) and three-no (三无) persons, at any age.

``check`` returns ``Eligibility``: eligible or not, with the reasons in the reader's words —
every ground that failed when refused ("Aged 62, outside the working age of 16–59."), the
grounds that were met when eligible. It reads no table: the services hand it the person's
age, the type and grade of each disability certificate in force, and the categories in force.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from guanai.institutions.models.register import InstitutionCategory
from guanai.registry.details import DISABILITY_GRADES, DISABILITY_TYPES
from guanai.registry.models import Category

MIN_AGE = 16
MAX_AGE = 59

PHYSICAL, INTELLECTUAL, MENTAL, MULTIPLE = 4, 5, 6, 7
# Any grade of these; grade 1 or 2 (severe) of those.
ANY_GRADE = frozenset({INTELLECTUAL, MENTAL})
SEVERE_ONLY = frozenset({PHYSICAL, MULTIPLE})
SEVERE_GRADES = frozenset({1, 2})

DISABLED = Category.DISABLED
SUPPORTED = (Category.TEKUN, Category.SANWU)


@dataclass(frozen=True)
class Disability:
    """The type and grade codes of a disability certificate (None: not recorded)."""

    type: int | None
    grade: int | None


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    # Refused: each ground that failed; eligible: the grounds that admit the person.
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The reasons in one line, as a refusal is stored and shown."""
        return "；".join(self.reasons)


def age_limits(params: Mapping[str, Any]) -> tuple[int, int]:
    """Return the working age of a standard's eligibility parameters (defaults 16–59)."""
    low, high = params.get("min_age", MIN_AGE), params.get("max_age", MAX_AGE)
    if not isinstance(low, int) or not isinstance(high, int) or low > high:
        return MIN_AGE, MAX_AGE
    return low, high


def _label(choices: Sequence[tuple[int, Any]], code: int | None) -> str:
    for value, label in choices:
        if value == code:
            return str(label)
    return str(code)


def _disability(d: Disability) -> tuple[bool, str]:
    """Return whether one disability admits a person to a care institution, and why."""
    if d.type is None:
        return False, _("The type of the disability is not recorded.")
    kind = _label(DISABILITY_TYPES, d.type)
    if d.type in ANY_GRADE:
        if d.grade is None:
            return True, kind
        return True, _("%(disability)s, %(grade)s") % {
            "disability": kind,
            "grade": _label(DISABILITY_GRADES, d.grade),
        }
    if d.type in SEVERE_ONLY:
        if d.grade is None:
            return False, _(
                "%(disability)s without a recorded grade; a severe one (grade 1 or 2) is served."
            ) % {"disability": kind}
        grade = _label(DISABILITY_GRADES, d.grade)
        if d.grade in SEVERE_GRADES:
            return True, _("%(disability)s, %(grade)s") % {"disability": kind, "grade": grade}
        return False, _("%(disability)s, %(grade)s: not severe (grade 1 or 2).") % {
            "disability": kind,
            "grade": grade,
        }
    return False, _(
        "%(disability)s: a care institution serves intellectual, mental, severe physical or "
        "severe multiple disabilities."
    ) % {"disability": kind}


def _care(
    age: int | None,
    disabilities: Sequence[Disability],
    categories: Collection[str],
    low: int,
    high: int,
) -> Eligibility:
    failed: list[str] = []
    grounds: list[str] = []
    if age is None:
        failed.append(_("The birth date is not recorded, so the age is not known."))
    elif low <= age <= high:
        grounds.append(
            _("Aged %(age)s, within the working age of %(min)s–%(max)s.")
            % {"age": age, "min": low, "max": high}
        )
    else:
        failed.append(
            _("Aged %(age)s, outside the working age of %(min)s–%(max)s.")
            % {"age": age, "min": low, "max": high}
        )
    if DISABLED not in categories or not disabilities:
        failed.append(_("No disabled-person category is registered."))
    else:
        decided = [_disability(d) for d in disabilities]
        admitting = [why for ok, why in decided if ok]
        if admitting:
            grounds.extend(admitting)
        else:
            failed.extend(why for _ok, why in decided)
    if failed:
        return Eligibility(False, tuple(failed))
    return Eligibility(True, tuple(grounds))


def _supported(categories: Collection[str]) -> Eligibility:
    held = [c for c in SUPPORTED if c in categories]
    if not held:
        return Eligibility(
            False,
            (_("Neither an extremely poor (five-guarantee) nor a three-no person is registered."),),
        )
    return Eligibility(True, tuple(str(Category(c).label) for c in held))


def check(
    *,
    category: str,
    age: int | None,
    disabilities: Sequence[Disability],
    categories: Collection[str],
    params: Mapping[str, Any],
) -> Eligibility:
    """Return whether a person may be taken in by an institution of ``category``, and why.

    ``age`` is the age in whole years on the day of the application (None: no birth date),
    ``disabilities`` the certificates of the disabled-person categories in force,
    ``categories`` the codes of every category in force, ``params`` the standard's
    ``eligibility`` (``min_age``, ``max_age``).
    """
    if category == InstitutionCategory.CARE:
        low, high = age_limits(params)
        return _care(age, disabilities, categories, low, high)
    return _supported(categories)

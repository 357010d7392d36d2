"""The service standard's checklist engine (plan 五, 残疾人托养服务规范): pure and explained.

``evaluate`` takes the items of a standard (``ItemSpec``: its numbering, text, rule and the
rule's parameters) and what is known of one institution (``Facts``: its profile, its staff
with their certificates and trainings, the manual checks, the day of the check) and returns
one ``Verdict`` per item: met, not met or not applicable, with a reason that names the data
that decided it ("租赁期限3年，不足5年"). It reads and writes no table; ``checklist`` builds the
facts from the database and ``guanai institution-check`` prints them.

An item with a rule is decided by it. A few rules only decide when an item applies (机构-9
for government residential institutions, 机构-10 for Sunshine Home ones): where it applies
the rule gives no verdict and the item is checked by hand, as are the items without a rule.
A manual item without evidence is not met ("not checked yet"), so that it is listed with
the gaps until someone looks.

The rules, by the standard's numbering (五 (一) 机构要求, 五 (二) 1 管理人员, 2 专业人员):

* 机构-2 ``lease``: own premises, or leased for at least ``min_years`` (5) years.
* 机构-6 ``facilities``: the rooms of the plan present; living rooms are asked of residential
  institutions only, and no room of a home-based care provider (it serves in the homes).
* 机构-7 ``barrier_free``: basic barrier-free facilities (not asked of home-based care).
* 机构-8 ``fire_safety``: a fire-safety certificate.
* 机构-9 ``government_residential``, 机构-10 ``sunshine_home``: when they apply (above).
* 管理-1 ``managers_trained``: managers on the roster, each with relevant study or a social
  work, welfare or rehabilitation training.
* 管理-3 ``financial_certified``: financial staff on the roster, each with a valid certificate.
* 管理-4 ``managers_age``: the managers' average age at most ``max_average_age`` (55).
* 管理-5 ``managers_trained_yearly``: each manager attended management training in the last
  ``months`` (12) months.
* 专业-1 ``medical_staff``: a doctor or nurse where there is a medical department.
* 专业-2 ``rehabilitation_staff``: a rehabilitation therapist.
* 专业-3 ``mental_health_staff``: a mental-health doctor or psychotherapist where a resident
  has a mental disability (``Facts.mental_residents``: None until residents are kept).
* 专业-4 ``employment_and_counsellor``: at least ``min_employment`` (1) employment-service
  instructor and ``min_counsellors`` (1) counsellor (a psychotherapist counts as one).
* 专业-5 ``full_time_professionals``: in a residential institution, professionals on the
  roster and every one of them full-time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from django.utils.translation import gettext as _

from guanai.institutions.models.register import Facility, InstitutionType, Operator, Premises
from guanai.institutions.models.roster import PROFESSIONAL_ROLES, StaffRole, TrainingKind
from guanai.institutions.models.standard import ItemStatus

MET, NOT_MET, NOT_APPLICABLE = ItemStatus.MET, ItemStatus.NOT_MET, ItemStatus.NOT_APPLICABLE


@dataclass(frozen=True)
class ItemSpec:
    ref: str
    text: str
    rule: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StaffFacts:
    name: str
    role: str
    full_time: bool
    birth_date: date
    relevant_study: str = ""
    # (day, kind) of each training attended.
    trainings: tuple[tuple[date, str], ...] = ()
    # The expiry of each certificate (None: it does not expire).
    certificates: tuple[date | None, ...] = ()


@dataclass(frozen=True)
class ManualCheck:
    status: str
    note: str
    checked_on: date


@dataclass(frozen=True)
class Facts:
    today: date
    type: str
    operator: str
    premises: str
    lease_years: int | None = None
    facilities: frozenset[str] = frozenset()
    barrier_free: bool = False
    fire_certificate: bool = False
    medical_department: bool = False
    sunshine_home: bool = False
    staff: tuple[StaffFacts, ...] = ()
    # How many residents have a mental disability; None while residents are not kept (the
    # hook for the residents of a later step).
    mental_residents: int | None = None
    manual: Mapping[str, ManualCheck] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    ref: str
    text: str
    status: str
    reason: str
    automatic: bool
    checked_on: date | None = None


Decided = tuple[str, str]
Rule = Callable[[Facts, Mapping[str, Any]], Decided | None]


def _names(staff: Sequence[StaffFacts]) -> str:
    return "、".join(s.name for s in staff)


def _of_role(facts: Facts, *roles: str) -> list[StaffFacts]:
    return [s for s in facts.staff if s.role in roles]


def age_on(birth: date, day: date) -> int:
    """Return the age in whole years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def year_before(day: date, months: int = 12) -> date:
    """Return the day ``months`` months before ``day`` (29 February → 28 February)."""
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- 五 (一) 机构要求 ------------------------------------------------------------------


def lease(facts: Facts, params: Mapping[str, Any]) -> Decided:
    minimum = int(params.get("min_years", 5))
    if facts.premises == Premises.OWN:
        return MET, _("Own premises.")
    if facts.lease_years is None:
        return NOT_MET, _("Leased premises, but the lease's length is not entered.")
    if facts.lease_years >= minimum:
        return MET, _("Leased for %(years)s years, at least %(minimum)s.") % {
            "years": facts.lease_years,
            "minimum": minimum,
        }
    return NOT_MET, _("Leased for %(years)s years, less than %(minimum)s.") % {
        "years": facts.lease_years,
        "minimum": minimum,
    }


def facilities_required(type_: str) -> list[str]:
    """Return the rooms 机构-6 asks of an institution of ``type_``, in the plan's order."""
    if type_ == InstitutionType.HOME_CARE:
        return []
    rooms = list(Facility.values)
    if type_ != InstitutionType.RESIDENTIAL:
        rooms.remove(Facility.LIVING_ROOMS)
    return rooms


def facilities(facts: Facts, params: Mapping[str, Any]) -> Decided:
    if facts.type == InstitutionType.HOME_CARE:
        return NOT_APPLICABLE, _("A home-based care provider serves in the homes.")
    missing = [c for c in facilities_required(facts.type) if c not in facts.facilities]
    if missing:
        labels = "、".join(str(Facility(c).label) for c in missing)
        return NOT_MET, _("Missing: %(rooms)s.") % {"rooms": labels}
    return MET, _("All %(count)s rooms are present.") % {
        "count": len(facilities_required(facts.type))
    }


def barrier_free(facts: Facts, params: Mapping[str, Any]) -> Decided:
    if facts.type == InstitutionType.HOME_CARE:
        return NOT_APPLICABLE, _("A home-based care provider serves in the homes.")
    if facts.barrier_free:
        return MET, _("Barrier-free facilities are entered as present.")
    return NOT_MET, _("No barrier-free facilities are entered.")


def fire_safety(facts: Facts, params: Mapping[str, Any]) -> Decided:
    if facts.fire_certificate:
        return MET, _("The fire-safety certificate is entered.")
    return NOT_MET, _("No fire-safety certificate is entered.")


def government_residential(facts: Facts, params: Mapping[str, Any]) -> Decided | None:
    if facts.operator == Operator.GOVERNMENT and facts.type == InstitutionType.RESIDENTIAL:
        return None
    return NOT_APPLICABLE, _("Not a residential institution run by the government.")


def sunshine_home(facts: Facts, params: Mapping[str, Any]) -> Decided | None:
    if facts.sunshine_home:
        return None
    return NOT_APPLICABLE, _("Not funded by the Sunshine Home programme.")


# --- 五 (二) 1 管理人员 -----------------------------------------------------------------


def _no_managers() -> Decided:
    return NOT_MET, _("No manager is on the staff roster.")


def managers_trained(facts: Facts, params: Mapping[str, Any]) -> Decided:
    managers = _of_role(facts, StaffRole.MANAGER)
    if not managers:
        return _no_managers()
    lacking = [
        m
        for m in managers
        if not m.relevant_study.strip()
        and not any(kind == TrainingKind.PROFESSIONAL for _on, kind in m.trainings)
    ]
    if lacking:
        return NOT_MET, _(
            "No social work, welfare or rehabilitation study or training entered for: %(names)s."
        ) % {"names": _names(lacking)}
    return MET, _("All %(count)s managers have relevant study or training.") % {
        "count": len(managers)
    }


def financial_certified(facts: Facts, params: Mapping[str, Any]) -> Decided:
    financial = _of_role(facts, StaffRole.FINANCIAL)
    if not financial:
        return NOT_MET, _("No financial staff is on the staff roster.")
    lacking = [
        s
        for s in financial
        if not any(expiry is None or expiry >= facts.today for expiry in s.certificates)
    ]
    if lacking:
        return NOT_MET, _("No valid certificate for: %(names)s.") % {"names": _names(lacking)}
    return MET, _("All %(count)s financial staff hold a valid certificate.") % {
        "count": len(financial)
    }


def _average_shown(total: int, count: int, rounding: str) -> str:
    """Return total / count with one decimal, rounded toward the side the verdict is on."""
    average = (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=rounding)
    return f"{average.normalize():f}"


def managers_age(facts: Facts, params: Mapping[str, Any]) -> Decided:
    maximum = int(params.get("max_average_age", 55))
    managers = _of_role(facts, StaffRole.MANAGER)
    if not managers:
        return _no_managers()
    total = sum(age_on(m.birth_date, facts.today) for m in managers)
    # Compared exactly (total ≤ maximum × count); the average shown is rounded away from
    # the limit, so that 55.03 is never shown as 55.0 beside "over 55".
    if total <= maximum * len(managers):
        shown = _average_shown(total, len(managers), ROUND_FLOOR)
        return MET, _("The %(count)s managers are %(average)s on average, %(maximum)s at most.") % {
            "count": len(managers),
            "average": shown,
            "maximum": maximum,
        }
    shown = _average_shown(total, len(managers), ROUND_CEILING)
    return NOT_MET, _("The %(count)s managers are %(average)s on average, over %(maximum)s.") % {
        "count": len(managers),
        "average": shown,
        "maximum": maximum,
    }


def managers_trained_yearly(facts: Facts, params: Mapping[str, Any]) -> Decided:
    months = int(params.get("months", 12))
    managers = _of_role(facts, StaffRole.MANAGER)
    if not managers:
        return _no_managers()
    since = year_before(facts.today, months)
    lacking = [
        m
        for m in managers
        if not any(
            kind == TrainingKind.MANAGEMENT and since <= on <= facts.today
            for on, kind in m.trainings
        )
    ]
    if lacking:
        return NOT_MET, _("No management training since %(since)s for: %(names)s.") % {
            "since": f"{since:%Y-%m-%d}",
            "names": _names(lacking),
        }
    return MET, _("All %(count)s managers attended management training since %(since)s.") % {
        "count": len(managers),
        "since": f"{since:%Y-%m-%d}",
    }


# --- 五 (二) 2 专业人员 -----------------------------------------------------------------


def _present(facts: Facts, roles: Sequence[str], what: str) -> Decided:
    found = _of_role(facts, *roles)
    if found:
        return MET, _("%(what)s: %(names)s.") % {"what": what, "names": _names(found)}
    return NOT_MET, _("No %(what)s is on the staff roster.") % {"what": what}


def medical_staff(facts: Facts, params: Mapping[str, Any]) -> Decided:
    if not facts.medical_department:
        return NOT_APPLICABLE, _("The institution has no medical department.")
    return _present(facts, (StaffRole.DOCTOR, StaffRole.NURSE), _("doctor or nurse"))


def rehabilitation_staff(facts: Facts, params: Mapping[str, Any]) -> Decided:
    return _present(facts, (StaffRole.REHABILITATION,), _("rehabilitation therapist"))


def mental_health_staff(facts: Facts, params: Mapping[str, Any]) -> Decided:
    if facts.mental_residents is None:
        return NOT_APPLICABLE, _(
            "Residents are not kept yet, so no resident with a mental disability is known."
        )
    if facts.mental_residents == 0:
        return NOT_APPLICABLE, _("No resident has a mental disability.")
    found = _of_role(facts, StaffRole.MENTAL_HEALTH)
    if found:
        return MET, _("%(residents)s residents with a mental disability; %(names)s.") % {
            "residents": facts.mental_residents,
            "names": _names(found),
        }
    return NOT_MET, _(
        "%(residents)s residents with a mental disability, but no mental-health doctor or "
        "psychotherapist is on the staff roster."
    ) % {"residents": facts.mental_residents}


def employment_and_counsellor(facts: Facts, params: Mapping[str, Any]) -> Decided:
    want_employment = int(params.get("min_employment", 1))
    want_counsellors = int(params.get("min_counsellors", 1))
    employment = _of_role(facts, StaffRole.EMPLOYMENT)
    counsellors = _of_role(facts, StaffRole.COUNSELLOR, StaffRole.MENTAL_HEALTH)
    found = {"employment": len(employment), "counsellors": len(counsellors)}
    wanted = {"want_employment": want_employment, "want_counsellors": want_counsellors}
    if len(employment) >= want_employment and len(counsellors) >= want_counsellors:
        return MET, _(
            "Employment-service instructors: %(employment)s; counsellors: %(counsellors)s."
        ) % found
    return NOT_MET, _(
        "Employment-service instructors: %(employment)s, %(want_employment)s needed; "
        "counsellors: %(counsellors)s, %(want_counsellors)s needed."
    ) % (found | wanted)


def full_time_professionals(facts: Facts, params: Mapping[str, Any]) -> Decided:
    if facts.type != InstitutionType.RESIDENTIAL:
        return NOT_APPLICABLE, _(
            "Not a residential institution: it may share professionals as it needs."
        )
    professionals = _of_role(facts, *PROFESSIONAL_ROLES)
    if not professionals:
        return NOT_MET, _("No professional is on the staff roster.")
    part_time = [s for s in professionals if not s.full_time]
    if part_time:
        return NOT_MET, _("Part-time professionals: %(names)s.") % {"names": _names(part_time)}
    return MET, _("All %(count)s professionals work full-time.") % {"count": len(professionals)}


RULES: dict[str, Rule] = {
    "lease": lease,
    "facilities": facilities,
    "barrier_free": barrier_free,
    "fire_safety": fire_safety,
    "government_residential": government_residential,
    "sunshine_home": sunshine_home,
    "managers_trained": managers_trained,
    "financial_certified": financial_certified,
    "managers_age": managers_age,
    "managers_trained_yearly": managers_trained_yearly,
    "medical_staff": medical_staff,
    "rehabilitation_staff": rehabilitation_staff,
    "mental_health_staff": mental_health_staff,
    "employment_and_counsellor": employment_and_counsellor,
    "full_time_professionals": full_time_professionals,
}
# Rules that only say when their item applies; where it does, the item is checked by hand.
GATES = frozenset({"government_residential", "sunshine_home"})


def _manual(item: ItemSpec, facts: Facts) -> Verdict:
    check = facts.manual.get(item.ref)
    if check is None:
        return Verdict(item.ref, item.text, NOT_MET, _("Not checked yet."), automatic=False)
    reason = check.note or _("Checked on %(day)s.") % {"day": f"{check.checked_on:%Y-%m-%d}"}
    return Verdict(item.ref, item.text, check.status, reason, False, check.checked_on)


def verdict(item: ItemSpec, facts: Facts) -> Verdict:
    """Return the verdict on one item: by its rule, or by the manual check."""
    rule = RULES.get(item.rule) if item.rule else None
    if rule is None:
        return _manual(item, facts)
    decided = rule(facts, item.params)
    if decided is None:
        return _manual(item, facts)
    status, reason = decided
    return Verdict(item.ref, item.text, status, reason, automatic=True)


def evaluate(items: Sequence[ItemSpec], facts: Facts) -> list[Verdict]:
    """Return the verdicts on ``items``, in the standard's order."""
    return [verdict(item, facts) for item in items]


def is_manual(item: ItemSpec, facts: Facts) -> bool:
    """Whether the item is checked by hand for this institution (evidence may be set)."""
    rule = RULES.get(item.rule) if item.rule else None
    return rule is None or (item.rule in GATES and rule(facts, item.params) is None)


def unmet_first(verdicts: Sequence[Verdict]) -> list[Verdict]:
    """Return the verdicts with the unmet ones first, each group in the standard's order."""
    order = {NOT_MET: 0, MET: 1, NOT_APPLICABLE: 2}
    return sorted(verdicts, key=lambda v: order.get(ItemStatus(v.status), 3))

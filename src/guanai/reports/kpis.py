"""The KPI catalogue: each indicator a ratio of two facts, with a target per unit.

The plans set the defaults: 建档率、入学率、巩固率均达100% (篇九), 爱心帮扶全覆盖 (篇八), 五保集中
供养率达到40% (篇八), every special-group pupil talked with at least every four weeks
(篇一), every poor disabled household visited at least once a year (篇八). A unit's
leader may set another target for its subtree; the nearest ancestor's applies.

The numerators and denominators are facts (``facts.py``), so a KPI of any unit at any
level is one read of the fact table. KPIs whose data lives in apps not built yet —
activity participation, nursing-home beds and occupancy — are left out, not faked, and
so is "files reviewed this quarter": the registry has no review of files yet.

Talk and visit coverage are measured against the plans' default frequency rules, not
against every unit's own rules: pupils talked with in the month, disabled persons
visited in the year so far.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.care.models import AssistancePlan, CareKind, CareRecordPerson, PlanStatus
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person, PersonCategory, SchoolingStatus
from guanai.reports.figures import AMOUNTS, VISIT_KINDS, Month, Part, _active_persons_q
from guanai.reports.models import KpiTarget, SurveyCount

# Compulsory education (义务教育): ages 6 to 15.
SCHOOL_AGE = (6, 15)
ADULT_AGE = 18


@dataclass(frozen=True)
class Kpi:
    code: str
    label: str | Promise
    numerator: str  # a fact indicator
    denominator: str  # a fact indicator, or "" for a plain amount
    target: Decimal | None
    source: str | Promise

    @property
    def is_ratio(self) -> bool:
        return bool(self.denominator)

    @property
    def is_amount(self) -> bool:
        """Return whether the KPI is a sum of money (shown as ¥1,234.56)."""
        return self.numerator in AMOUNTS


KPIS: tuple[Kpi, ...] = (
    Kpi(
        "registration_rate",
        gettext_lazy("Registration rate"),
        "persons_total",
        "surveyed",
        Decimal(100),
        # It counts every special group on file, not left-behind children alone (plan 9's own
        # words): the survey count it divides by is of every group too.
        gettext_lazy(
            "Persons on file, every special group, ÷ the year's survey count "
            "(plan 9: files for 100%)"
        ),
    ),
    Kpi(
        "enrolment_rate",
        gettext_lazy("Enrolment of school-age children"),
        "school_age_enrolled",
        "school_age",
        Decimal(100),
        gettext_lazy("Plan 9: enrolment 100%"),
    ),
    Kpi(
        "retention_rate",
        gettext_lazy("Retention of school-age children"),
        "school_age_retained",
        "school_age",
        Decimal(100),
        gettext_lazy("Plan 9: retention 100%"),
    ),
    Kpi(
        "pairing_coverage",
        gettext_lazy("Pairing coverage"),
        "persons_paired",
        "persons_total",
        Decimal(100),
        gettext_lazy("Plan 8: pairing for everyone"),
    ),
    Kpi(
        "talk_coverage",
        gettext_lazy("Pupils talked with this month"),
        "pupils_talked",
        "pupils",
        Decimal(100),
        gettext_lazy("Plan 1: a talk with every special-group pupil every four weeks"),
    ),
    Kpi(
        "visit_coverage",
        gettext_lazy("Disabled persons visited this year"),
        "disabled_visited",
        "persons.disabled",
        Decimal(100),
        gettext_lazy("Plan 8: visit each poor disabled household at least once a year"),
    ),
    Kpi(
        "plan_coverage",
        gettext_lazy("Persons with an assistance plan"),
        "persons_with_plan",
        "persons_total",
        None,
        # 篇一 (and 篇七, in the same words): "制定学习帮扶计划，明确帮扶时间、内容和阶段性效果".
        gettext_lazy("Plan 1: an assistance plan for each pupil, with its time and content"),
    ),
    Kpi(
        "birthday_rate",
        gettext_lazy("Birthdays celebrated"),
        "birthdays_celebrated",
        "birthdays_due",
        Decimal(100),
        gettext_lazy("Plan 1: a birthday for every left-behind child"),
    ),
    Kpi(
        "tekun_centralised_rate",
        gettext_lazy("Five-guarantee persons in centralised support"),
        "tekun_centralised",
        "persons.tekun",
        Decimal(40),
        gettext_lazy("Plan 8: centralised support rate 40%"),
    ),
    Kpi(
        "benefits_paid",
        gettext_lazy("Benefits paid (¥)"),
        "benefits_paid",
        "",
        None,
        gettext_lazy("Approved payment rolls of the month"),
    ),
    Kpi(
        "persons_paid",
        gettext_lazy("Persons paid"),
        "persons_paid",
        "",
        None,
        gettext_lazy("Approved payment rolls of the month"),
    ),
    Kpi(
        "medical_assistance_paid",
        gettext_lazy("Medical assistance (¥)"),
        "medical_assistance_paid",
        "",
        None,
        gettext_lazy("Claims of patients discharged in the month"),
    ),
)
BY_CODE = {kpi.code: kpi for kpi in KPIS}
# Every fact a KPI reads.
INDICATORS = tuple(
    sorted({k.numerator for k in KPIS} | {k.denominator for k in KPIS if k.denominator})
)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _schooling(month: Month) -> Part:
    young, old = SCHOOL_AGE
    # Aged 6 to 15 on the counting day: born after (day − 16 years), on or before (day − 6).
    school_age = Q(
        birth_date__gt=_years_before(month.as_of, old + 1),
        birth_date__lte=_years_before(month.as_of, young),
    )
    return Part(
        Person.objects.filter(_active_persons_q(month.as_of), school_age),
        "org_unit",
        {
            "school_age": Count("pk"),
            "school_age_enrolled": Count(
                "pk", filter=Q(schooling_status=SchoolingStatus.IN_SCHOOL)
            ),
            "school_age_retained": Count(
                "pk", filter=~Q(schooling_status=SchoolingStatus.DROPPED_OUT)
            ),
        },
    )


def _contacts(month: Month) -> Part:
    talked = CareRecordPerson.objects.filter(
        person=OuterRef("pk"),
        kind=CareKind.TALK,
        occurred_on__gte=month.first,
        occurred_on__lte=month.as_of,
    )
    visited = CareRecordPerson.objects.filter(
        person=OuterRef("pk"),
        kind__in=VISIT_KINDS,
        occurred_on__gte=month.first.replace(month=1),
        occurred_on__lte=month.as_of,
    )
    disabled = PersonCategory.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=month.as_of),
        person=OuterRef("pk"),
        category=Category.DISABLED,
        started_on__lte=month.as_of,
    )
    birthday = CareRecordPerson.objects.filter(
        person=OuterRef("pk"),
        kind=CareKind.BIRTHDAY,
        occurred_on__gte=month.first,
        occurred_on__lte=month.as_of,
    )
    running = AssistancePlan.objects.filter(
        person=OuterRef("pk"),
        status=PlanStatus.ACTIVE,
        starts_on__lte=month.as_of,
        ends_on__gte=month.as_of,
    )
    child = Q(birth_date__gt=_years_before(month.as_of, ADULT_AGE))
    born_this_month = Q(birth_month=month.first.month) & child
    return Part(
        Person.objects.filter(_active_persons_q(month.as_of)).annotate(
            talked=Exists(talked),
            visited=Exists(visited),
            disabled=Exists(disabled),
            celebrated=Exists(birthday),
            planned=Exists(running),
            birth_month=ExtractMonth("birth_date"),
        ),
        "org_unit",
        {
            "pupils": Count("pk", filter=Q(school__isnull=False)),
            "pupils_talked": Count("pk", filter=Q(school__isnull=False, talked=True)),
            "disabled_visited": Count("pk", filter=Q(disabled=True, visited=True)),
            "birthdays_due": Count("pk", filter=born_this_month),
            "birthdays_celebrated": Count("pk", filter=born_this_month & Q(celebrated=True)),
            "persons_with_plan": Count("pk", filter=Q(planned=True)),
        },
    )


def _tekun(month: Month) -> Part:
    return Part(
        PersonCategory.objects.filter(
            _active_persons_q(month.as_of, "person__"),
            Q(ended_on__isnull=True) | Q(ended_on__gte=month.as_of),
            category=Category.TEKUN,
            started_on__lte=month.as_of,
            details__support="centralised",
        ),
        "person__org_unit",
        {"tekun_centralised": Count("person", distinct=True)},
    )


KPI_PARTS = (_schooling, _contacts, _tekun)


def survey_counts(month: Month) -> list[tuple[int, int]]:
    """Return (unit id, count) of the survey counts entered for the month's year."""
    return list(
        SurveyCount.objects.filter(year=month.first.year).values_list("org_unit_id", "count")
    )


# --- Values and targets -------------------------------------------------------------------


@dataclass(frozen=True)
class KpiValue:
    kpi: Kpi
    numerator: Decimal
    denominator: Decimal | None
    target: Decimal | None

    @property
    def value(self) -> Decimal | None:
        """Return the percentage (one decimal), the amount, or None without a denominator."""
        if not self.kpi.is_ratio:
            return self.numerator
        if not self.denominator:
            return None
        share = 100 * self.numerator / self.denominator
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None or not self.kpi.is_ratio:
            return None
        return self.value >= self.target


def targets_for(units: Iterable[OrgUnit]) -> dict[int, dict[str, Decimal | None]]:
    """Return unit id → KPI code → the target in force there (one query)."""
    units = list(units)
    paths = {p for unit in units for p in unit.ancestor_paths()}
    set_targets: dict[str, dict[str, Decimal]] = {}
    for path, kpi, target in KpiTarget.objects.filter(org_unit__path__in=paths).values_list(
        "org_unit__path", "kpi", "target"
    ):
        set_targets.setdefault(path, {})[kpi] = target
    result: dict[int, dict[str, Decimal | None]] = {}
    for unit in units:
        targets: dict[str, Decimal | None] = {k.code: k.target for k in KPIS}
        for path in unit.ancestor_paths():  # root first: the nearest is applied last
            targets.update(set_targets.get(path, {}))
        result[unit.pk] = targets
    return result


def kpi_values(
    facts: Mapping[str, Decimal], targets: Mapping[str, Decimal | None]
) -> list[KpiValue]:
    """Return every KPI of one unit from its facts."""
    return [
        KpiValue(
            kpi=kpi,
            numerator=Decimal(facts.get(kpi.numerator, 0)),
            denominator=Decimal(facts.get(kpi.denominator, 0)) if kpi.is_ratio else None,
            target=targets.get(kpi.code),
        )
        for kpi in KPIS
    ]


# --- Setting targets and survey counts -----------------------------------------------------

_PERCENT = re.compile(r"[0-9]{1,3}(\.[0-9])?")
_COUNT = re.compile(r"[0-9]{1,8}")
SURVEY_FIRST_YEAR = 2000


def can_set_targets(user: User, unit: OrgUnit) -> bool:
    """Leaders of the unit (or above it) set its targets."""
    return scoping.holds_role_over(user, unit, [Role.LEADER])


def can_enter_survey(user: User, unit: OrgUnit) -> bool:
    """Leaders and workers of the unit (or above it) enter its survey count: the clerk who
    ran the survey (摸底排查) enters what it found."""
    return scoping.holds_role_over(user, unit, scoping.ROSTER_EDITORS)


def setting_units_for(user: User, limit: int = 200) -> list[OrgUnit]:
    """Return the units whose targets or survey counts the user may set: their units as
    leader or worker, and the units below."""
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    if not units:
        return []
    return list(
        OrgUnit.objects.filter(scoping.subtree_q(units), is_active=True).order_by("path")[:limit]
    )


@dataclass(frozen=True)
class TargetRow:
    """A rate KPI of a unit: the plan's default, the target in force, and where it is set."""

    kpi: Kpi
    target: Decimal | None
    set_here: KpiTarget | None
    set_at: OrgUnit | None  # the unit whose setting applies; None: the plan's default


def target_rows(unit: OrgUnit) -> list[TargetRow]:
    """Return the rate KPIs with their targets in force at ``unit`` (one query)."""
    settings = {
        (t.org_unit.path, t.kpi): t
        for t in KpiTarget.objects.filter(org_unit__path__in=unit.ancestor_paths())
        .select_related("org_unit", "set_by")
        .order_by()
    }
    rows = []
    for kpi in KPIS:
        if not kpi.is_ratio:
            continue
        found = None
        for path in unit.ancestor_paths():  # root first: the nearest wins
            found = settings.get((path, kpi.code), found)
        rows.append(
            TargetRow(
                kpi=kpi,
                target=found.target if found else kpi.target,
                set_here=found if found and found.org_unit_id == unit.pk else None,
                set_at=found.org_unit if found else None,
            )
        )
    return rows


def survey_counts_of(unit: OrgUnit) -> list[SurveyCount]:
    """Return the unit's own survey counts, newest year first."""
    return list(
        SurveyCount.objects.filter(org_unit=unit).select_related("entered_by").order_by("-year")
    )


def survey_years(today: dt.date | None = None) -> list[int]:
    """Return the years a survey count may be entered for: this year and the four before,
    and next year (a survey made in December for the coming year)."""
    year = (today or timezone.localdate()).year
    return list(range(year + 1, year - 5, -1))


@transaction.atomic
def target_set(*, acting_user: User, unit: OrgUnit, kpi: str, target: object) -> KpiTarget:
    """Set a KPI's target for the unit's subtree (leaders of the unit or above)."""
    if not can_set_targets(acting_user, unit):
        raise PermissionRefused(_("Only a leader of this unit sets its targets."))
    if kpi not in BY_CODE or not BY_CODE[kpi].is_ratio:
        raise ValidationFailed(_("Choose an indicator that is a rate."), field="kpi")
    text = str(target).strip().rstrip("%％").strip() if isinstance(target, str | Decimal) else ""
    if isinstance(target, int) and not isinstance(target, bool):
        text = str(target)
    # Digits as a clerk types them: no exponent (1e2), no underscore, one decimal at most.
    if not _PERCENT.fullmatch(text) or not 0 <= Decimal(text) <= 100:
        raise ValidationFailed(
            _("Enter a percentage from 0 to 100, with one decimal at most."), field="target"
        )
    setting, _created = KpiTarget.objects.update_or_create(
        org_unit=unit,
        kpi=kpi,
        defaults={"target": Decimal(text).quantize(Decimal("0.1")), "set_by": acting_user},
    )
    return setting


@transaction.atomic
def survey_count_set(
    *, acting_user: User, unit: OrgUnit, year: object, count: object
) -> SurveyCount:
    """Enter (or correct) the number of special-group persons the unit's survey found in
    a year: the denominator of its registration rate (建档率)."""
    if not can_enter_survey(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit enter its survey."))
    years = survey_years()
    if isinstance(year, bool) or not isinstance(year, int) or year not in years:
        raise ValidationFailed(
            _("Choose a year from %(first)s to %(last)s.") % {"first": years[-1], "last": years[0]},
            field="year",
        )
    if isinstance(count, int) and not isinstance(count, bool):
        text = str(count)
    else:
        text = str(count).strip().replace(",", "") if isinstance(count, str) else ""
    if not _COUNT.fullmatch(text) or int(text) > 10_000_000:
        raise ValidationFailed(_("Enter a whole number that is not negative."), field="count")
    setting, _created = SurveyCount.objects.update_or_create(
        org_unit=unit, year=year, defaults={"count": int(text), "entered_by": acting_user}
    )
    return setting

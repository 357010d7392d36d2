"""The demo's residents and services (issue 17): who lives or is served where, and what
they received.

The county's care centre (residential) takes in working-age persons of the roster with an
intellectual, mental or severe physical disability from 泸桥镇 and 兴隆镇, the day-care
centre those of 冷碛镇; one applicant, a person of 冷碛镇 past the working age, is refused
with the check's reason. Each resident has six months of service sessions of the kinds
their centre offers, and one centre resident works in a supported job, followed up monthly.
The township elder home (泸桥镇敬老院) houses the township's five-guarantee persons in
centralised support, as the roster already says (their address is the home). Last year
each centre's care was logged a day a week and each was assessed (scored at the start of
this year); the last six months hold every session. All goes through the services as the
system, in a fixed draw, once.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from guanai.accounts.models import User
from guanai.core.actors import SYSTEM
from guanai.institutions.assessment import AssessmentData, assessment_save
from guanai.institutions.delivery import follow_up_add, placement_add, service_log_add
from guanai.institutions.models import Institution, Resident, Staff
from guanai.institutions.register import ProfileData, institution_profile_save
from guanai.institutions.residents import facts_check, resident_apply
from guanai.institutions.standard import age_on
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person, PersonCategory

ELDER_HOME_BEDS = 16
CENTRE_RESIDENTS = 10
DAYCARE_USERS = 6
LOG_MONTHS = 6
# The services each centre gives, with how often (weights) a session is of that type.
CENTRE_SERVICES = {
    "daily_care": 4,
    "self_care": 2,
    "social_adaptation": 2,
    "vocational": 1,
    "sheltered_employment": 1,
    "motor_training": 2,
}
DAYCARE_SERVICES = {"self_care": 3, "social_adaptation": 3, "vocational": 2, "motor_training": 1}


def _disabled_of(units: list[OrgUnit]) -> list[tuple[Person, PersonCategory]]:
    rows = (
        PersonCategory.objects.filter(
            category=Category.DISABLED,
            ended_on__isnull=True,
            person__archived_at__isnull=True,
            person__birth_date__isnull=False,
            person__org_unit__in=units,
        )
        .select_related("person")
        .order_by("person__name_sort", "person__pk")
    )
    return [(row.person, row) for row in rows]


def _candidates(
    institution: Institution,
    units: list[OrgUnit],
    today: date,
    wanted: int,
    kinds: tuple[int, ...] = (5, 6, 4, 7),
) -> list[tuple[Person, PersonCategory]]:
    """The first eligible persons of the units with a disability of ``kinds`` (intellectual,
    mental, physical, multiple), one of each kind first, with the
    day their certificate's category began (no stay starts before it)."""
    eligible: list[tuple[Person, PersonCategory]] = []
    for person, category in _disabled_of(units):
        if category.details.get("type") not in kinds:
            continue
        if facts_check(institution, person, [category], today).eligible:
            eligible.append((person, category))
    chosen: list[tuple[Person, PersonCategory]] = []
    for kind in kinds:
        chosen += [(p, c) for p, c in eligible if c.details.get("type") == kind][:1]
    chosen += [pair for pair in eligible if pair not in chosen]
    return chosen[:wanted]


def _admit(
    institution: Institution,
    persons: list[tuple[Person, PersonCategory]],
    mode: str,
    today: date,
    rng: random.Random,
) -> list[Resident]:
    admitted = []
    for person, category in persons:
        earliest = category.started_on + timedelta(days=15)
        started = max(earliest, today - timedelta(days=rng.randint(200, 900)))
        admitted.append(
            resident_apply(
                acting_user=SYSTEM,
                institution=institution,
                person=person,
                mode=mode,
                applied_on=started - timedelta(days=14),
                started_on=started,
                today=today,
            )
        )
    return admitted


def _logs(
    residents: list[Resident],
    staff: list[Staff],
    kinds: dict[str, int],
    today: date,
    rng: random.Random,
) -> None:
    """Last year a day's care in one entry a week; the last six months each session."""
    detailed = today - timedelta(days=30 * LOG_MONTHS)
    types, weights = list(kinds), list(kinds.values())
    for resident in residents:
        started = resident.started_on or today  # admitted: it has a start
        day = max(started, date(today.year - 1, 1, 1)) + timedelta(rng.randint(0, 3))
        while day <= today:
            recent = day >= detailed
            service_log_add(
                acting_user=SYSTEM,
                resident=resident,
                on=day,
                type=rng.choices(types, weights)[0] if recent else "daily_care",
                minutes=rng.choice([30, 45, 60, 90, 120] if recent else [300, 360, 420]),
                staff=rng.choice(staff),
                today=today,
            )
            day += timedelta(days=rng.choice([2, 3, 4]) if recent else 7)
            while day.weekday() >= 5:
                day += timedelta(days=1)


def _assessed(
    institution: Institution, respondents: int, satisfied: int, note: str, today: date
) -> None:
    # The county's leader scored them (the federation assesses, 六).
    assessment_save(
        acting_user=User.objects.get(username="county_leader"),
        institution=institution,
        data=AssessmentData(
            year=today.year - 1,
            respondents=respondents,
            satisfied=satisfied,
            note=note,
            assessed_on=date(today.year, 1, 15),
        ),
        today=today,
    )


def _supported_job(centre: Institution, residents: list[Resident], today: date) -> None:
    coach = Staff.objects.get(institution=centre, role="employment")
    worker = residents[0]
    placement = placement_add(
        acting_user=SYSTEM,
        resident=worker,
        employer="泸定县红樱桃食品有限公司",
        job="包装车间包装工",
        started_on=today - timedelta(days=120),
        coach=coach,
        follow_up_days=30,
        today=today,
    )
    for days_ago, note in [
        (113, "第一周由辅导员陪同上岗，能按流程完成装袋，午饭时与同事交流少。"),
        (85, "能独立完成装袋和封口，车间主任反映按时上下班。"),
        (52, "工作稳定，已领到两个月工资，辅导员改为每月回访一次。"),
    ]:
        follow_up_add(
            acting_user=SYSTEM,
            placement=placement,
            on=today - timedelta(days=days_ago),
            note=note,
            staff=coach,
            today=today,
        )


def _elder_home(units: dict[str, OrgUnit], today: date) -> Institution:
    home = institution_profile_save(
        acting_user=SYSTEM,
        unit=units["elder_home"],
        data=ProfileData(
            category="elder_home",
            type="residential",
            operator="government",
            premises="own",
            capacity=ELDER_HOME_BEDS,
            registration="事业单位法人证书",
            funding_source="特困人员供养资金、县财政运转经费",
            barrier_free=True,
            fire_certificate=True,
        ),
    )
    centralised = (
        PersonCategory.objects.filter(
            category=Category.TEKUN,
            ended_on__isnull=True,
            details__support="centralised",
            person__org_unit=units["luqiao"],
            person__archived_at__isnull=True,
        )
        .select_related("person")
        .order_by("person__name_sort", "person__pk")
    )
    for row in centralised[:ELDER_HOME_BEDS]:
        resident_apply(
            acting_user=SYSTEM,
            institution=home,
            person=row.person,
            mode="residential",
            applied_on=row.started_on,
            started_on=row.started_on,
            today=today,
        )
    return home


@transaction.atomic
def demo_residents(
    units: dict[str, OrgUnit], centre: Institution, daycare: Institution, today: date
) -> None:
    """Admit, refuse, serve and follow up as above (once)."""
    if Resident.objects.filter(institution__in=[centre, daycare]).exists():
        return
    rng = random.Random(17)  # noqa: S311 (a fixed draw, not a secret)
    in_centre = _candidates(
        centre, [units[k] for k in ("zanli", "anle", "shencun", "hualin")], today, CENTRE_RESIDENTS
    )
    # No mental disability at the day-care centre: it has no mental-health staff (专业-3).
    in_daycare = _candidates(
        daycare, [units["ganlusi"], units["tuanjie"]], today, DAYCARE_USERS, kinds=(5, 4, 7)
    )
    residents = _admit(centre, in_centre, "residential", today, rng)
    users = _admit(daycare, in_daycare, "day_care", today, rng)
    # A 冷碛镇 person past the working age applies to the day-care centre: refused.
    for person, _category in _disabled_of([units["ganlusi"], units["tuanjie"]]):
        if person.birth_date is not None and age_on(person.birth_date, today) >= 60:
            resident_apply(
                acting_user=SYSTEM,
                institution=daycare,
                person=person,
                mode="day_care",
                applied_on=today - timedelta(days=20),
                started_on=today - timedelta(days=10),
                today=today,
            )
            break
    caring = ("caregiver", "rehabilitation", "employment", "nurse", "social_worker")
    _logs(
        residents,
        list(Staff.objects.filter(institution=centre, role__in=caring)),
        CENTRE_SERVICES,
        today,
        rng,
    )
    _logs(
        users,
        list(Staff.objects.filter(institution=daycare, role__in=caring)),
        DAYCARE_SERVICES,
        today,
        rng,
    )
    if residents:
        _supported_job(centre, residents, today)
    _assessed(centre, 30, 28, "服务对象和家属满意度问卷30份，托养服务规范各项达标。", today)
    _assessed(daycare, 12, 9, "家属问卷12份；租赁期限不足5年，缺心理咨询人员，限期整改。", today)
    _elder_home(units, today)

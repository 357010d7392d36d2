"""Hand-made care data for the early-warning tests, written straight through the ORM.

The warnings read the care models directly, so the tests build the facts they look at
(pairings, care records, risk levels, plans, categories) without the other care services.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from guanai.accounts.models import User
from guanai.care.models import (
    AssistancePlan,
    CareKind,
    CareRecord,
    CareRecordPerson,
    CareWarning,
    HelperRole,
    Pairing,
    PlanDomain,
    PlanProgress,
    PlanReview,
    PlanStatus,
    RiskAssessment,
    RiskLevel,
)
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person, PersonCategory
from guanai.registry.services import PersonData, person_register

# A Wednesday; the week runs from Monday 2026-11-23 to Sunday 2026-11-29.
TODAY = date(2026, 11, 25)
LONG_AGO = date(2024, 9, 1)


def days_ago(n: int, today: date = TODAY) -> date:
    return today - timedelta(days=n)


def person(unit: OrgUnit, name: str = "张三", *categories: str, since: date = LONG_AGO) -> Person:
    """Register a person of ``unit`` in the given categories, in force since ``since``."""
    registered = person_register(acting_user=SYSTEM, org_unit=unit, data=PersonData(name=name))
    for code in categories:
        PersonCategory.objects.create(person=registered, category=code, started_on=since)
    return registered


def left_behind(
    unit: OrgUnit, name: str = "李小花", *, since: date = LONG_AGO, **details: Any
) -> Person:
    """A left-behind child; ``details`` go on the category (e.g. ``last_contact``)."""
    child = person(unit, name)
    PersonCategory.objects.create(
        person=child, category=Category.LEFT_BEHIND, started_on=since, details=details
    )
    return child


def record(
    author: User,
    on: date,
    *persons: Person,
    kind: str = CareKind.TALK,
    mood: int | None = None,
) -> CareRecord:
    """A care record of ``kind`` on ``on`` meeting ``persons``."""
    made = CareRecord.objects.create(
        kind=kind, occurred_on=on, author=author, org_unit=persons[0].org_unit, mood=mood
    )
    CareRecordPerson.objects.bulk_create(
        CareRecordPerson(record=made, person=p, kind=kind, occurred_on=on) for p in persons
    )
    return made


def pair(
    who: Person,
    helper: User | None = None,
    *,
    since: date = LONG_AGO,
    ended_on: date | None = None,
    role: str = HelperRole.CLASS_TEACHER,
) -> Pairing:
    return Pairing.objects.create(
        person=who,
        helper=helper,
        buddy_name="" if helper else "王同学",
        role=role,
        started_on=since,
        ended_on=ended_on,
        end_reason="调走" if ended_on else "",
    )


def risk(who: Person, level: str = RiskLevel.HIGH, *, current: bool = True) -> RiskAssessment:
    return RiskAssessment.objects.create(
        person=who, level=level, reason="情绪波动", current=current
    )


def plan(
    who: Person,
    responsible: User,
    *,
    ends_on: date,
    status: str = PlanStatus.ACTIVE,
    domain: str = PlanDomain.STUDY,
) -> AssistancePlan:
    return AssistancePlan.objects.create(
        person=who,
        domain=domain,
        goals="数学成绩及格",
        measures="每周辅导两次",
        starts_on=min(ends_on, LONG_AGO),
        ends_on=ends_on,
        responsible=responsible,
        status=status,
    )


def review(of: AssistancePlan, on: date, author: User) -> PlanReview:
    return PlanReview.objects.create(
        plan=of, reviewed_on=on, progress=PlanProgress.ON_TRACK, author=author
    )


def keys(**filters: Any) -> set[str]:
    return set(CareWarning.objects.filter(**filters).values_list("key", flat=True))


def warning_of(who: Person, kind: str | None = None) -> CareWarning:
    warnings = CareWarning.objects.filter(person=who)
    if kind is not None:
        warnings = warnings.filter(kind=kind)
    return warnings.get()

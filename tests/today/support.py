"""A township with one thing of every kind to do, made through the apps' services.

冷碛镇 (the ``region`` fixture's township) gets pupils paired with a class teacher and a
helper, an open warning, a proposed risk level, a draft plan and an overdue one, a file
sent to it from 兴隆镇, last month's report still to fill, and a payment roll waiting for
the county leader; 兴隆镇 gets the same warning and a submitted report for the county.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.benefits.models import PaymentRoll
from guanai.benefits.rolls import roll_generate, roll_submit
from guanai.care import plans, risk
from guanai.care import rules as care_rules
from guanai.care.models import CareWarning, HelperRole, RiskLevel, WarningKind
from guanai.care.pairing import pairing_start
from guanai.core.months import previous_month, this_month
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry import services as registry
from guanai.registry.models import Person
from guanai.reports import monthly
from guanai.reports.models import MonthlyReport
from tests import factories
from tests.care.log_support import on
from tests.care.plans_support import plan_data
from tests.care.plans_support import pupil as plans_pupil
from tests.conftest import Region

_keys = itertools.count(1)


@dataclass
class People:
    teacher: User
    helper: User
    county_leader: User
    lengqi_worker: User
    xinglong_worker: User


def people(region: Region, county_leader: User, township_worker: User, xinglong: User) -> People:
    teacher = factories.user(
        unit=region.lengqi_school, role=Role.WORKER, username="teacher", full_name="张丽"
    )
    helper = factories.user(
        unit=region.lengqi_school, role=Role.HELPER, username="helper", full_name="曾强"
    )
    care_rules.seed_default_rules(region.county)
    return People(teacher, helper, county_leader, township_worker, xinglong)


def pupils(worker: User, school: OrgUnit, helper: User, count: int, role: str) -> list[Person]:
    """Register ``count`` pupils of ``school`` and pair each with ``helper`` (no record yet:
    every rule of theirs is overdue)."""
    made = []
    for _n in range(count):
        pupil = plans_pupil(worker, school, f"学生{next(_keys)}")
        pairing_start(
            acting_user=worker,
            person=pupil,
            helper=helper,
            role=role,
            started_on=timezone.localdate() - timedelta(days=30),
        )
        made.append(pupil)
    return made


def class_of(p: People, region: Region, count: int = 1) -> list[Person]:
    return pupils(p.lengqi_worker, region.lengqi_school, p.teacher, count, HelperRole.CLASS_TEACHER)


def warning(person: Person, raised_on: date | None = None) -> CareWarning:
    """An open warning about ``person``, as the daily detection leaves one."""
    return CareWarning.objects.create(
        org_unit=person.org_unit,
        person=person,
        kind=WarningKind.NO_CARE,
        key=f"test:no_care:{person.pk}:{next(_keys)}",
        message=f"{person.name} 已很久没有关爱记录",
        raised_on=raised_on or timezone.localdate() - timedelta(days=2),
    )


def risk_proposal(by: User, person: Person) -> None:
    risk.risk_propose(acting_user=by, person=person, level=RiskLevel.HIGH, reason="情绪低落")


def draft_plan(author: User, person: Person) -> None:
    plans.plan_create(acting_user=author, person=person, data=plan_data(author))


def overdue_plan(author: User, leader: User, person: Person) -> None:
    """A plan the author is responsible for, approved, that ended a week ago unreviewed."""
    today = timezone.localdate()
    with on(today - timedelta(days=30)):
        made = plans.plan_create(
            acting_user=author,
            person=person,
            data=plan_data(
                author, starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=7)
            ),
        )
    # Approved while it ran (a plan past its end cannot be approved).
    with on(today - timedelta(days=30)):
        plans.plan_approve(acting_user=leader, plan=made)


def transfer(by: User, person: Person, to: OrgUnit) -> None:
    registry.transfer_request(acting_user=by, person=person, to_unit=to, reason="随父母迁居")


def last_month() -> date:
    return previous_month(this_month(timezone.localdate()))


def submitted_report(worker: User, unit: OrgUnit) -> MonthlyReport:
    report = monthly.report_open(acting_user=worker, unit=unit, month=last_month())
    return monthly.report_submit(acting_user=worker, report=report, version=report.version)


def submitted_roll(worker: User, unit: OrgUnit) -> PaymentRoll:
    factories.person(
        unit,
        f"孤儿{next(_keys)}",
        born=date(2012, 1, 1),
        spans=[("orphan", date(2024, 3, 1), {"support": "scattered"})],
    )
    roll = roll_generate(acting_user=worker, org_unit=unit, month=this_month(timezone.localdate()))
    return roll_submit(acting_user=worker, roll=roll, version=roll.version)


def townships(region: Region, count: int) -> list[tuple[OrgUnit, User]]:
    """``count`` more townships of the county, each with a worker."""
    made = []
    for _ in range(count):
        unit = factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP)
        made.append((unit, factories.user(unit=unit, role=Role.WORKER)))
    return made

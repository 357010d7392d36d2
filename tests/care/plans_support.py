"""Shared set-up of the plan, evaluation and progress tests: pupils, pairings, plans.

Everything is made through the services, as the application makes it.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.care import plans
from guanai.care.models import AssistancePlan, HelperRole, Pairing, PlanProgress, PlanReview
from guanai.care.pairing import pairing_start
from guanai.care.plans import evaluations
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person
from guanai.registry.services import PersonData, person_register
from tests import factories
from tests.conftest import Region

# ID numbers take a sequence of 0–999; tests roll back, so numbers are reused across tests.
_sequence = itertools.cycle(range(300, 1000))


def pupil(
    worker: User,
    school: OrgUnit,
    name: str = "张小明",
    *,
    grade: str = "三年级",
    class_name: str = "2班",
) -> Person:
    """Register a left-behind pupil of ``school`` (三年级2班 unless told), born in 2015."""
    return person_register(
        acting_user=worker,
        org_unit=school,
        data=PersonData(
            name=name,
            id_number=make_id("513322", date(2015, 5, 5), next(_sequence)),
            school=school,
            grade=grade,
            class_name=class_name,
        ),
        categories=[(Category.LEFT_BEHIND, date(2024, 9, 1))],
    )


def school_leader(region: Region) -> User:
    return factories.user(unit=region.lengqi_school, role=Role.LEADER, full_name="王校长")


def pair(
    worker: User, person: Person, helper: User, role: str = HelperRole.SUBJECT_TEACHER
) -> Pairing:
    return pairing_start(
        acting_user=worker,
        person=person,
        helper=helper,
        role=role,
        started_on=timezone.localdate() - timedelta(days=30),
    )


def plan_data(responsible: User, **values: Any) -> plans.PlanData:
    today = timezone.localdate()
    defaults: dict[str, Any] = {
        "domain": "study",
        "goals": "数学成绩提高到及格线以上",
        "measures": "每周二、四课后辅导数学各30分钟；学习帮手每天检查作业",
        "phase_targets": "期中考试数学60分以上",
        "starts_on": today - timedelta(days=10),
        "ends_on": today + timedelta(days=90),
        "responsible": responsible,
    }
    defaults.update(values)
    return plans.PlanData(**defaults)


def draft(author: User, person: Person, **values: Any) -> AssistancePlan:
    return plans.plan_create(
        acting_user=author,
        person=person,
        data=plan_data(values.pop("responsible", author), **values),
    )


def active(author: User, leader: User, person: Person, **values: Any) -> AssistancePlan:
    return plans.plan_approve(acting_user=leader, plan=draft(author, person, **values))


def review(
    user: User, plan: AssistancePlan, on: date | None = None, progress: str = PlanProgress.ON_TRACK
) -> PlanReview:
    return plans.review_add(
        acting_user=user,
        plan=plan,
        reviewed_on=on or timezone.localdate(),
        progress=progress,
        notes="作业能按时完成，计算错误减少",
        next_step="继续每周两次辅导",
    )


def evaluation_data(**values: str) -> evaluations.EvaluationData:
    defaults = {
        "conduct": "good",
        "study": "fair",
        "life_skills": "good",
        "mental_state": "excellent",
        "comment": "本学期进步明显，能主动参加班级活动。",
    }
    defaults.update(values)
    return evaluations.EvaluationData(**defaults)

"""The surveys demo (issue 18): last autumn's survey of left-behind children, finished, and
this winter's survey of disabled persons, half done.

泸定县 ran "2026年秋季留守儿童摸底排查" with the seeded left-behind children's questionnaire
from September to October: every child was asked by a worker of their township, except a
few who could not be reached (the reasons the national update records), and the survey
found two children not on file — one registered since, one still waiting. The round is
closed, so its analysis and the survey count (the denominator of the registration rate) are
final. "2026年冬季残疾人基本服务状况和需求调查" began in November with the seeded disabled
persons' questionnaire: the cases are assigned to the townships' workers and the helper,
and about half are answered. Answers are drawn in a fixed draw that gives the analysis
common problems to rank; all goes through the services as the system, once.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from guanai.accounts.models import User
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Gender
from guanai.surveys import engine
from guanai.surveys.answers import answers_save
from guanai.surveys.models import Case, FormStatus, FormVersion, Round
from guanai.surveys.rounds import (
    case_found_add,
    case_register,
    case_unreachable,
    cases_assign,
    round_close,
    round_create,
)

AUTUMN = "2026年秋季留守儿童摸底排查"
WINTER = "2026年冬季残疾人基本服务状况和需求调查"
UNREACHABLE = ["随父母外出务工，联系不上", "已转学到外县", "监护人拒绝接受调查"]
# How often (in a hundred) a choice with a problem is drawn: high enough to rank.
PROBLEM_WEIGHT = 22


def _seeded(category: str) -> FormVersion:
    return FormVersion.objects.filter(
        questionnaire__org_unit__isnull=True,
        questionnaire__categories__contains=[category],
        status=FormStatus.PUBLISHED,
    ).latest("number")


def _value(question: engine.Question, draw: random.Random, day: date) -> Any:
    """An answer to ``question``, problems drawn now and then."""
    kind = question.type
    if kind in engine.CHOICE_TYPES:
        plain = [o.value for o in question.options if not o.problem]
        troubled = [o.value for o in question.options if o.problem]
        if kind == "multiple":
            chosen = [v for v in troubled if draw.randrange(100) < PROBLEM_WEIGHT]
            return chosen or plain[:1] or troubled[:1]
        if troubled and (not plain or draw.randrange(100) < PROBLEM_WEIGHT):
            return draw.choice(troubled)
        return draw.choice(plain)
    if kind == "yes_no":
        if question.problem_if:
            other = "no" if question.problem_if == "yes" else "yes"
            return question.problem_if if draw.randrange(100) < PROBLEM_WEIGHT else other
        return draw.choice(engine.YES_NO)
    if kind == "rating":
        return draw.choice([2, 3, 3, 4, 4, 5][: question.scale])
    if kind == "number":
        low = question.minimum if question.minimum is not None else 0
        high = question.maximum if question.maximum is not None else low + 10
        return draw.randint(low, min(high, low + 60))
    if kind == "date":
        return day.replace(day=1).isoformat()
    return ""


def _answers(form: engine.Form, draw: random.Random, day: date, *, upto: int = 0) -> dict[str, Any]:
    """Answers to every question shown (or to the first ``upto``), skip logic followed."""
    answers: dict[str, Any] = {}
    for n, question in enumerate(form.questions):
        if upto and n >= upto:
            break
        if question.code not in engine.shown(form, answers):
            continue
        value = _value(question, draw, day)
        if value != "":
            answers[question.code] = value
    return answers


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(15, 30)))


def _answer(case: Case, form: engine.Form, draw: random.Random, day: date, *, done: bool) -> None:
    upto = 0 if done else max(3, len(form.questions) // 3)
    answers_save(
        acting_user=SYSTEM,
        case=case,
        key=uuid.UUID(int=draw.getrandbits(128), version=4),
        answers=_answers(form, draw, day, upto=upto),
        complete=done,
        saved_at=_at(day),
    )


def _autumn(units: dict[str, OrgUnit], today: date, draw: random.Random) -> Round:
    version = _seeded(Category.LEFT_BEHIND)
    form = engine.form_read(version.definition)
    start = date(today.year, 9, 1)
    round_ = round_create(
        acting_user=SYSTEM,
        unit=units["luding"],
        title=AUTUMN,
        form=version,
        starts_on=start,
        ends_on=date(today.year, 10, 31),
    )
    found = [
        case_found_add(
            acting_user=SYSTEM,
            round=round_,
            unit=units[unit],
            name=name,
            category=Category.LEFT_BEHIND,
            gender=gender,
            birth_date=born,
            where=where,
        )
        for unit, name, gender, born, where in [
            ("ganlusi", "杨小雨", Gender.FEMALE, date(2016, 4, 12), "甘露寺村"),
            ("lengqi_school", "曾浩宇", Gender.MALE, date(2015, 10, 3), "冷碛镇中心小学"),
        ]
    ]
    for n, case in enumerate(round_.cases.select_related("round__form").order_by("pk")):
        day = start + (date(today.year, 10, 25) - start) * n // max(1, round_.cases.count())
        if n % 41 == 7:
            case_unreachable(acting_user=SYSTEM, case=case, reason=UNREACHABLE[n % 3])
        else:
            _answer(case, form, draw, day, done=True)
    case_register(acting_user=SYSTEM, case=found[0], id_number="", data={})
    round_close(acting_user=SYSTEM, round=round_)
    return round_


def _winter(units: dict[str, OrgUnit], today: date, draw: random.Random) -> Round:
    version = _seeded(Category.DISABLED)
    form = engine.form_read(version.definition)
    start = date(today.year, 11, 15)
    round_ = round_create(
        acting_user=SYSTEM,
        unit=units["luding"],
        title=WINTER,
        form=version,
        starts_on=start,
        ends_on=date(today.year + 1, 1, 15),
    )
    workers = {
        u.memberships.first().org_unit.path: u
        for u in User.objects.filter(username__in=["township_worker", "xinglong_worker"])
    }
    cases = list(round_.cases.select_related("org_unit", "round__form").order_by("pk"))
    for path, worker in workers.items():
        mine = [c.pk for c in cases if c.org_unit.path.startswith(path)]
        if mine:
            cases_assign(acting_user=SYSTEM, round=round_, case_ids=mine, assignee=worker)
    last = min(today, date(today.year, 12, 5))
    for n, case in enumerate(cases):
        day = start + (last - start) * n // max(1, len(cases))
        if n % 2 == 0:
            _answer(case, form, draw, day, done=True)
        elif n % 7 == 3:
            _answer(case, form, draw, day, done=False)
    return round_


@transaction.atomic
def demo_surveys(units: dict[str, OrgUnit], today: date) -> int:
    """Run the two demo rounds once; return how many answer sets they hold."""
    if Round.objects.filter(title=AUTUMN).exists():
        return 0
    draw = random.Random(18)
    rounds = [_autumn(units, today, draw), _winter(units, today, draw)]
    return sum(Case.objects.filter(round=r, response__isnull=False).count() for r in rounds)

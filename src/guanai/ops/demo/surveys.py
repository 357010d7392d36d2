"""The surveys demo (issue 18): last autumn's survey of left-behind children, finished, and
this winter's survey of disabled persons, half done.

泸定县 ran "2026年秋季留守儿童摸底排查" with the seeded left-behind children's questionnaire
from September to October: every child was asked by a worker of their township, except a
few who could not be reached (the reasons the national update records), and the survey
found two children not on file, waiting to be registered. The round is
closed, so its analysis and the survey count (the denominator of the registration rate) are
final. "2026年冬季残疾人基本服务状况和需求调查" began in November with the seeded disabled
persons' questionnaire: the cases are assigned to the townships' workers and the helper,
and about half are answered. Answers are drawn in a fixed draw that gives the analysis
common problems to rank; all goes through the services as the system, once.
"""

from __future__ import annotations

import random
import uuid
import zlib
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
    case_unreachable,
    cases_assign,
    round_close,
    round_create,
)
from guanai.surveys.seeded import SEEDED_DISABLED, SEEDED_LEFT_BEHIND

AUTUMN = "%d年秋季留守儿童摸底排查"
WINTER = "%d年冬季残疾人基本服务状况和需求调查"
# Who asks whom: the school's class teacher its pupils, each township's worker the rest.
AUTUMN_HELPERS = [
    ("teacher", "lengqi_school"),
    ("township_worker", "lengqi"),
    ("xinglong_worker", "xinglong"),
]
# This winter the school's helper visits its disabled pupils (some still to do).
WINTER_HELPERS = [
    ("helper", "lengqi_school"),
    ("township_worker", "lengqi"),
    ("xinglong_worker", "xinglong"),
]
# Two children the survey found who are not on file: the "发现未建档" page offers to register
# them (their answers come along).
FOUND = [
    ("ganlusi", "杨小雨", Gender.FEMALE, date(2016, 4, 12), "甘露寺村"),
    ("lengqi_school", "曾浩宇", Gender.MALE, date(2015, 10, 3), "冷碛镇中心小学"),
]
UNREACHABLE = ["随父母外出务工，联系不上", "已转学到外县", "监护人拒绝接受调查"]


# How often (in a hundred) an answer points to a problem: from 5 to 40 by question, so that
# some problems are common and others rare, as in a real county.
def _weight(question: engine.Question) -> int:
    return 5 + zlib.crc32(question.code.encode()) % 36


def _seeded(title: str) -> FormVersion:
    return FormVersion.objects.filter(
        questionnaire__org_unit__isnull=True,
        questionnaire__title=title,
        status=FormStatus.PUBLISHED,
    ).latest("number")


def _value(question: engine.Question, draw: random.Random, day: date) -> Any:
    """An answer to ``question``, problems drawn now and then."""
    kind = question.type
    if kind in engine.CHOICE_TYPES:
        plain = [o.value for o in question.options if not o.problem]
        troubled = [o.value for o in question.options if o.problem]
        if kind == "multiple":
            chosen = [v for v in troubled if draw.randrange(100) < _weight(question)]
            return chosen or plain[:1] or troubled[:1]
        if troubled and (not plain or draw.randrange(100) < _weight(question)):
            return draw.choice(troubled)
        return draw.choice(plain)
    if kind == "yes_no":
        if question.problem_if:
            other = "no" if question.problem_if == "yes" else "yes"
            return question.problem_if if draw.randrange(100) < _weight(question) else other
        return draw.choice(engine.YES_NO)
    if kind == "rating":
        return draw.choice([2, 3, 3, 4, 4, 5][: question.scale])
    if kind == "number":
        low = question.minimum if question.minimum is not None else 0
        high = question.maximum if question.maximum is not None else low + 60
        hit = draw.randrange(100) < _weight(question)
        if question.problem_at_least is not None:
            edge = question.problem_at_least
            low, high = (edge, min(high, edge + 10)) if hit else (low, max(low, edge - 1))
        elif question.problem_at_most is not None:
            edge = question.problem_at_most
            low, high = (low, edge) if hit else (min(high, edge + 1), min(high, edge * 3 + 10))
        return draw.randint(low, max(low, min(high, low + 60)))
    if kind == "date":
        return day.replace(day=1).isoformat()
    return "详见走访记录" if question.required else ""


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
        acting_user=case.assigned_to or SYSTEM,
        case=case,
        key=uuid.UUID(int=draw.getrandbits(128), version=4),
        answers=_answers(form, draw, day, upto=upto),
        complete=done,
        saved_at=_at(day),
    )


def _assign(round_: Round, units: dict[str, OrgUnit], who: list[tuple[str, str]]) -> list[Case]:
    """Give each case to the first of ``who`` (username, unit key) whose unit holds it."""
    cases = list(round_.cases.select_related("org_unit", "round__form").order_by("pk"))
    taken: set[int] = set()
    for username, key in who:
        path = units[key].path
        mine = [c.pk for c in cases if c.pk not in taken and c.org_unit.path.startswith(path)]
        if mine:
            assignee = User.objects.get(username=username)
            cases_assign(acting_user=SYSTEM, round_=round_, case_ids=mine, assignee=assignee)
            taken.update(mine)
    return list(
        round_.cases.select_related("org_unit", "round__form", "assigned_to").order_by("pk")
    )


def _autumn(units: dict[str, OrgUnit], year: int, draw: random.Random) -> Round:
    version = _seeded(SEEDED_LEFT_BEHIND)
    form = engine.form_read(version.definition)
    start = date(year, 9, 1)
    round_ = round_create(
        acting_user=SYSTEM,
        unit=units["luding"],
        title=AUTUMN % year,
        form=version,
        starts_on=start,
        ends_on=date(year, 10, 31),
    )
    for unit, name, gender, born, where in FOUND:
        case_found_add(
            acting_user=SYSTEM,
            round_=round_,
            unit=units[unit],
            name=name,
            category=Category.LEFT_BEHIND,
            gender=gender,
            birth_date=born,
            where=where,
        )
    cases = _assign(round_, units, AUTUMN_HELPERS)
    for n, case in enumerate(cases):
        day = start + (date(year, 10, 25) - start) * n // max(1, len(cases))
        if n % 41 == 7:
            case_unreachable(acting_user=SYSTEM, case=case, reason=UNREACHABLE[n % 3])
        else:
            _answer(case, form, draw, day, done=True)
    round_close(acting_user=SYSTEM, round_=round_)
    return round_


def _winter(units: dict[str, OrgUnit], year: int, today: date, draw: random.Random) -> Round:
    version = _seeded(SEEDED_DISABLED)
    form = engine.form_read(version.definition)
    start = date(year, 11, 15)
    round_ = round_create(
        acting_user=SYSTEM,
        unit=units["luding"],
        title=WINTER % year,
        form=version,
        starts_on=start,
        ends_on=date(year + 1, 1, 15),
    )
    cases = _assign(round_, units, WINTER_HELPERS)
    last = min(today, date(year, 12, 5))
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
    # The last autumn and winter begun: this year's from mid-November, else last year's.
    year = today.year if today >= date(today.year, 11, 15) else today.year - 1
    if Round.objects.filter(title=AUTUMN % year).exists():
        return 0
    draw = random.Random(18)  # noqa: S311 — a fixed draw of demo answers, not a secret
    rounds = [_autumn(units, year, draw), _winter(units, year, today, draw)]
    return sum(Case.objects.filter(round=r, response__isnull=False).count() for r in rounds)

"""Helpers shared by the care-log tests: pupils, pairings, records and rules."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.utils import translation

from guanai.accounts.models import User
from guanai.care import log as care_log
from guanai.care.models import AREAS, CareKind, CareRecord, FrequencyRule, HelperRole, Pairing
from guanai.core.actors import SYSTEM
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgUnit
from guanai.registry import services
from guanai.registry.models import Category, Person

SHANGHAI = ZoneInfo("Asia/Shanghai")
# ID numbers have a 3-digit sequence: the counter wraps (each test rolls back).
_sequence = itertools.cycle(range(500, 1000))


def zh(message: str, **params: object) -> str:
    """Return ``message`` as the pages render it in Chinese (whatever the catalogue has)."""
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text


@contextmanager
def on(day: date, hour: int = 10) -> Iterator[None]:
    """Travel to ``day`` (local time in Shanghai) for the block."""
    with time_machine.travel(datetime.combine(day, time(hour), tzinfo=SHANGHAI), tick=False):
        yield


def pupil(
    school: OrgUnit,
    name: str = "王小明",
    *,
    categories: tuple[str, ...] = (Category.LEFT_BEHIND,),
    since: date = date(2024, 9, 1),
) -> Person:
    """Register a pupil of ``school`` (三年级2班) in ``categories``."""
    return services.person_register(
        acting_user=SYSTEM,
        org_unit=school,
        data=services.PersonData(
            name=name,
            id_number=make_id("513322", date(2015, 5, 5), next(_sequence)),
            school=school,
            grade="三年级",
            class_name="2班",
        ),
        categories=[(c, since) for c in categories],
    )


def pair(
    person: Person, helper: User, role: str = HelperRole.CLASS_TEACHER, **values: Any
) -> Pairing:
    return Pairing.objects.create(
        person=person, helper=helper, role=role, started_on=date(2024, 9, 1), **values
    )


def data(
    kind: str = CareKind.TALK, occurred_on: date | None = None, **values: Any
) -> care_log.RecordData:
    values.setdefault("summary", "聊了最近的学习和与奶奶的相处。")
    ratings = dict(values.pop("ratings", {}))
    ratings.update({area: values.pop(area) for area in AREAS if area in values})
    values["ratings"] = ratings
    return care_log.RecordData(kind=kind, occurred_on=occurred_on or date(2026, 11, 20), **values)


def record(
    author: User,
    persons: list[Person],
    kind: str = CareKind.TALK,
    on_day: date | None = None,
    **values: Any,
) -> CareRecord:
    """Log a record through the service, as of ``on_day`` (travelling there to write it)."""
    day = on_day or date(2026, 11, 20)
    with on(day):
        return care_log.care_record_add(
            acting_user=author, persons=persons, data=data(kind, day, **values)
        )


def rule(unit: OrgUnit, code: str, **values: Any) -> FrequencyRule:
    values.setdefault("name", code)
    values.setdefault("period", "week")
    return FrequencyRule.objects.create(org_unit=unit, code=code, **values)

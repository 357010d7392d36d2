"""Shared fixtures of the reports tests: a township counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from guanai.accounts.models import Role, User
from guanai.care.models import CareKind, HelperRole
from guanai.care.pairing import pairing_end, pairing_start
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgUnit
from guanai.registry import services
from guanai.registry.models import Category, Person
from tests import factories
from tests.care.log_support import on, pupil, record
from tests.conftest import Region
from tests.reports.community_support import Community, build

TODAY = date(2026, 11, 20)


def registered(
    school: OrgUnit,
    name: str,
    day: date,
    categories: tuple[str, ...] = (Category.LEFT_BEHIND,),
    since: date = date(2024, 9, 1),
) -> Person:
    with on(day):
        return pupil(school, name, categories=categories, since=since)


@pytest.fixture
def october(region: Region, township_worker: User) -> dict[str, Person]:
    """冷碛镇 in October 2026, counted by hand in the tests below."""
    school, village = region.lengqi_school, region.ganlusi
    a = registered(school, "甲", date(2026, 9, 10))
    with on(date(2026, 10, 15)):
        services.category_start(
            acting_user=SYSTEM, person=a, category=Category.DIBAO, on=date(2026, 10, 15)
        )
    b = registered(village, "乙", date(2026, 10, 5), (Category.ORPHAN,), date(2026, 10, 5))
    c = registered(school, "丙", date(2026, 9, 1))
    with on(date(2026, 10, 20)):
        services.category_end(acting_user=SYSTEM, entry=c.categories.get(), on=date(2026, 10, 20))
    d = registered(school, "丁", date(2026, 9, 1), (Category.DISABLED,))
    with on(date(2026, 10, 25)):
        services.person_archive(acting_user=SYSTEM, person=d, reason="moved_away")
    e = registered(school, "戊", date(2026, 9, 1))
    with on(date(2026, 11, 5)):
        services.person_archive(acting_user=SYSTEM, person=e, reason="graduated")
    f = registered(school, "己", date(2026, 11, 2))
    g = registered(region.xinglong_school, "庚", date(2026, 9, 1))

    helper = factories.user(unit=school, role=Role.HELPER)
    with on(TODAY):
        pairing_start(
            acting_user=township_worker,
            person=a,
            role=HelperRole.CLASS_TEACHER,
            helper=helper,
            started_on=date(2026, 9, 1),
        )
        pairing_start(
            acting_user=township_worker,
            person=b,
            role=HelperRole.CHILD_DIRECTOR,
            helper=helper,
            started_on=date(2026, 10, 6),
        )
        ended = pairing_start(
            acting_user=township_worker,
            person=c,
            role=HelperRole.CLASS_TEACHER,
            helper=helper,
            started_on=date(2026, 9, 1),
        )
        pairing_end(
            acting_user=township_worker, pairing=ended, ended_on=date(2026, 10, 10), reason="换班"
        )
    record(township_worker, [a], CareKind.TALK, date(2026, 10, 8))
    record(township_worker, [a, b], CareKind.HOME_VISIT, date(2026, 10, 12))
    record(township_worker, [a], CareKind.TALK, date(2026, 9, 30))
    xinglong_worker = factories.user(unit=region.xinglong, role=Role.WORKER)
    record(xinglong_worker, [g], CareKind.TALK, date(2026, 10, 10))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g}


@pytest.fixture
def community(region: Region) -> Community:
    """泸定县's donations, grants, volunteer hours and needs around October 2026
    (``community_support``)."""
    return build(region)

"""A small world for assistance in kind: the test region's two townships, their leaders and
workers, and persons who qualify for some services and not others.

The persons of 冷碛镇 (``World.lengqi``), with what the seeded rules make of them today:

* 王大爷, born 1950, physically disabled grade 2: wheelchair, crutches, prosthesis (≥ 60);
* 李听, born 1985, hearing disability grade 3: hearing aid, skills training, micro-loan;
* 小明, born 2019, intellectual disability, 低保: rehabilitation of a poor child, schooling;
* 赵婆婆, born 1948, 特困 scattered support, house D-grade: housing renovation, insurance;
* 钱公, born 1946, 特困 centralised support, house D-grade: insurance only (lives in a home);
* 孙明, born 1990, healthy, no category: nothing.

兴隆镇 has 周奶奶 (born 1949, physically disabled) for the checks of scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from guanai.accounts.models import Role, User
from guanai.inkind.models import Service
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, HouseCondition, Person
from tests import factories
from tests.conftest import Region


@dataclass
class World:
    region: Region
    county_leader: User
    lengqi_leader: User
    lengqi_worker: User
    xinglong_worker: User
    elder: Person
    deaf: Person
    child: Person
    scattered: Person
    centralised: Person
    healthy: Person
    other: Person

    @property
    def lengqi_persons(self) -> list[Person]:
        return [self.elder, self.deaf, self.child, self.scattered, self.centralised, self.healthy]


def service(code: str) -> Service:
    return Service.objects.get(code=code)


def disabled(unit: OrgUnit, name: str, born: date, kind: int, grade: int, **values: Any) -> Person:
    return factories.person(
        unit,
        name,
        born=born,
        categories=[Category.DISABLED],
        details={"type": kind, "grade": grade},
        health="disabled",
        **values,
    )


def make_world(region: Region) -> World:
    lengqi, xinglong = region.lengqi, region.xinglong
    elder = disabled(lengqi, "王大爷", date(1950, 3, 1), 4, 2)
    deaf = disabled(lengqi, "李听", date(1985, 6, 1), 2, 3)
    child = factories.person(
        lengqi,
        "小明",
        born=date(2019, 4, 2),
        spans=[
            (Category.DISABLED, date(2022, 1, 1), {"type": 5, "grade": 2}),
            (Category.DIBAO, date(2022, 1, 1), {}),
        ],
    )
    scattered = factories.person(
        lengqi,
        "赵婆婆",
        born=date(1948, 8, 8),
        spans=[(Category.TEKUN, date(2020, 1, 1), {"support": "scattered"})],
        house_condition=HouseCondition.D_GRADE,
    )
    centralised = factories.person(
        lengqi,
        "钱公",
        born=date(1946, 2, 2),
        spans=[(Category.TEKUN, date(2020, 1, 1), {"support": "centralised"})],
        house_condition=HouseCondition.D_GRADE,
    )
    healthy = factories.person(lengqi, "孙明", born=date(1990, 1, 1))
    other = disabled(xinglong, "周奶奶", date(1949, 5, 5), 4, 1)
    return World(
        region=region,
        county_leader=factories.user(unit=region.county, role=Role.LEADER, username="ik_county"),
        lengqi_leader=factories.user(unit=lengqi, role=Role.LEADER, username="ik_leader"),
        lengqi_worker=factories.user(unit=lengqi, role=Role.WORKER, username="ik_worker"),
        xinglong_worker=factories.user(unit=xinglong, role=Role.WORKER, username="ik_xinglong"),
        elder=elder,
        deaf=deaf,
        child=child,
        scattered=scattered,
        centralised=centralised,
        healthy=healthy,
        other=other,
    )

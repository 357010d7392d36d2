"""Helpers of the multi-year target tests: the leaders and workers of the region, and a
target set through the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from guanai.accounts.models import Role, User
from guanai.governance.models import Target
from guanai.governance.targets import TargetData, target_create
from guanai.orgs.models import OrgUnit
from tests import factories
from tests.conftest import Region

TODAY = date(2026, 11, 20)


@dataclass
class People:
    region: Region
    county_leader: User
    county_worker: User
    lengqi_leader: User
    lengqi_worker: User
    lengqi_helper: User
    xinglong_leader: User
    xinglong_worker: User


@pytest.fixture
def people(region: Region) -> People:
    def make(unit: OrgUnit, role: Role, name: str) -> User:
        return factories.user(unit=unit, role=role, username=name)

    return People(
        region=region,
        county_leader=make(region.county, Role.LEADER, "gc_county_leader"),
        county_worker=make(region.county, Role.WORKER, "gc_county_worker"),
        lengqi_leader=make(region.lengqi, Role.LEADER, "gc_lengqi_leader"),
        lengqi_worker=make(region.lengqi, Role.WORKER, "gc_lengqi_worker"),
        lengqi_helper=make(region.lengqi_school, Role.HELPER, "gc_lengqi_helper"),
        xinglong_leader=make(region.xinglong, Role.LEADER, "gc_xinglong_leader"),
        xinglong_worker=make(region.xinglong, Role.WORKER, "gc_xinglong_worker"),
    )


def data(**changes: Any) -> TargetData:
    """A three-year target of dangerous houses, entered by hand: 12 → 0."""
    values: dict[str, Any] = {
        "title": "三年内消除散居特困户危房",
        "source": "",
        "value_kind": "count",
        "direction": "down",
        "base_year": 2025,
        "final_year": 2027,
        "baseline": Decimal(12),
        "goal": Decimal(0),
        "milestones": {},
        "note": "篇八",
    }
    return TargetData(**{**values, **changes})


def target(people: People, unit: OrgUnit | None = None, **changes: Any) -> Target:
    return target_create(
        people.county_leader, unit=unit or people.region.lengqi, data=data(**changes)
    )

"""Fixtures of the roll, eligibility and export tests: persons with categories, a roll.

Private to the rolls helper's tests (import the names you use). Categories are written
straight to the table, not through ``category_start``: the tests need spans that the
service refuses on purpose (an orphan without support mode, dates in any order of month).

The test modules load it as a plugin (``pytest_plugins``) for its fixtures and import its
helpers too; it holds no assertions to rewrite (PYTEST_DONT_REWRITE).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from guanai.accounts.models import Role, User
from guanai.accounts.scoping import Actor
from guanai.benefits.models import PaymentRoll
from guanai.benefits.rolls import roll_approve, roll_generate, roll_submit
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests import factories
from tests.conftest import Region

MONTH = date(2025, 3, 1)
EARLIER = date(2025, 2, 1)
SINCE = date(2024, 3, 1)
BEIJING = ZoneInfo("Asia/Shanghai")


def person(unit: OrgUnit, name: str, *spans: factories.Span, archived: bool = False) -> Person:
    """Register a person in ``unit`` with category spans (category, from, details[, until])."""
    return factories.person(
        unit,
        name,
        born=date(1980, 1, 1),
        spans=spans,
        archived=datetime(2025, 1, 1, tzinfo=BEIJING) if archived else None,
    )


def scattered_orphan(unit: OrgUnit, name: str = "王小芳") -> Person:
    return person(unit, name, ("orphan", SINCE, {"support": "scattered"}))


def approved_roll(user: Actor, leader: Actor, unit: OrgUnit, month: date = EARLIER) -> PaymentRoll:
    roll = roll_generate(acting_user=user, org_unit=unit, month=month)
    roll = roll_submit(acting_user=user, roll=roll, version=roll.version)
    return roll_approve(acting_user=leader, roll=roll, version=roll.version)


@pytest.fixture
def township_leader(region: Region) -> User:
    return factories.user(unit=region.lengqi, role=Role.LEADER, username="lengqi_leader")


@pytest.fixture
def county_worker(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.WORKER, username="county_worker")


@pytest.fixture
def county_viewer(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.VIEWER, username="county_viewer")

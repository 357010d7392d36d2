"""Fixtures of the roll, eligibility and export tests: persons with categories, a roll.

Private to the rolls helper's tests (import the names you use). Categories are written
straight to the table, not through ``category_start``: the tests need spans that the
service refuses on purpose (an orphan without support mode, dates in any order of month).

The test modules load it as a plugin (``pytest_plugins``) for its fixtures and import its
helpers too; it holds no assertions to rewrite (PYTEST_DONT_REWRITE).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest

from guanai.accounts.models import Role, User
from guanai.benefits.models import PaymentRoll
from guanai.benefits.rolls import roll_approve, roll_generate, roll_submit
from guanai.core.actors import SYSTEM
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person, PersonCategory
from guanai.registry.services import PersonData, person_register
from tests import factories
from tests.conftest import Region

MONTH = date(2025, 3, 1)
EARLIER = date(2025, 2, 1)
SINCE = date(2024, 3, 1)
# ID numbers have a 3-digit sequence: the counter wraps (each test rolls back).
_sequence = itertools.cycle(range(100, 1000))

Span = tuple[str, date, dict[str, Any]] | tuple[str, date, dict[str, Any], date | None]


def _id_number() -> str:
    """Return a fresh valid ID number: a new birth day every 1,000 persons."""
    n = next(_sequence)
    return make_id("513322", date(1980, 1, 1) + timedelta(days=n // 1000), n % 1000)


def person(unit: OrgUnit, name: str, *spans: Span, archived: bool = False) -> Person:
    """Register a person in ``unit`` with category spans (category, from, details[, until])."""
    registered = person_register(
        acting_user=SYSTEM,
        org_unit=unit,
        data=PersonData(name=name, id_number=_id_number()),
    )
    for span in spans:
        category, started_on, details = span[0], span[1], span[2]
        ended_on = span[3] if len(span) > 3 else None
        PersonCategory.objects.create(
            person=registered,
            category=category,
            started_on=started_on,
            ended_on=ended_on,
            details=details,
        )
    if archived:
        Person.objects.filter(pk=registered.pk).update(
            archived_at=date(2025, 1, 1).isoformat() + "T00:00:00+08:00", archive_reason="deceased"
        )
        registered.refresh_from_db()
    return registered


def scattered_orphan(unit: OrgUnit, name: str = "王小芳") -> Person:
    return person(unit, name, ("orphan", SINCE, {"support": "scattered"}))


def approved_roll(
    user: User | None, leader: User | None, unit: OrgUnit, month: date = EARLIER
) -> PaymentRoll:
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

"""Shared helpers of the benefits API tests: persons with categories, calls, roll steps."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from guanai.accounts.models import User
from guanai.benefits.models import PaymentRoll
from guanai.benefits.rolls import roll_approve, roll_generate, roll_submit
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests import factories

SINCE = date(2024, 9, 1)


def person(unit: OrgUnit, name: str, *spans: tuple[str, dict[str, Any]]) -> Person:
    """Register a person of ``unit`` in the given categories (with details) since SINCE.

    Spans are written to the table: a test needs an orphan without a support mode, which
    the registry's service would refuse.
    """
    return factories.person(
        unit, name, born=date(1980, 1, 1), spans=[(c, SINCE, d) for c, d in spans]
    )


def scattered_orphan(unit: OrgUnit, name: str = "王小芳") -> Person:
    return person(unit, name, ("orphan", {"support": "scattered"}))


def call(client: Client, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(client, method)(path, body, content_type="application/json", headers=headers)


def approved_roll(worker: User, leader: User, unit: OrgUnit, month: date) -> PaymentRoll:
    roll = roll_generate(acting_user=worker, org_unit=unit, month=month)
    roll = roll_submit(acting_user=worker, roll=roll, version=roll.version)
    return roll_approve(acting_user=leader, roll=roll, version=roll.version)

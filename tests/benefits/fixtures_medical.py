"""Persons and claims for the medical-assistance tests (kept apart from conftest.py, which
other benefits tests share)."""

from __future__ import annotations

from datetime import date
from typing import Any

from guanai.accounts.models import User
from guanai.accounts.scoping import Actor
from guanai.benefits.claims import claim_record
from guanai.benefits.models import MedicalClaim
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests import factories

SINCE = date(2024, 1, 1)


def adult(
    worker: Actor,
    unit: OrgUnit,
    name: str = "王大山",
    *,
    categories: tuple[str, ...] = ("tekun",),
    since: date = SINCE,
) -> Person:
    """Register an adult of ``unit`` in ``categories`` since ``since`` (2024-01-01)."""
    return factories.person(
        unit, name, by=worker, born=date(1960, 5, 5), categories=categories, since=since
    )


def stay(
    admitted: str = "2025-03-01",
    discharged: str = "2025-03-06",
    *,
    total: str = "12000",
    insurance: str = "6000",
    ineligible: str = "1000",
    **more: Any,
) -> dict[str, Any]:
    """Return claim data as a form sends it: by default ¥5,000 eligible over 5 days."""
    return {
        "hospital": "泸定县人民医院",
        "admitted": admitted,
        "discharged": discharged,
        "total_cost": total,
        "insurance_paid": insurance,
        "ineligible_cost": ineligible,
        **more,
    }


def record(worker: User, person: Person, **values: Any) -> MedicalClaim:
    return claim_record(acting_user=worker, person=person, data=stay(**values))

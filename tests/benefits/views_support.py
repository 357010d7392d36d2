"""Persons, rolls and claims for the benefits page tests, made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from guanai.accounts.models import User
from guanai.benefits.claims import claim_record
from guanai.benefits.models import MedicalClaim
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests import factories

SINCE = date(2024, 1, 1)
EN: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en"}


def person(
    unit: OrgUnit,
    name: str,
    category: str = "tekun",
    details: dict[str, Any] | None = None,
    *,
    since: date = SINCE,
) -> Person:
    """Register an adult of ``unit`` in ``category`` since 2024 with ``details``."""
    return factories.person(
        unit, name, born=date(1970, 3, 3), categories=(category,), since=since, details=details
    )


def orphan(unit: OrgUnit, name: str = "王小芳", support: str | None = "scattered") -> Person:
    return person(unit, name, "orphan", {"support": support} if support else None)


def stay(**more: Any) -> dict[str, Any]:
    """A claim as the form posts it: ¥5,000 eligible over 5 days in March 2025."""
    return {
        "hospital": "泸定县人民医院",
        "admitted": "2025-03-01",
        "discharged": "2025-03-06",
        "total_cost": "12000",
        "insurance_paid": "6000",
        "ineligible_cost": "1000",
        **more,
    }


def claim(worker: User, patient: Person, **more: Any) -> MedicalClaim:
    return claim_record(acting_user=worker, person=patient, data=stay(**more))


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url, **EN)
    assert response.status_code == status, response.status_code
    return response.content.decode()

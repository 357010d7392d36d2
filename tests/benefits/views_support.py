"""Persons, rolls and claims for the benefits page tests, made through the services."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.test import Client

from guanai.accounts.models import User
from guanai.benefits.claims import claim_record
from guanai.benefits.models import MedicalClaim
from guanai.core.actors import SYSTEM
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from guanai.registry.services import PersonData, category_update_details, person_register

SINCE = date(2024, 1, 1)
EN: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en"}
# ID numbers have a 3-digit sequence: the counter wraps (each test rolls back).
_sequence = itertools.cycle(range(300, 1000))


def person(
    unit: OrgUnit,
    name: str,
    category: str = "tekun",
    details: dict[str, Any] | None = None,
    *,
    since: date = SINCE,
) -> Person:
    """Register an adult of ``unit`` in ``category`` since 2024 with ``details``."""
    registered = person_register(
        acting_user=SYSTEM,
        org_unit=unit,
        data=PersonData(name=name, id_number=make_id("513322", date(1970, 3, 3), next(_sequence))),
        categories=[(category, since)],
    )
    if details:
        entry = registered.categories.get()
        category_update_details(acting_user=SYSTEM, entry=entry, details=details, note="")
    return registered


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

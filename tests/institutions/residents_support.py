"""Persons the residents tests apply for: a disabled adult with a certificate's type and
grade, a five-guarantee elder; made through the registry's services."""

from __future__ import annotations

from datetime import date

from guanai.institutions.models import Institution, Resident
from guanai.institutions.residents import resident_apply
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests import factories
from tests.institutions.support import TODAY


def disabled(
    unit: OrgUnit,
    name: str = "李明",
    *,
    kind: int = 5,
    grade: int = 2,
    born: date = date(1990, 5, 1),
) -> Person:
    return factories.person(
        unit, name, born=born, categories=("disabled",), details={"type": kind, "grade": grade}
    )


def applied(
    acting_user: object,
    institution: Institution,
    person: Person,
    *,
    mode: str = "residential",
    applied_on: date = TODAY,
) -> Resident:
    return resident_apply(
        acting_user=acting_user,  # type: ignore[arg-type]
        institution=institution,
        person=person,
        mode=mode,
        applied_on=applied_on,
        started_on=applied_on,
        today=TODAY,
    )

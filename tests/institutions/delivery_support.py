"""Residents for the services tests, made with the ORM until the residents services exist
(the lead swaps ``admit`` and ``refuse`` for ``residents.resident_apply`` at the merge)."""

from __future__ import annotations

from datetime import date

from guanai.institutions.models import Institution, Resident
from tests import factories
from tests.institutions.support import TODAY


def admit(
    institution: Institution,
    name: str = "张三",
    *,
    started_on: date = date(2026, 9, 1),
    ended_on: date | None = None,
    mode: str = "residential",
) -> Resident:
    """Return an admitted resident of ``institution``: a registry person of the township
    above it, staying from ``started_on``."""
    person = factories.person(institution.org_unit.parent, name, born=date(1990, 5, 1))
    return Resident.objects.create(
        institution=institution,
        person=person,
        mode=mode,
        decision="admitted",
        applied_on=started_on,
        started_on=started_on,
        ended_on=ended_on,
    )


def refuse(institution: Institution, name: str = "李四") -> Resident:
    """Return a refused applicant of ``institution``."""
    person = factories.person(institution.org_unit.parent, name, born=date(1950, 5, 1))
    return Resident.objects.create(
        institution=institution,
        person=person,
        mode="residential",
        decision="refused",
        applied_on=TODAY,
        reason="年龄 76 岁，不在 16—59 岁的就业年龄段",
    )

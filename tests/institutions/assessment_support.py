"""Residents and service logs written through the ORM (the residents and services features
are another step's), and an assessor: a worker of the county."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from guanai.accounts.models import Role, User
from guanai.institutions.models import Institution, Resident, ServiceLog
from tests import factories
from tests.conftest import Region


def resident(
    institution: Institution,
    name: str,
    *,
    started_on: date,
    ended_on: date | None = None,
    mode: str = "residential",
    sessions: Iterable[tuple[date, int]] = (),
) -> Resident:
    """Return an admitted resident of ``institution`` with a service log per session
    (day, minutes)."""
    person = factories.person(institution.org_unit.parent, name)
    stay = Resident.objects.create(
        institution=institution,
        person=person,
        mode=mode,
        decision="admitted",
        applied_on=started_on,
        started_on=started_on,
        ended_on=ended_on,
    )
    ServiceLog.objects.bulk_create(
        ServiceLog(resident=stay, on=on, type="daily_care", minutes=minutes)
        for on, minutes in sessions
    )
    return stay


def refused(institution: Institution, name: str, applied_on: date) -> Resident:
    return Resident.objects.create(
        institution=institution,
        person=factories.person(institution.org_unit.parent, name),
        mode="residential",
        decision="refused",
        applied_on=applied_on,
        reason="年龄不符",
    )


def assessor(region: Region, role: Role = Role.WORKER) -> User:
    return factories.user(unit=region.county, role=role, full_name="县残联考核员")

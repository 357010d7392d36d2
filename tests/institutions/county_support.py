"""Residents of the county-view and KPI tests, written to the table as they are (the
residents' services are another step's): a registry person of the institution's township,
disabled of a type or a five-guarantee person, admitted or refused."""

from __future__ import annotations

import itertools
from datetime import date

from guanai.institutions.models import Decision, Institution, ResidenceMode, Resident
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category
from tests import factories

_names = (f"住户{n}" for n in itertools.count(1))


def resident(
    institution: Institution,
    *,
    disability: int | None = None,
    tekun: bool = False,
    started: date = date(2026, 1, 1),
    ended: date | None = None,
    refused: bool = False,
    unit: OrgUnit | None = None,
) -> Resident:
    """A person of the institution's parent unit (or ``unit``) living there from
    ``started`` until ``ended``, or refused; disabled of type ``disability`` (1 视力 … 7
    多重) or a five-guarantee person when asked."""
    categories = []
    details = None
    if disability is not None:
        categories.append(Category.DISABLED)
        details = {"type": disability, "grade": 2}
    if tekun:
        categories.append(Category.TEKUN)
    person = factories.person(
        unit or institution.org_unit.parent,
        next(_names),
        born=date(1950, 5, 5),
        categories=categories,
        details=details,
    )
    return Resident.objects.create(
        institution=institution,
        person=person,
        mode=ResidenceMode.RESIDENTIAL,
        decision=Decision.REFUSED if refused else Decision.ADMITTED,
        applied_on=date(2025, 12, 1),
        reason="不符合条件" if refused else "",
        started_on=None if refused else started,
        ended_on=ended,
    )

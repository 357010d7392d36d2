"""Helpers of the coverage and targets tests: a request delivered on a given day, through the
services, and a target set by 冷碛镇's leader."""

from __future__ import annotations

from datetime import date, timedelta

from guanai.inkind.applications import application_create, application_decide, application_deliver
from guanai.inkind.coverage import TargetData, target_create
from guanai.inkind.models import Application, ApplicationSource, ServiceTarget
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests.inkind.support import World, service

TODAY = date(2026, 12, 7)


def delivered(world: World, person: Person, code: str, on: date) -> Application:
    """Ask for, approve and deliver ``code`` for ``person``, delivered on ``on``."""
    asked = application_create(
        world.county_leader,
        person=person,
        service=service(code),
        source=ApplicationSource.OFFICE,
        requested_on=on - timedelta(days=2),
    )
    approved = application_decide(
        world.county_leader,
        asked,
        version=asked.version,
        approve=True,
        on=on - timedelta(days=1),
    )
    return application_deliver(
        world.county_leader,
        approved,
        version=approved.version,
        on=on,
        serial_number=f"SN-{person.pk}-{code}",
    )


def target(
    world: World,
    *,
    unit: OrgUnit | None = None,
    code: str = "wheelchair",
    title: str = "轮椅应配尽配",
    years: tuple[int, int] = (2025, 2027),
    measure: str = "all_served",
    goal: int | None = None,
) -> ServiceTarget:
    return target_create(
        world.county_leader,
        unit=unit or world.region.lengqi,
        data=TargetData(
            service=service(code),
            title=title,
            start_year=years[0],
            end_year=years[1],
            measure=measure,
            goal=goal,
        ),
    )

"""Shared set-up of the acknowledgement list tests: plan 四's visit with its roles and the
school's donations on the day and before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from guanai.community.giving import Destined, DonationData, donation_record
from guanai.community.models import Volunteer, VolunteerVisit
from guanai.community.models.giving import Donation
from guanai.community.volunteers import visit_role_add, visit_sign_up
from guanai.core.actors import SYSTEM
from tests.community import support
from tests.community.support import Club
from tests.conftest import Region


@dataclass
class Visit:
    club: Club
    visit: VolunteerVisit
    volunteers: list[Volunteer]


def gift(
    region: Region,
    *,
    donor: str,
    kind: str = "person",
    amount: str = "500",
    days_before: int = 0,
    visit: VolunteerVisit | None = None,
) -> Donation:
    return donation_record(
        acting_user=SYSTEM,
        data=DonationData(
            donor_kind=kind,
            donor_name=donor,
            kind="cash",
            destination="unit",
            amount=amount,
            on=timezone.localdate() - timedelta(days=days_before),
        ),
        to=Destined(org_unit=region.lengqi_school, visit=visit),
    )


def plan_four(region: Region, count: int = 4) -> Visit:
    """A visit of the club to 冷碛镇中心小学 today: ``count`` participants; the first leads
    and drives, the second scouted, the third gave the lead."""
    club = support.club_of(region)
    team = support.volunteers(club, count)
    visit = support.visit(region, club)
    visit_sign_up(acting_user=SYSTEM, visit=visit, volunteers=team)
    for volunteer, role in [
        (team[0], "lead"),
        (team[0], "driver"),
        (team[1 % count], "scout"),
        (team[2 % count], "lead_giver"),
    ]:
        visit_role_add(acting_user=SYSTEM, visit=visit, volunteer=volunteer, role=role)
    return Visit(club=club, visit=visit, volunteers=team)

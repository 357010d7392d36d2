"""The volunteers demo: the county's association with 40 volunteers and plan 四's visit with
55 participants on National Day for Helping the Disabled (issue 16, point 9)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from guanai.accounts.models import User
from guanai.community.models import ServiceShift, VisitRole, VisitRoleKind, Volunteer
from guanai.community.thanks import GROUPS, groups_of
from guanai.community.volunteers import visits_list, volunteers_list
from guanai.ops.demo import demo_build
from guanai.ops.demo.community_volunteers import demo_volunteers, helping_the_disabled_day


@pytest.mark.parametrize(
    ("year", "day"),
    [(2014, date(2014, 5, 18)), (2025, date(2025, 5, 18)), (2026, date(2026, 5, 17))],
)
def test_the_day_is_the_third_sunday_of_may(year: int, day: date) -> None:
    # Plan 四: "xx年5月18日是第二十四次全国助残日" — the 24th was in 2014, on 18 May.
    assert helping_the_disabled_day(year) == day


@pytest.mark.django_db
def test_the_association_and_plan_four_visit() -> None:
    # Given the demo's units and accounts
    units = demo_build(roster=False)
    today = date(2026, 12, 6)

    made = demo_volunteers(units, today)

    # Then the association keeps 40 active volunteers and the 15 of the day only
    group = units["volunteers"]
    assert made == 55
    assert Volunteer.objects.filter(group=group, is_active=True).count() == 40
    assert Volunteer.objects.filter(group=group, is_active=False).count() == 15
    assert Volunteer.objects.get(user__username="volunteer").name == "泽仁拉姆"
    # And the visit was on 17 May 2026 at the care centre, with 55 participants and the roles
    # of the thank-you list, every shift confirmed
    [visit] = visits_list(User.objects.get(username="county_leader"))
    assert timezone.localtime(visit.event.starts_at).date() == date(2026, 5, 17)
    assert visit.event.org_unit == units["institution"]
    assert visit.signed_count == 55
    roles = VisitRole.objects.filter(visit=visit)
    assert {r.role for r in roles} == set(VisitRoleKind.values)
    assert roles.filter(role=VisitRoleKind.DRIVER).count() == 6
    shifts = ServiceShift.objects.filter(visit=visit)
    assert shifts.count() == 55
    assert not shifts.filter(confirmed_at__isnull=True).exists()
    # And the hours count in 2026: six to seven and a half hours each
    hours = {
        v.hours_year for v in volunteers_list(User.objects.get(username="county_leader"), year=2026)
    }
    assert min(hours) >= Decimal("6.0") and max(hours) <= Decimal("8.0")
    # And its acknowledgement list is made, every group of plan 四 in it
    assert [g.key for g in groups_of(visit.acknowledgement)] == list(GROUPS)
    # And a second run changes nothing
    assert demo_volunteers(units, today) == 0
    assert Volunteer.objects.count() == 55


@pytest.mark.django_db
def test_before_the_day_the_visit_is_last_years() -> None:
    units = demo_build(roster=False)

    demo_volunteers(units, date(2026, 3, 1))

    [visit] = visits_list(User.objects.get(username="county_leader"))
    assert timezone.localtime(visit.event.starts_at).date() == date(2025, 5, 18)

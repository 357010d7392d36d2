"""Who does a unit's work: the staff holding a role in it, else in the nearest unit above."""

from __future__ import annotations

from guanai.accounts import scoping
from guanai.accounts.models import Membership, MembershipStatus, Role
from tests import factories
from tests.conftest import Region
from tests.support.queries import assert_num_queries


def test_the_units_own_staff_else_the_nearest_unit_above_with_some(region: Region) -> None:
    county_leader = factories.user(unit=region.county, role=Role.LEADER)
    township_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    school_leader = factories.user(unit=region.lengqi_school, role=Role.LEADER)
    factories.user(unit=region.lengqi_school, role=Role.WORKER)  # another role: not asked

    with assert_num_queries(1):
        staff = scoping.nearest_staff(
            [region.lengqi_school, region.ganlusi, region.xinglong], {Role.LEADER}
        )

    assert staff == {
        region.lengqi_school.pk: {school_leader.pk},  # its own, not the township's too
        region.ganlusi.pk: {township_leader.pk},  # no leader in the village: the township's
        region.xinglong.pk: {county_leader.pk},  # none in the township: the county's
    }


def test_without_up_only_the_units_own_staff_count(region: Region) -> None:
    factories.user(unit=region.lengqi, role=Role.LEADER)
    worker = factories.user(unit=region.ganlusi, role=Role.WORKER)
    staff = scoping.nearest_staff(
        [region.ganlusi, region.lengqi_school], {Role.LEADER, Role.WORKER}, up=False
    )
    assert staff == {region.ganlusi.pk: {worker.pk}, region.lengqi_school.pk: set()}


def test_a_role_not_in_force_or_a_closed_account_is_nobodys_staff(region: Region) -> None:
    township_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    closed = factories.user(unit=region.lengqi_school, role=Role.LEADER)
    closed.is_active = False
    closed.save()
    waiting = factories.user(unit=region.lengqi_school, role=Role.LEADER)
    Membership.objects.filter(user=waiting).update(status=MembershipStatus.PENDING)

    staff = scoping.nearest_staff([region.lengqi_school], [Role.LEADER])

    # Nobody in force at the school: the work goes up to the township's leader.
    assert staff == {region.lengqi_school.pk: {township_leader.pk}}


def test_no_units_asks_nothing(region: Region) -> None:
    with assert_num_queries(0):
        assert scoping.nearest_staff([], [Role.LEADER]) == {}

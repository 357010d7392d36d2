"""Volunteers and visits through the services: what is stored, what is refused and why."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone, translation

from guanai.accounts.models import Role, User
from guanai.community.models import ServiceShift, VisitRole, VisitRoleKind, Volunteer
from guanai.community.volunteers import (
    VolunteerData,
    access_visit,
    access_volunteer,
    check_in,
    check_out,
    hours_by_group,
    shifts_confirm_all,
    visit_role_add,
    visit_sign_up,
    volunteer_add,
    volunteer_update,
    volunteers_list,
    volunteers_visible,
    yearly_hours,
)
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from tests import factories
from tests.community.support import Club, club_of, visit, volunteers
from tests.conftest import Region


@pytest.fixture
def club(region: Region) -> Club:
    return club_of(region)


@pytest.fixture(autouse=True)
def english() -> None:
    translation.activate("en")


def data(**changes: object) -> VolunteerData:
    values: dict[str, object] = {"name": "王芳", "joined_on": date(2024, 3, 1)}
    values.update(changes)
    return VolunteerData(**values)  # type: ignore[arg-type]


def test_a_coordinator_adds_a_volunteer_with_an_encrypted_phone(club: Club) -> None:
    volunteer = volunteer_add(
        acting_user=club.coordinator,
        group=club.group,
        data=data(
            name=" 王  芳 ",
            phone="138 1234 5678",
            skills=["driving", "writing"],
            availability="周末",
        ),
    )

    stored = Volunteer.objects.get()
    assert stored == volunteer
    assert (stored.name, stored.phone, stored.skills) == (
        "王 芳",
        "13812345678",
        ["driving", "writing"],
    )
    assert (stored.name_pinyin, stored.name_initials) == ("wangfang", "wf")
    raw = Volunteer.objects.filter(pk=stored.pk).values_list("phone", flat=True).query
    assert "13812345678" not in str(raw)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter the volunteer's name."),
        ({"name": "王" * 51}, "name", None),
        ({"phone": "1381234567"}, "phone", "A mobile number has 11 digits; this one has 10."),
        ({"skills": ["flying"]}, "skills", "Unknown skill: flying."),
        ({"availability": "周末" * 51}, "availability", None),
        ({"joined_on": date(2999, 1, 1)}, "joined_on", "2999-01-01 is in the future."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    club: Club, changes: dict[str, object], field: str, message: str | None
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        volunteer_add(acting_user=club.coordinator, group=club.group, data=data(**changes))

    assert refused.value.field == field
    if message:
        assert str(refused.value.message) == message
    assert not Volunteer.objects.exists()


def test_a_worker_of_another_unit_may_not_add_volunteers(
    club: Club, other_township_worker: User
) -> None:
    with pytest.raises(PermissionRefused):
        volunteer_add(acting_user=other_township_worker, group=club.group, data=data())
    assert not Volunteer.objects.exists()


def test_an_account_belongs_to_one_volunteer_and_must_hold_the_volunteer_role(
    club: Club, region: Region
) -> None:
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    volunteer_add(acting_user=club.coordinator, group=club.group, data=data(user=account))

    with pytest.raises(ValidationFailed, match="already belongs to another volunteer"):
        volunteer_add(acting_user=club.coordinator, group=club.group, data=data(user=account))
    with pytest.raises(ValidationFailed, match="holds no volunteer role"):
        volunteer_add(acting_user=club.coordinator, group=club.group, data=data(user=club.host))
    assert Volunteer.objects.count() == 1


def test_a_stale_edit_is_refused(club: Club) -> None:
    volunteer = volunteer_add(acting_user=club.coordinator, group=club.group, data=data())
    volunteer_update(
        acting_user=club.coordinator, volunteer=volunteer, data=data(availability="周末"), version=1
    )

    with pytest.raises(StaleEdit):
        volunteer_update(
            acting_user=club.coordinator, volunteer=volunteer, data=data(name="李娜"), version=1
        )
    assert Volunteer.objects.get().name == "王芳"


def test_who_sees_which_volunteers(
    club: Club, region: Region, county_leader: User, other_township_worker: User
) -> None:
    # Given a group of three volunteers, one of them with an account
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    first, *_rest = volunteers(club, 2)
    own = volunteer_add(acting_user=club.coordinator, group=club.group, data=data(user=account))

    # Then the group's worker and the county's leader see all three, the volunteer their
    # own record, a township's worker none, and outside their scope a record is 404
    assert volunteers_visible(club.coordinator).count() == 3
    assert volunteers_visible(county_leader).count() == 3
    assert list(volunteers_visible(account)) == [own]
    assert not volunteers_visible(other_township_worker).exists()
    with pytest.raises(Http404):
        access_volunteer(account, first.pk)
    with pytest.raises(Http404):
        access_volunteer(other_township_worker, own.pk)


def test_sign_up_stops_at_the_cap_and_a_refusal_signs_nobody_up(club: Club, region: Region) -> None:
    # Given a visit for three volunteers, two of them signed up
    trip = visit(region, club, cap=3)
    group = volunteers(club, 5)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=group[:2])

    # When two more are signed up at once
    with pytest.raises(ValidationFailed) as refused:
        visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=group[2:4])

    # Then neither is, in so many words, and signing up one still works
    assert str(refused.value.message) == (
        "Only 1 place is left for 2 volunteers; nobody was signed up."
    )
    assert VisitRole.objects.filter(visit=trip).count() == 2
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=group[2:3])
    # And signing up those already signed up changes nothing
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=group[:3])
    assert VisitRole.objects.filter(visit=trip, role=VisitRoleKind.PARTICIPANT).count() == 3


def test_a_volunteer_signs_up_themselves_and_nobody_else(club: Club, region: Region) -> None:
    trip = visit(region, club)
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    own = volunteer_add(acting_user=club.coordinator, group=club.group, data=data(user=account))
    [other] = volunteers(club, 1)

    visit_sign_up(acting_user=account, visit=trip, volunteers=[own])
    with pytest.raises(PermissionRefused):
        visit_sign_up(acting_user=account, visit=trip, volunteers=[other])

    assert [r.volunteer for r in VisitRole.objects.filter(visit=trip)] == [own]
    # And the volunteer sees the visit of their group
    assert access_visit(account, trip.pk) == trip


def test_one_volunteer_may_hold_several_roles(club: Club, region: Region) -> None:
    trip = visit(region, club)
    [driver] = volunteers(club, 1)

    for role in ("driver", "writer", "scout", "driver"):
        visit_role_add(acting_user=club.coordinator, visit=trip, volunteer=driver, role=role)

    assert sorted(VisitRole.objects.values_list("role", flat=True)) == ["driver", "scout", "writer"]
    with pytest.raises(ValidationFailed):
        visit_role_add(acting_user=club.coordinator, visit=trip, volunteer=driver, role="pilot")
    with pytest.raises(PermissionRefused):
        visit_role_add(acting_user=club.host, visit=trip, volunteer=driver, role="lead")


def test_check_in_out_and_the_hosts_confirmation_give_the_yearly_hours(
    club: Club, region: Region
) -> None:
    # Given two volunteers signed up for a visit
    start = timezone.now().replace(microsecond=0) - timedelta(hours=8)
    trip = visit(region, club, start=start)
    first, second = volunteers(club, 2)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=[first, second])

    # When both check in, one checks out after 4 h 20 min, the other stays on
    for v in (first, second):
        check_in(acting_user=club.coordinator, visit=trip, volunteer=v, at=start)
    shift = check_out(
        acting_user=club.coordinator,
        visit=trip,
        volunteer=first,
        at=start + timedelta(hours=4, minutes=20),
    )

    # Then the shift has 4.5 hours, not counted until the host confirms
    assert shift.hours == Decimal("4.5")
    year = timezone.localtime(start).year
    assert yearly_hours(first, year) == Decimal("0")
    with pytest.raises(PermissionRefused):
        shifts_confirm_all(acting_user=club.coordinator, visit=trip)
    assert shifts_confirm_all(acting_user=club.host, visit=trip) == 1
    assert yearly_hours(first, year) == Decimal("4.5")
    listed = {v.name: v.hours_year for v in volunteers_list(club.coordinator, year=year)}
    assert listed == {first.name: Decimal("4.5"), second.name: Decimal("0")}
    # And the still-open shift waits for its check-out
    assert ServiceShift.objects.get(volunteer=second).confirmed_at is None


def test_check_in_needs_a_sign_up_and_happens_once(club: Club, region: Region) -> None:
    trip = visit(region, club)
    first, stranger = volunteers(club, 2)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=[first])

    with pytest.raises(ValidationFailed, match="is not signed up"):
        check_in(acting_user=club.coordinator, visit=trip, volunteer=stranger)
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first)
    with pytest.raises(ValidationFailed, match="has checked in already"):
        check_in(acting_user=club.coordinator, visit=trip, volunteer=first)
    assert ServiceShift.objects.count() == 1


def test_a_check_out_two_days_later_is_refused(club: Club, region: Region) -> None:
    # (The visit's window is closed by then: ``test_volunteers_shifts`` has the rule.)
    start = timezone.now().replace(microsecond=0) - timedelta(days=2)
    trip = visit(region, club, start=start)
    [first] = volunteers(club, 1)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=[first])
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=start)

    with pytest.raises(ValidationFailed, match="a coordinator can correct the times"):
        check_out(acting_user=club.coordinator, visit=trip, volunteer=first)
    assert ServiceShift.objects.get().out_at is None


def test_a_visit_is_hidden_from_other_townships(
    club: Club, region: Region, other_township_worker: User, township_worker: User
) -> None:
    trip = visit(region, club)

    assert access_visit(township_worker, trip.pk) == trip
    with pytest.raises(Http404):
        access_visit(other_township_worker, trip.pk)


def test_the_hours_by_group_count_confirmed_shifts_of_the_year(
    club: Club, region: Region, county_leader: User, other_township_worker: User
) -> None:
    # Given a group of three active volunteers and one who left, two of whom served on a
    # visit, one shift confirmed (3 h) and one not
    start = timezone.now().replace(microsecond=0) - timedelta(hours=5)
    trip = visit(region, club, start=start)
    first, second, _third, left = volunteers(club, 4)
    volunteer_update(
        acting_user=club.coordinator,
        volunteer=left,
        data=data(name=left.name, is_active=False),
        version=left.version,
    )
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=[first, second])
    for v in (first, second):
        check_in(acting_user=club.coordinator, visit=trip, volunteer=v, at=start)
    check_out(
        acting_user=club.coordinator, visit=trip, volunteer=first, at=start + timedelta(hours=3)
    )
    shifts_confirm_all(acting_user=club.host, visit=trip)
    check_out(
        acting_user=club.coordinator, visit=trip, volunteer=second, at=start + timedelta(hours=4)
    )
    year = timezone.localtime(start).year

    # Then the county's leader reads the group's year, and a township's worker no group
    [row] = hours_by_group(county_leader, year)
    assert (row, row.active, row.served, row.hours) == (club.group, 3, 1, Decimal("3.0"))
    [empty] = hours_by_group(county_leader, year - 1)
    assert (empty.active, empty.served, empty.hours) == (3, 0, Decimal("0"))
    assert not hours_by_group(other_township_worker, year).exists()

"""A visit's shifts through the services: check-in and check-out on the visit's day only
(a night visit's check-out the next morning), a coordinator's correction with its reason
until the hours are confirmed, and the access log naming corrections and confirmations."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from guanai.accounts.models import Role, User
from guanai.community.models import ServiceShift, VolunteerVisit
from guanai.community.volunteers import (
    CHECK_GRACE,
    VolunteerData,
    check_in,
    check_out,
    check_window,
    shift_correct,
    shifts_confirm_all,
    visit_sign_up,
    volunteer_add,
)
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.community.support import Club, club_of, visit, volunteers
from tests.conftest import Region

ZONE = timezone.get_default_timezone()
# A day well in the past, so that every time of the tests has happened already.
DAY = timezone.localdate() - timedelta(days=10)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


@pytest.fixture
def club(region: Region) -> Club:
    return club_of(region)


@pytest.fixture(autouse=True)
def english() -> None:
    translation.activate("en")


def signed_visit(
    region: Region, club: Club, start: datetime, hours: float = 6
) -> tuple[VolunteerVisit, list]:
    trip = visit(region, club, start=start)
    trip.event.ends_at = start + timedelta(hours=hours)
    trip.event.save(update_fields=["ends_at"])
    group = volunteers(club, 2)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=group)
    return trip, group


# --- the window ---------------------------------------------------------------


def test_a_day_visit_takes_check_ins_that_day_only(club: Club, region: Region) -> None:
    # Given a visit from 09:00 to 15:00
    trip, (first, _second) = signed_visit(region, club, local(DAY, 9))

    # Then a check-in the evening before and one just after midnight are refused, saying
    # when the window opens and when it closed
    with pytest.raises(ValidationFailed) as early:
        check_in(
            acting_user=club.coordinator,
            visit=trip,
            volunteer=first,
            at=local(DAY, 0) - timedelta(minutes=1),
        )
    assert str(early.value.message) == (
        f"The visit has not begun: check-in opens on {DAY:%Y-%m-%d} 00:00."
    )
    next_day = DAY + timedelta(days=1)
    with pytest.raises(ValidationFailed) as late:
        check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(next_day, 0))
    assert str(late.value.message) == (
        f"Check-in and check-out for this visit closed at {next_day:%Y-%m-%d} 00:00; "
        "a coordinator can correct the times."
    )
    assert not ServiceShift.objects.exists()

    # And an early arrival and a late check-out the same evening are taken
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 7, 30))
    shift = check_out(
        acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 23, 59)
    )
    assert shift.hours == Decimal("16.5")


def test_a_check_out_the_day_after_a_day_visit_is_refused_and_the_shift_stays_open(
    club: Club, region: Region
) -> None:
    trip, (first, _second) = signed_visit(region, club, local(DAY, 9))
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 9))

    with pytest.raises(ValidationFailed, match="closed at"):
        check_out(acting_user=club.coordinator, visit=trip, volunteer=first)

    assert ServiceShift.objects.get().out_at is None


def test_a_night_visit_takes_a_check_in_past_midnight_and_a_check_out_next_morning(
    club: Club, region: Region
) -> None:
    # Given plan 四's night visit, from 20:00 to 01:30 the next day
    trip, (first, second) = signed_visit(region, club, local(DAY, 20), hours=5.5)
    morning = DAY + timedelta(days=1)

    # When one volunteer arrives just past midnight and both leave in the morning
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 20))
    check_in(acting_user=club.coordinator, visit=trip, volunteer=second, at=local(morning, 0, 10))
    shift = check_out(
        acting_user=club.coordinator, visit=trip, volunteer=first, at=local(morning, 5, 29)
    )

    # Then the first served 9.5 hours, and a check-out after 05:30 (01:30 and four hours)
    # is refused
    assert shift.hours == Decimal("9.5")
    with pytest.raises(ValidationFailed, match=f"closed at {morning:%Y-%m-%d} 05:30"):
        check_out(
            acting_user=club.coordinator, visit=trip, volunteer=second, at=local(morning, 5, 30)
        )
    assert ServiceShift.objects.get(volunteer=second).out_at is None


def test_a_shift_of_a_visit_of_several_days_lasts_at_most_24_hours(
    club: Club, region: Region
) -> None:
    trip, (first, _second) = signed_visit(region, club, local(DAY, 9), hours=48)
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 9))

    with pytest.raises(ValidationFailed, match="at most 24 hours"):
        check_out(
            acting_user=club.coordinator,
            visit=trip,
            volunteer=first,
            at=local(DAY + timedelta(days=1), 10),
        )
    assert ServiceShift.objects.get().out_at is None


MOMENTS = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis adds the zone
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(ZONE),
)


@given(start=MOMENTS, minutes=st.integers(min_value=0, max_value=3 * 24 * 60))
def test_the_window_holds_the_start_day_and_the_event_with_its_grace(
    start: datetime, minutes: int
) -> None:
    end = start + timedelta(minutes=minutes)

    opens, closes = check_window(start, end, ZONE)

    # It opens at the midnight that begins the start's day, and holds that whole day
    assert opens.astimezone(ZONE).time() == time(0) and opens.date() == start.date()
    assert closes >= opens + timedelta(days=1)
    # It holds the event and the grace after it, and closes no later than the later of
    # the two ends
    assert closes >= end + CHECK_GRACE
    assert closes == max(opens + timedelta(days=1), end + CHECK_GRACE)


# --- corrections --------------------------------------------------------------


def test_a_correction_recomputes_the_hours_and_is_in_the_access_log(
    club: Club, region: Region
) -> None:
    # Given a volunteer who checked out after two hours, but stayed on till 14:20
    trip, (first, _second) = signed_visit(region, club, local(DAY, 9))
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 9))
    check_out(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 11))

    # When the coordinator corrects the check-out with the reason
    shift = shift_correct(
        acting_user=club.coordinator,
        visit=trip,
        volunteer=first,
        in_at=local(DAY, 9),
        out_at=local(DAY, 14, 20),
        reason="  误点签退， 实际留到下午 ",
    )

    # Then the hours follow, and the access log keeps who, why and the times before
    stored = ServiceShift.objects.get()
    assert (stored.out_at, stored.hours) == (local(DAY, 14, 20), Decimal("5.5"))
    assert shift.hours == Decimal("5.5")
    row = AccessLog.objects.get(action=AuditAction.SHIFT_CORRECT)
    assert (row.user, row.object_id) == (club.coordinator, str(stored.pk))
    assert row.detail["reason"] == "误点签退， 实际留到下午"
    assert (row.detail["visit"], row.detail["volunteer"]) == (trip.pk, first.pk)
    assert (row.detail["before"]["hours"], row.detail["after"]["hours"]) == ("2.0", "5.5")


def test_the_host_records_a_forgotten_shift(club: Club, region: Region) -> None:
    trip, (first, _second) = signed_visit(region, club, local(DAY, 20), hours=5.5)
    morning = DAY + timedelta(days=1)

    shift_correct(
        acting_user=club.host,
        visit=trip,
        volunteer=first,
        in_at=local(DAY, 20),
        out_at=local(morning, 1, 30),
        reason="忘记签到",
    )

    stored = ServiceShift.objects.get()
    assert (stored.in_at, stored.hours, stored.confirmed_at) == (
        local(DAY, 20),
        Decimal("5.5"),
        None,
    )
    row = AccessLog.objects.get(action=AuditAction.SHIFT_CORRECT)
    assert row.user == club.host and row.detail["before"]["in_at"] is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": "   "}, "reason", "Give the reason for the correction."),
        ({"reason": "忘" * 201}, "reason", "Write at most 200 characters here."),
        ({"out_at": local(DAY, 8)}, "out_at", "The check-out cannot be before the check-in."),
        (
            {"in_at": local(DAY - timedelta(days=1), 23)},
            "in_at",
            f"The check-in must be in the visit's hours: from {DAY:%Y-%m-%d} 00:00 to "
            f"{DAY + timedelta(days=1):%Y-%m-%d} 00:00.",
        ),
        (
            {"out_at": timezone.now() + timedelta(hours=1)},
            "out_at",
            "A time still to come cannot be recorded.",
        ),
        (
            {"out_at": local(DAY, 11)},
            None,
            "These are the times recorded already: nothing to correct.",
        ),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(
    club: Club, region: Region, changes: dict[str, object], field: str | None, message: str
) -> None:
    trip, (first, _second) = signed_visit(region, club, local(DAY, 9))
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 9))
    check_out(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 11))
    values: dict[str, object] = {
        "in_at": local(DAY, 9),
        "out_at": local(DAY, 15),
        "reason": "忘记签退",
    }
    values.update(changes)

    with pytest.raises(ValidationFailed) as refused:
        shift_correct(acting_user=club.coordinator, visit=trip, volunteer=first, **values)  # type: ignore[arg-type]

    assert (refused.value.field, str(refused.value.message)) == (field, message)
    stored = ServiceShift.objects.get()
    assert (stored.out_at, stored.hours) == (local(DAY, 11), Decimal("2.0"))
    assert not AccessLog.objects.filter(action=AuditAction.SHIFT_CORRECT).exists()


def test_a_correction_is_refused_once_the_hours_are_confirmed(club: Club, region: Region) -> None:
    # Given a shift the host confirmed
    trip, (first, _second) = signed_visit(region, club, local(DAY, 9))
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 9))
    check_out(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 11))
    shifts_confirm_all(acting_user=club.host, visit=trip)

    # When the coordinator tries to correct it
    with pytest.raises(ValidationFailed) as refused:
        shift_correct(
            acting_user=club.coordinator,
            visit=trip,
            volunteer=first,
            in_at=local(DAY, 9),
            out_at=local(DAY, 15),
            reason="忘记签退",
        )

    # Then it is refused in so many words, and the confirmed hours stay
    assert str(refused.value.message) == (
        f"The hours of {first.name} are confirmed already: they can no longer be corrected."
    )
    assert ServiceShift.objects.get().hours == Decimal("2.0")
    assert not AccessLog.objects.filter(action=AuditAction.SHIFT_CORRECT).exists()


def test_only_the_coordinators_and_the_host_correct(
    club: Club, region: Region, other_township_worker: User
) -> None:
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    own = volunteer_add(
        acting_user=club.coordinator,
        group=club.group,
        data=VolunteerData(name="王芳", joined_on=date(2024, 3, 1), user=account),
    )
    trip, _group = signed_visit(region, club, local(DAY, 9))
    visit_sign_up(acting_user=account, visit=trip, volunteers=[own])

    for outsider in (account, other_township_worker):
        with pytest.raises(PermissionRefused):
            shift_correct(
                acting_user=outsider,
                visit=trip,
                volunteer=own,
                in_at=local(DAY, 9),
                out_at=local(DAY, 15),
                reason="自己改",
            )
    assert not ServiceShift.objects.exists()


def test_only_a_signed_up_volunteer_gets_a_shift_recorded(club: Club, region: Region) -> None:
    trip, _group = signed_visit(region, club, local(DAY, 9))
    [stranger] = volunteers(club, 1, first=5)

    with pytest.raises(ValidationFailed, match="is not signed up"):
        shift_correct(
            acting_user=club.coordinator,
            visit=trip,
            volunteer=stranger,
            in_at=local(DAY, 9),
            out_at=local(DAY, 15),
            reason="补录",
        )
    assert not ServiceShift.objects.exists()


# --- confirmation -------------------------------------------------------------


def test_the_confirmation_is_in_the_access_log_once_with_its_shifts(
    club: Club, region: Region
) -> None:
    trip, (first, second) = signed_visit(region, club, local(DAY, 9))
    for v, hours in ((first, 2), (second, 3)):
        check_in(acting_user=club.coordinator, visit=trip, volunteer=v, at=local(DAY, 9))
        check_out(acting_user=club.coordinator, visit=trip, volunteer=v, at=local(DAY, 9 + hours))

    assert shifts_confirm_all(acting_user=club.host, visit=trip) == 2
    assert shifts_confirm_all(acting_user=club.host, visit=trip) == 0

    row = AccessLog.objects.get(action=AuditAction.HOURS_CONFIRM)
    assert (row.user, row.object_id) == (club.host, str(trip.pk))
    assert sorted(row.detail["shifts"]) == sorted(ServiceShift.objects.values_list("pk", flat=True))
    assert row.detail["hours"] == "5.0"

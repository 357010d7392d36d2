"""A visit's shifts through the API: check-in refused outside the visit's day, a
coordinator's correction (the reason required, refused after confirmation, 403 to a
volunteer, 404 to another township), the sign-up's account among the event's helpers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.community.models import ServiceShift, VolunteerVisit
from guanai.community.volunteers import (
    VolunteerData,
    check_in,
    shifts_confirm_all,
    visit_sign_up,
    volunteer_add,
)
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.api.conftest import bearer
from tests.community.support import Club, club_of, visit, volunteers
from tests.conftest import Region

VISITS = "/api/community/visits"
EN = {"Accept-Language": "en"}
ZONE = timezone.get_default_timezone()
DAY = timezone.localdate() - timedelta(days=2)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(Client(), method)(
        path, body, content_type="application/json", headers={**headers, **EN}
    )


@pytest.fixture
def club(region: Region) -> Club:
    return club_of(region)


def past_visit(region: Region, club: Club) -> tuple[VolunteerVisit, list[Any]]:
    trip = visit(region, club, start=local(DAY, 9))
    group = volunteers(club, 2)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=group)
    return trip, group


def test_a_check_in_two_days_late_is_refused(club: Club, region: Region) -> None:
    trip, (first, _second) = past_visit(region, club)

    answer = send(
        "post", f"{VISITS}/{trip.pk}/check-in", {"volunteer_id": first.pk}, bearer(club.coordinator)
    )

    assert answer.status_code == 400
    assert answer.json()["detail"] == (
        f"Check-in and check-out for this visit closed at {DAY + timedelta(days=1):%Y-%m-%d} "
        "00:00; a coordinator can correct the times."
    )
    assert not ServiceShift.objects.exists()


def test_a_coordinator_corrects_a_shift_through_the_api(club: Club, region: Region) -> None:
    trip, (first, _second) = past_visit(region, club)
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 9))
    url = f"{VISITS}/{trip.pk}/shifts/{first.pk}"
    auth = bearer(club.coordinator)
    body = {
        "in_at": f"{DAY:%Y-%m-%d}T08:30",
        "out_at": f"{DAY:%Y-%m-%d}T16:00",
        "reason": "忘记签退",
    }

    # A blank reason is refused with its message, a missing one by the schema
    blank = send("put", url, {**body, "reason": "  "}, auth)
    assert (blank.status_code, blank.json()["detail"]) == (
        400,
        "Give the reason for the correction.",
    )
    missing = send("put", url, {k: v for k, v in body.items() if k != "reason"}, auth)
    assert missing.status_code == 422
    assert ServiceShift.objects.get().out_at is None

    answer = send("put", url, body, auth)

    assert answer.status_code == 200, answer.content
    [shift] = answer.json()["shifts"]
    assert Decimal(shift["hours"]) == Decimal("7.5")
    stored = ServiceShift.objects.get()
    assert (stored.in_at, stored.out_at) == (local(DAY, 8, 30), local(DAY, 16))
    assert AccessLog.objects.get(action=AuditAction.SHIFT_CORRECT).user == club.coordinator

    # And once the host confirms, a correction is refused
    shifts_confirm_all(acting_user=club.host, visit=trip)
    again = send("put", url, {**body, "out_at": f"{DAY:%Y-%m-%d}T17:00"}, auth)
    assert again.status_code == 400
    assert "confirmed already" in again.json()["detail"]
    assert ServiceShift.objects.get().hours == Decimal("7.5")
    assert AccessLog.objects.filter(action=AuditAction.SHIFT_CORRECT).count() == 1
    assert AccessLog.objects.filter(action=AuditAction.HOURS_CONFIRM).count() == 1


def test_a_volunteer_is_refused_and_another_township_gets_404(
    club: Club, region: Region, other_township_worker: User
) -> None:
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    own = volunteer_add(
        acting_user=club.coordinator,
        group=club.group,
        data=VolunteerData(name="王芳", joined_on=date(2024, 3, 1), user=account),
    )
    trip, _group = past_visit(region, club)
    visit_sign_up(acting_user=account, visit=trip, volunteers=[own])
    url = f"{VISITS}/{trip.pk}/shifts/{own.pk}"
    body = {"in_at": f"{DAY:%Y-%m-%d}T09:00", "out_at": None, "reason": "补录"}

    assert send("put", url, body, bearer(account)).status_code == 403
    assert send("put", url, body, bearer(other_township_worker)).status_code == 404
    assert not ServiceShift.objects.exists()


def test_a_sign_up_through_the_api_makes_the_account_a_helper(club: Club, region: Region) -> None:
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    own = volunteer_add(
        acting_user=club.coordinator,
        group=club.group,
        data=VolunteerData(name="王芳", joined_on=date(2024, 3, 1), user=account),
    )
    trip = visit(region, club)

    signed = send(
        "post", f"{VISITS}/{trip.pk}/sign-ups", {"volunteer_ids": [own.pk]}, bearer(account)
    )
    assert signed.status_code == 200, signed.content
    assert list(trip.event.helpers.all()) == [account]
    event = Client().get(f"/api/activities/events/{trip.pk}", headers=bearer(account))
    assert event.status_code == 200

    cancelled = send("delete", f"{VISITS}/{trip.pk}/sign-ups/{own.pk}", {}, bearer(account))
    assert cancelled.status_code == 200, cancelled.content
    assert not trip.event.helpers.exists()

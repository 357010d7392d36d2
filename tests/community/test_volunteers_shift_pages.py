"""The shift pages: a check-in outside the visit's day refused on the visit page, the
correction form a coordinator fills, refused to a volunteer and after confirmation."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role
from guanai.community.models import ServiceShift, VolunteerVisit
from guanai.community.volunteers import (
    VolunteerData,
    check_in,
    check_out,
    shifts_confirm_all,
    visit_sign_up,
    volunteer_add,
)
from guanai.core.models import AccessLog, AuditAction
from tests import factories
from tests.community.support import Club, club_of, visit, volunteers
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZONE = timezone.get_default_timezone()
DAY = timezone.localdate() - timedelta(days=3)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


@pytest.fixture
def club(region: Region) -> Club:
    return club_of(region)


def messages_of(answer: object) -> list[str]:
    return [str(m) for m in answer.context["messages"]]  # type: ignore[attr-defined]


def past_visit(region: Region, club: Club) -> VolunteerVisit:
    """A visit three days ago from 09:00 to 15:00, with two volunteers signed up."""
    trip = visit(region, club, start=local(DAY, 9))
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=volunteers(club, 2))
    return trip


def test_a_check_in_after_the_visits_day_is_refused_on_the_page(club: Club, region: Region) -> None:
    trip = past_visit(region, club)
    first = trip.roles.first().volunteer  # type: ignore[union-attr]

    answer = logged_in(club.coordinator).post(
        reverse("community:visit_check_in", args=[trip.pk]),
        {"volunteer": first.pk},
        follow=True,
        **EN,
    )

    closes = DAY + timedelta(days=1)
    assert messages_of(answer) == [
        f"Check-in and check-out for this visit closed at {closes:%Y-%m-%d} 00:00; "
        "a coordinator can correct the times."
    ]
    assert not ServiceShift.objects.exists()
    # And the page says when the visit takes check-ins
    window = answer.content.decode()
    assert f'data-closes="{local(closes, 0).isoformat()}"' in window


def test_a_coordinator_corrects_a_shift_from_the_form(club: Club, region: Region) -> None:
    # Given a shift checked out too early
    trip = past_visit(region, club)
    first = trip.roles.order_by("pk").first().volunteer  # type: ignore[union-attr]
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 9))
    check_out(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 9, 30))
    client = logged_in(club.coordinator)
    url = reverse("community:visit_shift", args=[trip.pk, first.pk])

    # When the coordinator opens the form, it holds the recorded times
    form = client.get(url).context["form"]
    assert (form["in_on"].value(), form["in_time"].value()) == (DAY, "09:00")
    assert (form["out_on"].value(), form["out_time"].value()) == (DAY, "09:30")
    # And a correction without a reason is refused beside its field
    refused = client.post(
        url,
        {"in_on": DAY, "in_time": "09:00", "out_on": DAY, "out_time": "14:00", "reason": ""},
        **EN,
    )
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert ServiceShift.objects.get().hours == Decimal("0.5")

    # When the check-out is corrected with the reason
    answer = client.post(
        url,
        {
            "in_on": DAY,
            "in_time": "09:00",
            "out_on": DAY,
            "out_time": "14:00",
            "reason": "误点了签退",
        },
        follow=True,
        **EN,
    )

    # Then the hours follow, and the access log names it
    assert messages_of(answer) == [f"The times of {first.name} are corrected: 5.0 hours."]
    assert ServiceShift.objects.get().hours == Decimal("5.0")
    row = AccessLog.objects.get(action=AuditAction.SHIFT_CORRECT)
    assert row.detail["reason"] == "误点了签退"


def test_a_check_out_time_alone_is_on_the_check_in_day(club: Club, region: Region) -> None:
    trip = past_visit(region, club)
    first = trip.roles.order_by("pk").first().volunteer  # type: ignore[union-attr]
    url = reverse("community:visit_shift", args=[trip.pk, first.pk])

    logged_in(club.host).post(
        url, {"in_on": DAY, "in_time": "09:10", "out_time": "12:10", "reason": "忘记签到"}
    )

    stored = ServiceShift.objects.get()
    assert (stored.in_at, stored.out_at, stored.hours) == (
        local(DAY, 9, 10),
        local(DAY, 12, 10),
        Decimal("3.0"),
    )


def test_a_volunteer_may_not_correct_and_a_confirmed_shift_offers_no_form(
    club: Club, region: Region
) -> None:
    # Given a volunteer with an account, signed up and confirmed
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    own = volunteer_add(
        acting_user=club.coordinator,
        group=club.group,
        data=VolunteerData(name="王芳", joined_on=date(2024, 3, 1), user=account),
    )
    trip = past_visit(region, club)
    visit_sign_up(acting_user=account, visit=trip, volunteers=[own])
    check_in(acting_user=account, visit=trip, volunteer=own, at=local(DAY, 9))
    check_out(acting_user=account, visit=trip, volunteer=own, at=local(DAY, 11))
    url = reverse("community:visit_shift", args=[trip.pk, own.pk])
    body = {"in_on": DAY, "in_time": "08:00", "out_on": DAY, "out_time": "15:00", "reason": "x"}

    # Then the volunteer is refused the form, and the page offers them no correction
    phone = logged_in(account)
    assert phone.get(url).status_code == 403
    assert phone.post(url, body).status_code == 403
    detail = phone.get(reverse("community:visit_detail", args=[trip.pk])).content.decode()
    assert 'data-testid="correct"' not in detail

    # And once the host confirms, the coordinator's form is gone and a post is refused
    shifts_confirm_all(acting_user=club.host, visit=trip)
    client = logged_in(club.coordinator)
    page = client.get(url).content.decode()
    assert 'data-testid="shift-form"' not in page
    refused = client.post(url, body, **EN)
    assert refused.context["form"].non_field_errors() == [
        "The hours of 王芳 are confirmed already: they can no longer be corrected."
    ]
    assert ServiceShift.objects.get().hours == Decimal("2.0")
    assert not AccessLog.objects.filter(action=AuditAction.SHIFT_CORRECT).exists()


def test_only_a_signed_up_volunteer_of_the_visit_has_a_shift_page(
    club: Club, region: Region
) -> None:
    trip = past_visit(region, club)
    [stranger] = volunteers(club, 1, first=7)

    answer = logged_in(club.coordinator).get(
        reverse("community:visit_shift", args=[trip.pk, stranger.pk])
    )

    assert answer.status_code == 404


def test_the_shift_page_runs_as_many_queries_whatever_the_visits_size(
    club: Club, region: Region
) -> None:
    trip = past_visit(region, club)
    first = trip.roles.order_by("pk").first().volunteer  # type: ignore[union-attr]
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first, at=local(DAY, 9))
    client = logged_in(club.coordinator)
    url = reverse("community:visit_shift", args=[trip.pk, first.pk])
    with count_queries() as small:
        assert client.get(url).status_code == 200
    more = volunteers(club, 40, first=10)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=more)
    for v in more:
        check_in(acting_user=club.coordinator, visit=trip, volunteer=v, at=local(DAY, 9))
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert_same_query_count(small, large)

"""The volunteer and visit pages as a group's coordinator, a host and a volunteer use them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.activities.events.services import EventData, event_create
from guanai.activities.models.events import EventKind
from guanai.community.models import ServiceShift, VisitRole, Volunteer, VolunteerVisit
from guanai.community.volunteers import (
    VolunteerData,
    check_in,
    check_out,
    visit_sign_up,
    volunteer_add,
)
from tests import factories
from tests.community.support import Club, club_of, visit, volunteers
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def club(region: Region) -> Club:
    return club_of(region)


def messages_of(answer: object) -> list[str]:
    return [str(m) for m in answer.context["messages"]]  # type: ignore[attr-defined]


def test_a_coordinator_adds_a_volunteer_from_the_form(club: Club) -> None:
    client = logged_in(club.coordinator)

    answer = client.post(
        reverse("community:volunteer_new"),
        {
            "group": club.group.pk,
            "name": "王芳",
            "phone": "13812345678",
            "skills": ["driving"],
            "availability": "周末",
            "joined_on": "2025-03-01",
            "is_active": "on",
        },
    )

    assert answer.status_code == 302
    stored = Volunteer.objects.get()
    assert (stored.name, stored.phone, stored.skills) == ("王芳", "13812345678", ["driving"])
    page = client.get(reverse("community:volunteers")).content.decode()
    assert "王芳" in page and "138****5678" in page and "13812345678" not in page


def test_a_bad_phone_is_refused_beside_its_field_and_nothing_is_saved(club: Club) -> None:
    client = logged_in(club.coordinator)

    answer = client.post(
        reverse("community:volunteer_new"),
        {"group": club.group.pk, "name": "王芳", "phone": "1381234", "joined_on": "2025-03-01"},
        **EN,
    )

    assert answer.status_code == 200
    assert answer.context["form"].errors["phone"] == [
        "A mobile number has 11 digits; this one has 7."
    ]
    assert not Volunteer.objects.exists()


def test_the_list_finds_by_pinyin_and_shows_the_years_hours(club: Club, region: Region) -> None:
    start = timezone.now().replace(microsecond=0) - timedelta(hours=5)
    trip = visit(region, club, start=start)
    wang, li = (
        volunteer_add(
            acting_user=club.coordinator,
            group=club.group,
            data=VolunteerData(name=name, joined_on=start.date()),
        )
        for name in ("王芳", "李娜")
    )
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=[wang])
    check_in(acting_user=club.coordinator, visit=trip, volunteer=wang, at=start)
    check_out(
        acting_user=club.coordinator, visit=trip, volunteer=wang, at=start + timedelta(hours=3)
    )
    client = logged_in(club.host)
    client.post(reverse("community:visit_confirm", args=[trip.pk]))

    answer = logged_in(club.coordinator).get(reverse("community:volunteers"), {"q": "wf"})

    rows = list(answer.context["page"])
    assert [v.name for v in rows] == ["王芳"]
    assert rows[0].hours_year == Decimal("3.0")
    assert f'data-volunteer="{li.pk}"' not in answer.content.decode()


def test_a_volunteer_sees_their_own_record_without_a_phone(club: Club) -> None:
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    volunteer_add(
        acting_user=club.coordinator,
        group=club.group,
        data=VolunteerData(
            name="王芳", phone="13812345678", joined_on=timezone.localdate(), user=account
        ),
    )
    volunteers(club, 3)

    page = logged_in(account).get(reverse("community:volunteers")).content.decode()

    assert page.count('data-testid="volunteer"') == 1
    assert "王芳" in page and "5678" not in page
    assert logged_in(account).get(reverse("community:volunteer_new")).status_code == 403


def test_the_list_runs_as_many_queries_for_50_volunteers_as_for_1(club: Club) -> None:
    client = logged_in(club.coordinator)
    volunteers(club, 1)
    with count_queries() as small:
        assert client.get(reverse("community:volunteers")).status_code == 200
    volunteers(club, 49, first=1)
    with count_queries() as large:
        assert client.get(reverse("community:volunteers")).status_code == 200
    assert_same_query_count(small, large)


def test_the_visit_page_runs_as_many_queries_for_50_participants_as_for_1(
    club: Club, region: Region
) -> None:
    trip = visit(region, club)
    first = volunteers(club, 1)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=first)
    check_in(acting_user=club.coordinator, visit=trip, volunteer=first[0])
    client = logged_in(club.coordinator)
    url = reverse("community:visit_detail", args=[trip.pk])
    with count_queries() as small:
        assert client.get(url).status_code == 200
    more = volunteers(club, 49, first=1)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=more)
    for volunteer in more:
        check_in(acting_user=club.coordinator, visit=trip, volunteer=volunteer)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert_same_query_count(small, large)


def test_a_coordinator_signs_up_past_the_cap_and_reads_why_nobody_was(
    club: Club, region: Region
) -> None:
    trip = visit(region, club, cap=2)
    group = volunteers(club, 3)
    client = logged_in(club.coordinator)

    answer = client.post(
        reverse("community:visit_sign_up", args=[trip.pk]),
        {"volunteer": [v.pk for v in group]},
        follow=True,
        **EN,
    )

    assert messages_of(answer) == ["Only 2 places are left for 3 volunteers; nobody was signed up."]
    assert not VisitRole.objects.exists()
    client.post(reverse("community:visit_sign_up", args=[trip.pk]), {"volunteer": [group[0].pk]})
    assert VisitRole.objects.count() == 1


def test_a_volunteer_signs_up_checks_in_and_out_and_the_host_confirms(
    club: Club, region: Region
) -> None:
    # Given a volunteer with an account in the group and an open visit
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    own = volunteer_add(
        acting_user=club.coordinator,
        group=club.group,
        data=VolunteerData(name="王芳", joined_on=timezone.localdate(), user=account),
    )
    trip = visit(region, club)
    phone = logged_in(account)
    url = reverse("community:visit_detail", args=[trip.pk])

    # When they sign up, check in and check out from the visit page
    assert 'data-testid="sign-me-up"' in phone.get(url).content.decode()
    for name in ("visit_sign_up", "visit_check_in", "visit_check_out"):
        answer = phone.post(reverse(f"community:{name}", args=[trip.pk]), {"volunteer": own.pk})
        assert answer.status_code == 302

    # Then the shift is recorded, and only the host can confirm it
    shift = ServiceShift.objects.get()
    assert shift.out_at is not None and shift.hours == Decimal("0.0")
    phone.post(reverse("community:visit_confirm", args=[trip.pk]))
    assert ServiceShift.objects.get().confirmed_at is None
    logged_in(club.host).post(reverse("community:visit_confirm", args=[trip.pk]))
    assert ServiceShift.objects.get().confirmed_by == club.host


def test_another_township_sees_no_visit_or_volunteer(
    club: Club, region: Region, other_township_worker: User
) -> None:
    trip = visit(region, club)
    [volunteer] = volunteers(club, 1)
    client = logged_in(other_township_worker)

    for url in (
        reverse("community:visit_detail", args=[trip.pk]),
        reverse("community:volunteer_edit", args=[volunteer.pk]),
    ):
        assert client.get(url).status_code == 404
    answer = client.post(
        reverse("community:visit_sign_up", args=[trip.pk]), {"volunteer": volunteer.pk}
    )
    assert answer.status_code == 404
    assert not VisitRole.objects.exists()


def test_a_host_opens_a_visit_on_its_event(club: Club, region: Region) -> None:
    start = timezone.now()
    event = event_create(
        acting_user=club.host,
        org_unit=region.lengqi_school,
        data=EventData(
            title="助残日", kind=EventKind.VOLUNTEER_VISIT, starts_at=start, ends_at=start
        ),
    )
    client = logged_in(club.host)

    answer = client.post(
        reverse("community:visit_new"),
        {"event": event.pk, "group": club.group.pk, "volunteer_cap": "55"},
    )

    assert answer.status_code == 302
    opened = VolunteerVisit.objects.get(event=event)
    assert (opened.group, opened.volunteer_cap) == (club.group, 55)


def test_the_visits_list_runs_as_many_queries_for_50_visits_as_for_1(
    club: Club, region: Region
) -> None:
    client = logged_in(club.coordinator)
    visit(region, club)
    with count_queries() as small:
        assert client.get(reverse("community:visits")).status_code == 200
    for _n in range(49):
        visit(region, club)
    with count_queries() as large:
        answer = client.get(reverse("community:visits"))
    assert answer.content.decode().count('data-testid="visit"') == 50
    assert_same_query_count(small, large)


def test_the_host_changes_the_cap_never_below_the_sign_ups(club: Club, region: Region) -> None:
    trip = visit(region, club, cap=5)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=volunteers(club, 3))
    url = reverse("community:visit_cap", args=[trip.pk])

    refused = logged_in(club.host).post(url, {"volunteer_cap": "2"}, follow=True, **EN)
    by_coordinator = logged_in(club.coordinator).post(
        url, {"volunteer_cap": "9"}, follow=True, **EN
    )
    logged_in(club.host).post(url, {"volunteer_cap": "８"})  # full-width, as phones type it

    assert messages_of(refused) == ["3 volunteers are signed up already: the cap cannot be lower."]
    assert messages_of(by_coordinator) == [
        "Only a leader or worker of the unit visited changes the cap."
    ]
    trip.refresh_from_db()
    assert trip.volunteer_cap == 8

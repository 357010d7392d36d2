"""A visit is an activities event: the volunteers signed up with an account serve it (its
helpers), the visit page links to the event's photos and its information report, and the
report written from the event names the volunteer group."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from guanai.accounts.models import Role, User
from guanai.activities.events import events_visible
from guanai.activities.events.photos import event_photos_add
from guanai.activities.events.services import EventData, event_update
from guanai.community.models import VisitRole, Volunteer, VolunteerVisit
from guanai.community.volunteers import (
    VolunteerData,
    check_in,
    check_out,
    visit_role_add,
    visit_role_remove,
    visit_sign_up,
    visit_sign_up_cancel,
    volunteer_add,
)
from guanai.core.errors import ValidationFailed
from guanai.ops.demo.pictures import scene
from guanai.reports.info.from_event import compose
from tests import factories
from tests.community.support import Club, club_of, visit, volunteers
from tests.conftest import Region, logged_in


@pytest.fixture
def club(region: Region) -> Club:
    return club_of(region)


def with_account(club: Club, name: str = "王芳") -> tuple[User, Volunteer]:
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    volunteer = volunteer_add(
        acting_user=club.coordinator,
        group=club.group,
        data=VolunteerData(name=name, joined_on=date(2024, 3, 1), user=account),
    )
    return account, volunteer


def helpers_of(trip: VolunteerVisit) -> set[User]:
    return set(trip.event.helpers.all())


def test_a_sign_up_makes_the_volunteers_account_a_helper_and_a_cancel_undoes_it(
    club: Club, region: Region
) -> None:
    # Given a visit, a volunteer with an account and one without
    trip = visit(region, club)
    account, own = with_account(club)
    [plain] = volunteers(club, 1)
    assert not events_visible(account).filter(pk=trip.pk).exists()

    # When both are signed up
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=[own, plain])

    # Then the account serves the event and sees it; the other volunteer has no account
    assert helpers_of(trip) == {account}
    assert events_visible(account).filter(pk=trip.pk).exists()

    # And when the sign-up with the account is cancelled, the account leaves the helpers
    visit_sign_up_cancel(acting_user=club.coordinator, visit=trip, volunteer=own)
    assert helpers_of(trip) == set()
    assert not events_visible(account).filter(pk=trip.pk).exists()
    # And the other stays signed up
    assert list(VisitRole.objects.values_list("volunteer", flat=True)) == [plain.pk]


def test_a_volunteer_signing_up_themselves_serves_and_removing_the_role_undoes_it(
    club: Club, region: Region
) -> None:
    trip = visit(region, club)
    account, own = with_account(club)

    [role] = visit_sign_up(acting_user=account, visit=trip, volunteers=[own])
    # Another role of the thank-you list does not make a helper, nor keep one
    visit_role_add(acting_user=club.coordinator, visit=trip, volunteer=own, role="driver")
    assert helpers_of(trip) == {account}

    visit_role_remove(acting_user=club.coordinator, visit=trip, role=role)
    assert helpers_of(trip) == set()
    assert list(VisitRole.objects.values_list("role", flat=True)) == ["driver"]


def test_a_refused_sign_up_makes_no_helper(club: Club, region: Region) -> None:
    trip = visit(region, club, cap=1)
    _account, own = with_account(club)
    [plain] = volunteers(club, 1)

    with pytest.raises(ValidationFailed), translation.override("en"):
        visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=[own, plain])

    assert helpers_of(trip) == set()
    assert not VisitRole.objects.exists()


def test_the_report_written_from_a_visit_names_the_group_and_its_hours(
    club: Club, region: Region
) -> None:
    # Given a visit two of whose volunteers served 3 and 2.5 hours, a third only signed up
    start = timezone.now().replace(microsecond=0) - timedelta(hours=5)
    trip = visit(region, club, start=start)
    group = volunteers(club, 3)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=group)
    for v, minutes in ((group[0], 180), (group[1], 150)):
        check_in(acting_user=club.coordinator, visit=trip, volunteer=v, at=start)
        check_out(
            acting_user=club.coordinator,
            visit=trip,
            volunteer=v,
            at=start + timedelta(minutes=minutes),
        )

    # When the host's report is composed from the event
    with translation.override("en"):
        text = compose(trip.event).text

    # Then it names the group, the volunteers who served and their hours
    assert "2 volunteers of 泸定县志愿者协会 served, 5.5 hours in all." in text
    assert Decimal("5.5") == sum(s.hours for s in trip.shifts.all())


def test_the_report_of_a_visit_nobody_checked_in_for_counts_the_sign_ups(
    club: Club, region: Region
) -> None:
    trip = visit(region, club)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=volunteers(club, 4))

    with translation.override("en"):
        text = compose(trip.event).text

    assert "4 volunteers of 泸定县志愿者协会 signed up." in text


def test_the_visit_page_links_the_events_photos_and_report_for_who_sees_the_event(
    club: Club, region: Region, settings: Settings, tmp_path: Path
) -> None:
    # Given a visit held since an hour, with two photos
    settings.MEDIA_ROOT = tmp_path
    trip = visit(region, club, start=timezone.now() - timedelta(hours=1))
    event_photos_add(
        acting_user=club.host,
        event=trip.event,
        photos=[SimpleUploadedFile(f"合影{n}.png", scene(n), "image/png") for n in range(2)],
    )
    url = reverse("community:visit_detail", args=[trip.pk])

    # Then the host sees the link to the photos and the step to write the report
    page = logged_in(club.host).get(url)
    assert page.context["sees_event"] and page.context["photo_count"] == 2
    body = page.content.decode()
    event_url = reverse("activities:event_detail", args=[trip.pk])
    assert f'href="{event_url}#photos"' in body
    assert 'data-testid="follow-up-info-report"' in body
    assert reverse("reports:info_from_event", args=[trip.pk]) in body
    # And the group's coordinator, who does not see the school's event, sees neither
    other = logged_in(club.coordinator).get(url).content.decode()
    assert event_url not in other and "follow-up-info-report" not in other


def test_the_hosts_edit_of_the_event_keeps_the_signed_up_accounts_it_cannot_see(
    club: Club, region: Region
) -> None:
    # Given a volunteer with an account signed up (the school's worker does not see the
    # group's accounts, so the event form cannot show them)
    trip = visit(region, club)
    account, own = with_account(club)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=[own])
    event = trip.event

    # When the host changes the event's place, naming no helper
    event_update(
        acting_user=club.host,
        event=event,
        data=EventData(
            title=event.title,
            kind=event.kind,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            place="学校礼堂",
            status=event.status,
            helpers=[],
        ),
        version=event.version,
    )

    # Then the volunteer still serves the event
    assert helpers_of(trip) == {account}

"""Volunteers and visits through the API: add and change volunteers, open a visit, sign up
to the cap, roles, check-in and -out, the host's confirmation; bad input refused with its
message and nothing changed; another township gets 404; a volunteer sees their own record
and no phone number; a stale version is 409; the lists read a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.activities.events.services import EventData, event_create
from guanai.activities.models.events import EventKind
from guanai.community.models import ServiceShift, VisitRole, Volunteer
from guanai.community.volunteers import VolunteerData, visit_sign_up, volunteer_add
from guanai.orgs.models import OrgKind
from tests import factories
from tests.api.conftest import bearer
from tests.community.support import Club, club_of, visit, volunteers
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

VOLUNTEERS = "/api/community/volunteers"
VISITS = "/api/community/visits"


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(Client(), method)(path, body, content_type="application/json", headers=headers)


@pytest.fixture
def club(region: Region) -> Club:
    return club_of(region)


def test_a_coordinator_adds_and_changes_a_volunteer(club: Club) -> None:
    auth = bearer(club.coordinator)

    created = send(
        "post",
        VOLUNTEERS,
        {
            "group_id": club.group.pk,
            "name": "王芳",
            "joined_on": "2025-03-01",
            "phone": "13812345678",
            "skills": ["driving", "writing"],
            "availability": "周末",
        },
        auth,
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["phone"], body["skills"]) == (
        "王芳",
        "138****5678",
        ["driving", "writing"],
    )
    assert body["hours_year"] == "0.0" or float(body["hours_year"]) == 0
    changed = send(
        "put",
        f"{VOLUNTEERS}/{body['id']}",
        {"name": "王芳", "joined_on": "2025-03-01", "availability": "工作日晚上", "version": 1},
        auth,
    )
    assert changed.status_code == 200, changed.content
    stored = Volunteer.objects.get()
    assert (stored.availability, stored.phone, stored.version) == ("工作日晚上", "13812345678", 2)
    stale = send(
        "put",
        f"{VOLUNTEERS}/{body['id']}",
        {"name": "李娜", "joined_on": "2025-03-01", "version": 1},
        auth,
    )
    assert stale.status_code == 409
    assert Volunteer.objects.get().name == "王芳"


@pytest.mark.parametrize(
    ("changes", "status", "detail"),
    [
        ({"phone": "1381234"}, 400, "A mobile number has 11 digits; this one has 7."),
        ({"name": "王" * 51}, 422, None),
        ({"skills": ["flying"]}, 422, None),
        ({"joined_on": "2999-01-01"}, 400, "2999-01-01 is in the future."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    club: Club, changes: dict[str, Any], status: int, detail: str | None
) -> None:
    body = {"group_id": club.group.pk, "name": "王芳", "joined_on": "2025-03-01", **changes}

    answer = send("post", VOLUNTEERS, body, bearer(club.coordinator))

    assert answer.status_code == status, answer.content
    if detail:
        assert answer.json()["detail"] == detail
    assert not Volunteer.objects.exists()


def test_a_visit_from_opening_to_confirmed_hours(club: Club, region: Region) -> None:
    # Given an event of kind volunteer visit held by the school, and three volunteers
    start = timezone.now() - timedelta(hours=3)
    event = event_create(
        acting_user=club.host,
        org_unit=region.lengqi_school,
        data=EventData(
            title="助残日", kind=EventKind.VOLUNTEER_VISIT, starts_at=start, ends_at=timezone.now()
        ),
    )
    group = volunteers(club, 3)
    host, coordinator = bearer(club.host), bearer(club.coordinator)

    # When the host opens it to the group for two volunteers
    opened = send(
        "post",
        VISITS,
        {"event_id": event.pk, "group_id": club.group.pk, "volunteer_cap": 2},
        host,
    )
    assert opened.status_code == 201, opened.content
    url = f"{VISITS}/{event.pk}"

    # Then three are refused, two are signed up, one gets two roles
    ids = [v.pk for v in group]
    refused = send("post", f"{url}/sign-ups", {"volunteer_ids": ids}, coordinator)
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "Only 2 places are left for 3 volunteers; nobody was signed up."
    )
    signed = send("post", f"{url}/sign-ups", {"volunteer_ids": ids[:2]}, coordinator)
    assert signed.status_code == 200, signed.content
    for role in ("driver", "writer"):
        answer = send("post", f"{url}/roles", {"volunteer_id": ids[0], "role": role}, coordinator)
        assert answer.status_code == 200, answer.content
    roles = sorted(r["role"] for r in answer.json()["roles"])
    assert roles == ["driver", "participant", "participant", "writer"]

    # And the host may not lower the cap below the two, but may raise it
    lowered = send("put", url, {"volunteer_cap": 1}, host)
    assert lowered.status_code == 400
    assert lowered.json()["detail"] == (
        "2 volunteers are signed up already: the cap cannot be lower."
    )
    assert send("put", url, {"volunteer_cap": 3}, host).json()["volunteer_cap"] == 3
    assert send("put", url, {"volunteer_cap": 4}, coordinator).status_code == 403

    # And the first checks in and out, and the host confirms the shift
    for way in ("check-in", "check-out"):
        answer = send("post", f"{url}/{way}", {"volunteer_id": ids[0]}, coordinator)
        assert answer.status_code == 200, answer.content
    [shift] = answer.json()["shifts"]
    assert shift["hours"] is not None and shift["confirmed_at"] is None
    assert send("post", f"{url}/confirm", {}, coordinator).status_code == 403
    confirmed = send("post", f"{url}/confirm", {}, host)
    assert confirmed.json() == {"confirmed": 1}
    assert ServiceShift.objects.get().confirmed_by == club.host


def test_another_township_gets_404_everywhere(
    club: Club, region: Region, other_township_worker: User
) -> None:
    trip = visit(region, club)
    [volunteer] = volunteers(club, 1)
    auth = bearer(other_township_worker)

    assert Client().get(f"{VOLUNTEERS}/{volunteer.pk}", headers=auth).status_code == 404
    assert Client().get(f"{VISITS}/{trip.pk}", headers=auth).status_code == 404
    answer = send("post", f"{VISITS}/{trip.pk}/sign-ups", {"volunteer_ids": [volunteer.pk]}, auth)
    assert answer.status_code == 404
    assert Client().get(VOLUNTEERS, headers=auth).json()["items"] == []
    assert Client().get(VISITS, headers=auth).json()["items"] == []
    assert not VisitRole.objects.exists()


def test_a_volunteer_reads_their_own_record_without_a_phone(club: Club, region: Region) -> None:
    account = factories.user(unit=club.group, role=Role.VOLUNTEER)
    own = volunteer_add(
        acting_user=club.coordinator,
        group=club.group,
        data=VolunteerData(
            name="王芳", phone="13812345678", joined_on=timezone.localdate(), user=account
        ),
    )
    volunteers(club, 2)
    trip = visit(region, club)
    auth = bearer(account)

    listed = Client().get(VOLUNTEERS, headers=auth).json()["items"]
    signed = send("post", f"{VISITS}/{trip.pk}/sign-ups", {"volunteer_ids": [own.pk]}, auth)

    assert [(v["id"], v["phone"]) for v in listed] == [(own.pk, "")]
    assert signed.status_code == 200, signed.content
    assert "5678" not in signed.content.decode()


def _lists(auth: dict[str, str], visit_id: int) -> list[Any]:
    found = []
    for path in (VOLUNTEERS, VISITS, f"{VISITS}/{visit_id}"):
        with count_queries() as counted:
            answer = Client().get(path, headers=auth)
        assert answer.status_code == 200, answer.content
        found.append(counted)
    return found


def test_the_lists_take_a_fixed_number_of_queries(club: Club, region: Region) -> None:
    auth = bearer(club.coordinator)
    trip = visit(region, club)
    visit(region, club)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=volunteers(club, 1))
    small = _lists(auth, trip.pk)
    more = volunteers(club, 49, first=1)
    visit_sign_up(acting_user=club.coordinator, visit=trip, volunteers=more)
    for _n in range(48):
        visit(region, club)
    large = _lists(auth, trip.pk)

    assert len(Client().get(VOLUNTEERS, headers=auth).json()["items"]) == 50
    for one, many in zip(small, large, strict=True):
        assert_same_query_count(one, many)


def test_the_hours_by_group_take_one_query_for_any_number_of_groups(
    club: Club, region: Region, county_leader: User
) -> None:
    auth = bearer(county_leader)
    path = "/api/community/volunteer-hours"
    volunteers(club, 2)
    Client().get(path, headers=auth)  # the token's first use is recorded once
    with count_queries() as small:
        answer = Client().get(path, headers=auth)
    assert answer.json() == [
        {
            "group": {"id": club.group.pk, "name": club.group.name},
            "active": 2,
            "served": 0,
            "hours": answer.json()[0]["hours"],
        }
    ]
    assert float(answer.json()[0]["hours"]) == 0
    for n in range(49):
        factories.org_unit(parent=region.county, kind=OrgKind.VOLUNTEER_GROUP, name=f"志愿队{n}")
    with count_queries() as large:
        assert len(Client().get(path, headers=auth).json()) == 50
    assert_same_query_count(small, large)

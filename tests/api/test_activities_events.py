"""Events through the API: create and change, enrol persons or a class by priority, cancel
(the first waiting moves up), attendance, coverage; bad input refused with its message and
nothing changed; another township gets 404; a volunteer sees only the events they serve and
no ID or phone number; a stale version is 409; the lists read a fixed number of queries."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from guanai.accounts.models import Role, User
from guanai.activities.events import attendance_mark, enrol_persons, event_create, term_of
from guanai.activities.events.services import EventData
from guanai.activities.models.events import Attendance, Enrolment, Event, EventKind
from guanai.api.types import DateTime
from guanai.registry.models import Person
from tests import factories
from tests.api.conftest import bearer
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

EVENTS = "/api/activities/events"


def send(method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return getattr(Client(), method)(path, body, content_type="application/json", headers=headers)


def pupil(region: Region, name: str, *categories: str, klass: str = "2班") -> Person:
    return factories.person(
        region.lengqi_school,
        name,
        categories=categories,
        school=region.lengqi_school,
        grade="三年级",
        class_name=klass,
    )


def make_event(
    worker: User, region: Region, *, capacity: int | None = None, helpers: list[User] | None = None
) -> Event:
    start = timezone.now()
    return event_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="安全知识讲座",
            kind=EventKind.LECTURE,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=capacity,
            helpers=helpers or [],
        ),
    )


def body(region: Region, **values: Any) -> dict[str, Any]:
    return {
        "unit_id": region.lengqi_school.pk,
        "title": "中秋游园会",
        "kind": "festival",
        "starts_at": "2026-09-25T14:00",
        "ends_at": "2026-09-25T16:30",
        "place": "操场",
        "capacity": 2,
        "target_categories": ["left_behind"],
        "target_classes": ["三年级2班"],
        "status": "published",
        **values,
    }


def test_a_worker_creates_and_changes_an_event(region, township_worker):
    auth = bearer(township_worker)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER, full_name="志愿者小周")

    made = send("post", EVENTS, body(region, helper_ids=[volunteer.pk]), auth)

    assert made.status_code == 201, made.content
    event = made.json()
    # Written without an offset: the time in the server's zone (Shanghai), answered in UTC.
    assert datetime.fromisoformat(event["starts_at"]) == datetime(2026, 9, 25, 6, tzinfo=UTC)
    assert event["helpers"] == [{"id": volunteer.pk, "name": "志愿者小周"}]
    assert (event["target_categories"], event["target_classes"]) == (["left_behind"], ["三年级2班"])
    assert event["organiser"]["id"] == township_worker.pk
    changed = send(
        "put",
        f"{EVENTS}/{event['id']}",
        {**body(region, title="中秋晚会", capacity=None), "version": event["version"]},
        auth,
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["title"], changed.json()["capacity"]) == ("中秋晚会", None)
    assert changed.json()["helpers"] == []
    assert changed.json()["version"] == event["version"] + 1


def test_bad_input_is_refused_with_its_message_and_nothing_is_made(region, township_worker):
    auth = bearer(township_worker)
    stranger = factories.user(unit=region.xinglong, role=Role.VOLUNTEER)

    backwards = send("post", EVENTS, body(region, ends_at="2026-09-25T09:00"), auth)
    no_places = send("post", EVENTS, body(region, capacity=0), auth)
    bad_time = send("post", EVENTS, body(region, starts_at="tomorrow"), auth)
    bad_kind = send("post", EVENTS, body(region, kind="picnic"), auth)
    foreign_helper = send("post", EVENTS, body(region, helper_ids=[stranger.pk]), auth)

    assert backwards.status_code == 400
    assert backwards.json() == {
        "detail": "The event cannot end before it starts.",
        "field": "ends_at",
    }
    assert no_places.status_code == 400
    assert no_places.json()["detail"] == "Give at least one place, or leave it empty for no limit."
    assert bad_time.status_code == 422
    assert "Enter a date and time as YYYY-MM-DDTHH:MM." in bad_time.content.decode()
    assert bad_kind.status_code == 422
    assert foreign_helper.status_code == 400
    assert foreign_helper.json()["field"] == "helper_ids"
    assert not Event.objects.exists()


def test_enrolment_gives_places_by_priority_and_a_cancellation_moves_up(region, township_worker):
    event = make_event(township_worker, region, capacity=1)
    plain, left_behind = pupil(region, "甲普通"), pupil(region, "乙留守", "left_behind")
    auth = bearer(township_worker)

    first = send("post", f"{EVENTS}/{event.pk}/enrolments", {"person_ids": [plain.pk]}, auth)
    second = send("post", f"{EVENTS}/{event.pk}/enrolments", {"person_ids": [left_behind.pk]}, auth)
    detail = Client().get(f"{EVENTS}/{event.pk}", headers=auth).json()

    assert first.json()["enrolled"] == [{"id": plain.pk, "name": "甲普通"}]
    assert second.json()["enrolled"] == [{"id": left_behind.pk, "name": "乙留守"}]
    assert second.json()["moved_down"] == [{"id": plain.pk, "name": "甲普通"}]
    assert [e["person"]["name"] for e in detail["enrolled"]] == ["乙留守"]
    assert [e["person"]["name"] for e in detail["waiting"]] == ["甲普通"]
    assert detail["enrolled"][0]["person"]["class_name"] == "2班"
    cancelled = Client().delete(f"{EVENTS}/{event.pk}/enrolments/{left_behind.pk}", headers=auth)
    assert cancelled.status_code == 200
    assert cancelled.json()["moved_up"] == [{"id": plain.pk, "name": "甲普通"}]
    again = Client().delete(f"{EVENTS}/{event.pk}/enrolments/{left_behind.pk}", headers=auth)
    assert again.status_code == 400
    assert again.json()["detail"] == "乙留守 is not enrolled in this event."


def test_a_class_is_enrolled_in_one_step(region, township_worker):
    event = make_event(township_worker, region)
    pupil(region, "甲"), pupil(region, "乙"), pupil(region, "丙", klass="3班")
    auth = bearer(township_worker)
    klass = {"school_id": region.lengqi_school.pk, "grade": "三年级", "class_name": "2班"}

    answer = send("post", f"{EVENTS}/{event.pk}/enrolments/class", klass, auth)
    unknown = send(
        "post", f"{EVENTS}/{event.pk}/enrolments/class", {**klass, "class_name": "9班"}, auth
    )

    assert answer.status_code == 200, answer.content
    assert sorted(p["name"] for p in answer.json()["enrolled"]) == ["乙", "甲"]
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "Choose a class from the list."
    assert Enrolment.objects.filter(event=event).count() == 2


def test_enrolling_a_person_off_the_roster_is_refused(region, township_worker):
    event = make_event(township_worker, region)
    elsewhere = factories.person(region.shencun, "沈村人")

    answer = send(
        "post",
        f"{EVENTS}/{event.pk}/enrolments",
        {"person_ids": [elsewhere.pk]},
        bearer(township_worker),
    )

    assert answer.status_code == 400
    assert answer.json()["detail"] == "Some of the persons chosen cannot be enrolled here."
    assert not Enrolment.objects.exists()


def test_attendance_is_marked_and_read(region, township_worker):
    event = make_event(township_worker, region)
    came, absent = pupil(region, "甲"), pupil(region, "乙")
    enrol_persons(acting_user=township_worker, event=event, persons=[came, absent])
    auth = bearer(township_worker)

    marked = send("put", f"{EVENTS}/{event.pk}/attendance/{came.pk}", {"present": True}, auth)
    refused = send("put", f"{EVENTS}/{event.pk}/attendance/{absent.pk}", {"present": 1}, auth)
    sheet = Client().get(f"{EVENTS}/{event.pk}/attendance", headers=auth).json()

    assert marked.status_code == 200
    assert marked.json() == {
        "person": {
            "id": came.pk,
            "name": "甲",
            "school": "冷碛镇中心小学",
            "grade": "三年级",
            "class_name": "2班",
        },
        "present": True,
    }
    assert refused.status_code == 422
    assert (sheet["present"], sheet["absent"], sheet["unmarked"]) == (1, 0, 1)
    assert Attendance.objects.get().person == came


def test_coverage_lists_who_joined_nothing(region, township_worker):
    event = make_event(township_worker, region)
    joined, _missed = pupil(region, "甲", "left_behind"), pupil(region, "乙", "orphan")
    pupil(region, "丙普通")
    enrol_persons(acting_user=township_worker, event=event, persons=[joined])
    attendance_mark(acting_user=township_worker, event=event, person=joined, present=True)
    auth = bearer(township_worker)
    query = {"unit_id": region.lengqi.pk, "term": term_of(timezone.localdate()).code}

    summary = Client().get("/api/activities/coverage", query, headers=auth).json()
    missing = Client().get("/api/activities/coverage/not-joined", query, headers=auth).json()
    bad_term = Client().get(
        "/api/activities/coverage", {**query, "term": "2026-winter"}, headers=auth
    )

    assert summary["totals"] == {"label": "", "total": 2, "joined": 1, "percent": 50}
    assert [k["present"] for k in summary["by_kind"]] == [1]
    assert [p["name"] for p in missing["items"]] == ["乙"]
    assert bad_term.status_code == 422


def test_a_stale_version_is_409_and_changes_nothing(region, township_worker):
    event = make_event(township_worker, region)
    auth = bearer(township_worker)
    send("put", f"{EVENTS}/{event.pk}", {**body(region), "version": event.version}, auth)

    stale = send(
        "put", f"{EVENTS}/{event.pk}", {**body(region, title="改"), "version": event.version}, auth
    )

    assert stale.status_code == 409
    assert "Someone changed this event after you opened it" in stale.json()["detail"]
    event.refresh_from_db()
    assert event.title == "中秋游园会"


def test_another_townships_worker_gets_404(region, township_worker, other_township_worker):
    event = make_event(township_worker, region)
    person = pupil(region, "甲")
    enrol_persons(acting_user=township_worker, event=event, persons=[person])
    auth = bearer(other_township_worker)

    answers = [
        Client().get(f"{EVENTS}/{event.pk}", headers=auth),
        send("put", f"{EVENTS}/{event.pk}", {**body(region), "version": 1}, auth),
        send("post", f"{EVENTS}/{event.pk}/enrolments", {"person_ids": [person.pk]}, auth),
        Client().delete(f"{EVENTS}/{event.pk}/enrolments/{person.pk}", headers=auth),
        Client().get(f"{EVENTS}/{event.pk}/attendance", headers=auth),
        send("put", f"{EVENTS}/{event.pk}/attendance/{person.pk}", {"present": True}, auth),
        Client().get("/api/activities/coverage", {"unit_id": region.lengqi.pk}, headers=auth),
        send("post", EVENTS, body(region), auth),
    ]

    assert [a.status_code for a in answers] == [404] * 8
    assert Client().get(EVENTS, headers=auth).json()["items"] == []
    assert Enrolment.objects.get().state == "enrolled"
    assert Event.objects.count() == 1


def test_a_volunteer_sees_only_the_events_they_serve_and_no_numbers(region, township_worker):
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    served = make_event(township_worker, region, helpers=[volunteer])
    other = make_event(township_worker, region)
    child = factories.pupil(township_worker, region.lengqi_school, "周小燕", 7)
    enrol_persons(acting_user=township_worker, event=served, persons=[child])
    auth = bearer(volunteer)

    listed = Client().get(EVENTS, headers=auth).json()
    detail = Client().get(f"{EVENTS}/{served.pk}", headers=auth)
    sheet = Client().get(f"{EVENTS}/{served.pk}/attendance", headers=auth)
    hidden = Client().get(f"{EVENTS}/{other.pk}", headers=auth)
    marked = send("put", f"{EVENTS}/{served.pk}/attendance/{child.pk}", {"present": True}, auth)

    assert [e["id"] for e in listed["items"]] == [served.pk]
    assert hidden.status_code == 404
    assert marked.status_code == 200
    numbers = [child.id_number, child.id_number[-4:]] + [
        c.phone for c in child.contacts.all() if c.phone
    ]
    for answer in (detail, sheet, marked):
        assert answer.status_code == 200
        text = json.dumps(answer.json(), ensure_ascii=False)
        assert "周小燕" in text
        assert not [n for n in numbers if n and n in text]


def _counts(auth: dict[str, str], event: Event) -> list[Any]:
    found = []
    term = term_of(timezone.localdate()).code
    for path, query in (
        (EVENTS, {}),
        (f"{EVENTS}/{event.pk}", {}),
        (f"{EVENTS}/{event.pk}/attendance", {}),
        ("/api/activities/coverage/not-joined", {"unit_id": event.org_unit_id, "term": term}),
        ("/api/activities/coverage", {"unit_id": event.org_unit_id, "term": term}),
    ):
        with count_queries() as counted:
            answer = Client().get(path, query, headers=auth)
        assert answer.status_code == 200, answer.content
        found.append(counted)
    return found


def test_the_lists_take_a_fixed_number_of_queries(region, township_worker):
    auth = bearer(township_worker)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    event = make_event(township_worker, region, helpers=[volunteer])
    persons = [pupil(region, "人0", "left_behind")]
    enrol_persons(acting_user=township_worker, event=event, persons=persons)
    Client().get(EVENTS, headers=auth)  # the token's first use is written down once
    small = _counts(auth, event)
    for n in range(1, 50):
        make_event(township_worker, region, helpers=[volunteer])
        persons.append(pupil(region, f"人{n}", "left_behind", klass=f"{n % 5}班"))
    enrol_persons(acting_user=township_worker, event=event, persons=persons[1:])
    large = _counts(auth, event)

    assert len(Client().get(f"{EVENTS}/{event.pk}/attendance", headers=auth).json()["rows"]) == 50
    for one, many in zip(small, large, strict=True):
        assert_same_query_count(one, many)


def test_an_empty_enrolment_is_refused_with_its_message(region, township_worker):
    event = make_event(township_worker, region)

    answer = send(
        "post", f"{EVENTS}/{event.pk}/enrolments", {"person_ids": []}, bearer(township_worker)
    )

    assert answer.status_code == 400
    assert answer.json() == {
        "detail": "Choose at least one person to enrol.",
        "field": "person_ids",
    }


DATETIME = TypeAdapter(DateTime)


# Naive on purpose: the times a script writes without an offset (from 2000: Shanghai has
# kept no summer time since 1991, so every local time exists once).
FIRST, LAST = datetime(2000, 1, 1), datetime(2199, 12, 30)  # noqa: DTZ001


@given(st.datetimes(min_value=FIRST, max_value=LAST))
def test_a_time_written_without_an_offset_is_local_time(moment: datetime) -> None:
    text = moment.replace(microsecond=0).isoformat(timespec="seconds")

    found = DATETIME.validate_python(text)

    assert found.tzinfo is not None
    assert timezone.localtime(found).replace(tzinfo=None) == moment.replace(microsecond=0)


@pytest.mark.parametrize(
    "value", [0, 1700000000, "2026-09-25", "tomorrow", "0001-01-01T00:00", "9999-12-31T23:59"]
)
def test_a_time_not_written_as_one_is_refused(value: Any) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        DATETIME.validate_python(value)

    assert "Enter a date and time as YYYY-MM-DDTHH:MM." in str(refused.value)


def test_a_time_with_an_offset_keeps_it() -> None:
    found = DATETIME.validate_python("2026-09-25T14:00+02:00")

    assert found == datetime(2026, 9, 25, 12, tzinfo=UTC)


def test_an_offset_postgresql_cannot_store_is_kept_as_the_same_moment_in_utc(
    region: Region, township_worker: User
) -> None:
    # Python reads offsets up to ±24 h, PostgreSQL stores ±15:59 at most (found by the fuzzing).
    made = send(
        "post",
        EVENTS,
        body(region, starts_at="2026-09-25T05:43-18:35", ends_at="2026-09-25T14:26-11:01"),
        bearer(township_worker),
    )

    assert made.status_code == 201, made.content
    event = made.json()
    assert datetime.fromisoformat(event["starts_at"]) == datetime(2026, 9, 26, 0, 18, tzinfo=UTC)
    assert datetime.fromisoformat(event["ends_at"]) == datetime(2026, 9, 26, 1, 27, tzinfo=UTC)

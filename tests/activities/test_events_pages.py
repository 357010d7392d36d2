"""The event pages as a teacher uses them: list, form, enrolment, attendance on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.activities.events import enrolment
from guanai.activities.events.services import EventData, event_create
from guanai.activities.models.events import Attendance, Enrolment, Event, EventKind
from guanai.registry.models import Person
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def pupil(region: Region, name: str, *categories: str) -> Person:
    return factories.person(
        region.lengqi_school,
        name,
        categories=categories,
        school=region.lengqi_school,
        grade="三年级",
        class_name="2班",
    )


def make_event(
    worker: User, region: Region, *, capacity: int | None = None, helpers: list[User] | None = None
) -> Event:
    start = timezone.now()
    return event_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="亲子运动会",
            kind=EventKind.FESTIVAL,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            capacity=capacity,
            helpers=helpers or [],
        ),
    )


def messages_of(answer: object) -> list[str]:
    return [str(m) for m in answer.context["messages"]]  # type: ignore[attr-defined]


def test_a_worker_creates_an_event_from_the_form(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)

    answer = client.post(
        reverse("activities:event_new"),
        {
            "unit": region.lengqi_school.pk,
            "title": "法治安全讲座",
            "kind": "lecture",
            "starts_on": "2026-12-10",
            "start_time": "14:00",
            "end_time": "16:00",
            "capacity": "40",
            "target_categories": ["left_behind", "orphan"],
            "target_classes": "三年级2班，四年级1班",
            "status": "published",
        },
    )

    event = Event.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("activities:event_detail", args=[event.pk])
    assert timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-12-10 14:00"
    assert timezone.localtime(event.ends_at).strftime("%H:%M") == "16:00"
    assert event.target_classes == ["三年级2班", "四年级1班"]
    assert event.organiser == township_worker
    page = client.get(answer["Location"], **EN).content.decode()
    assert "法治安全讲座" in page
    assert "0 of 40 places taken" in page


def test_an_event_ending_before_it_starts_is_refused_beside_the_field(
    region: Region, township_worker: User
) -> None:
    answer = logged_in(township_worker).post(
        reverse("activities:event_new"),
        {
            "unit": region.lengqi_school.pk,
            "title": "讲座",
            "kind": "lecture",
            "starts_on": "2026-12-10",
            "ends_on": "2026-12-09",
            "status": "published",
        },
        **EN,
    )

    assert answer.status_code == 200
    assert answer.context["form"].errors["ends_on"] == ["The event cannot end before it starts."]
    assert not Event.objects.exists()


def test_an_edit_from_a_stale_page_is_refused(region: Region, township_worker: User) -> None:
    event = make_event(township_worker, region)
    client = logged_in(township_worker)
    form = {
        "title": "改名",
        "kind": "festival",
        "starts_on": "2026-12-10",
        "status": "published",
        "version": str(event.version - 1 if event.version > 1 else 0),
    }

    answer = client.post(reverse("activities:event_edit", args=[event.pk]), form, **EN)

    assert "Someone changed this event" in answer.content.decode()
    event.refresh_from_db()
    assert event.title == "亲子运动会"


def test_enrolling_a_class_and_cancelling_say_who_waits_and_who_moves_up(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region, capacity=1)
    orphan, other = pupil(region, "甲孤儿", "orphan"), pupil(region, "乙同学")
    client = logged_in(township_worker)
    klass = f"{region.lengqi_school.pk}|三年级|2班"

    enrolled = client.post(
        reverse("activities:event_enrol_class", args=[event.pk]),
        {"klass": klass},
        follow=True,
        **EN,
    )

    assert "Enrolled: 甲孤儿." in messages_of(enrolled)
    assert "No place left, on the waiting list: 乙同学." in messages_of(enrolled)
    cancelled = client.post(
        reverse("activities:event_cancel", args=[event.pk]),
        {"person": orphan.pk},
        follow=True,
        **EN,
    )
    assert "Moved up from the waiting list: 乙同学." in messages_of(cancelled)
    assert Enrolment.objects.get(person=other).state == "enrolled"


def test_a_class_not_offered_is_refused_and_nothing_changes(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region)
    pupil(region, "甲")

    answer = logged_in(township_worker).post(
        reverse("activities:event_enrol_class", args=[event.pk]),
        {"klass": f"{region.xinglong_school.pk}|三年级|2班"},
        follow=True,
        **EN,
    )

    assert messages_of(answer) == ["Choose a class from the list."]
    assert not Enrolment.objects.exists()


def test_attendance_takes_one_tap_and_counts(region: Region, township_worker: User) -> None:
    event = make_event(township_worker, region)
    came, away = pupil(region, "甲"), pupil(region, "乙")
    enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[came, away])
    client = logged_in(township_worker)
    url = reverse("activities:event_attendance", args=[event.pk])

    answer = client.post(url, {"person": came.pk, "present": "1"})
    client.post(url, {"person": away.pk, "present": "0"})

    assert answer["Location"] == f"{url}#person-{came.pk}"
    page = client.get(url, **EN)
    assert "1 came, 1 absent, 0 not marked yet." in page.content.decode()
    assert dict(Attendance.objects.values_list("person__name", "present")) == {
        "甲": True,
        "乙": False,
    }


def test_a_volunteer_sees_only_the_events_they_serve_and_no_digits(
    region: Region, township_worker: User
) -> None:
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    other = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    served = make_event(township_worker, region, helpers=[volunteer])
    make_event(township_worker, region)
    person = factories.pupil(township_worker, region.lengqi_school, "周小燕", 7)
    enrolment.enrol_persons(acting_user=township_worker, event=served, persons=[person])

    listed = logged_in(volunteer).get(reverse("activities:events"))
    detail = logged_in(volunteer).get(reverse("activities:event_detail", args=[served.pk]))
    sheet = logged_in(volunteer).get(reverse("activities:event_attendance", args=[served.pk]))

    assert [e.pk for e in listed.context["page"]] == [served.pk]
    assert "周小燕" in sheet.content.decode()
    for answer in (detail, sheet):
        text = answer.content.decode()
        assert person.id_number[-4:] not in text
        assert "1381234" not in text and "1391234" not in text
        assert reverse("activities:event_edit", args=[served.pk]) not in text
    assert (
        logged_in(other).get(reverse("activities:event_detail", args=[served.pk])).status_code
        == 404
    )
    assert list(logged_in(other).get(reverse("activities:events")).context["page"]) == []


def _events(worker: User, region: Region, n: int) -> None:
    persons = [pupil(region, f"学生{i}", "left_behind") for i in range(2)]
    for _ in range(n):
        event = make_event(worker, region, capacity=1)
        enrolment.enrol_persons(acting_user=worker, event=event, persons=persons)


@pytest.mark.parametrize("name", ["events"])
def test_the_event_list_runs_as_many_queries_at_50_events_as_at_1(
    region: Region, township_worker: User, name: str
) -> None:
    client = logged_in(township_worker)
    _events(township_worker, region, 1)
    client.get(reverse(f"activities:{name}"))
    with count_queries() as small:
        client.get(reverse(f"activities:{name}"))
    _events(township_worker, region, 49)
    with count_queries() as large:
        answer = client.get(reverse(f"activities:{name}") + "?page=1")
    assert len(answer.context["page"]) == 20
    assert_same_query_count(small, large)


def _enrolled(
    client: Client, worker: User, region: Region, event: Event, start: int, n: int
) -> None:
    persons = [pupil(region, f"学生{i}", "orphan") for i in range(start, start + n)]
    enrolment.enrol_persons(acting_user=worker, event=event, persons=persons)
    Attendance.objects.bulk_create(
        Attendance(event=event, person=p, present=True, marked_by=worker) for p in persons[::2]
    )


@pytest.mark.parametrize("page", ["event_detail", "event_attendance"])
def test_an_event_page_runs_as_many_queries_at_50_persons_as_at_1(
    region: Region, township_worker: User, page: str
) -> None:
    client = logged_in(township_worker)
    event = make_event(township_worker, region, capacity=40)
    url = reverse(f"activities:{page}", args=[event.pk])
    _enrolled(client, township_worker, region, event, 0, 1)
    client.get(url)
    with count_queries() as small:
        client.get(url)
    _enrolled(client, township_worker, region, event, 1, 49)
    with count_queries() as large:
        answer = client.get(url)
    assert answer.status_code == 200
    assert_same_query_count(small, large)


def test_a_unit_sets_its_order_of_categories_and_bad_numbers_are_refused(
    region: Region, township_worker: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("activities:event_priorities") + f"?unit={region.lengqi.pk}"

    shown = client.get(url)
    saved = client.post(url, {"dibao": "1", "orphan": "2"})
    twice = client.post(url, {"dibao": "1", "orphan": "1"}, **EN)
    wrong = client.post(url, {"dibao": "x"}, **EN)

    assert [code for _rank, code, _label in shown.context["rows"]][:2] == [
        "orphan",
        "unsupported_child",
    ]
    assert saved.status_code == 302
    assert enrolment.unit_ranks(region.lengqi_school) == {"dibao": 1, "orphan": 2}
    assert twice.status_code == 400
    assert "Give each category a different number." in twice.content.decode()
    assert wrong.status_code == 400
    assert enrolment.unit_ranks(region.lengqi) == {"dibao": 1, "orphan": 2}
    outside = reverse("activities:event_priorities") + f"?unit={region.xinglong.pk}"
    assert client.get(outside).status_code == 404
    assert client.post(outside, {"dibao": "1"}).status_code == 404


def test_a_worker_of_another_township_lists_none_and_a_viewer_only_reads(
    region: Region, township_worker: User, other_township_worker: User, prefecture_viewer: User
) -> None:
    event = make_event(township_worker, region)
    enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[pupil(region, "甲")])

    other = logged_in(other_township_worker).get(reverse("activities:events"))
    viewer = logged_in(prefecture_viewer)
    page = viewer.get(reverse("activities:event_detail", args=[event.pk])).content.decode()

    assert list(other.context["page"]) == []
    assert "甲" in page
    assert reverse("activities:event_enrol", args=[event.pk]) not in page
    assert reverse("activities:event_edit", args=[event.pk]) not in page
    enrol = viewer.post(
        reverse("activities:event_enrol", args=[event.pk]), {"persons": [pupil(region, "乙").pk]}
    )
    assert enrol.status_code == 403
    assert Enrolment.objects.filter(event=event).count() == 1

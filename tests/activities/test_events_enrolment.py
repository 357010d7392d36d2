"""Events through their services: creating, priority enrolment, the waiting list, attendance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.activities.events import enrolment
from guanai.activities.events.services import EventData, category_priority_set, event_create
from guanai.activities.models.events import Attendance, Enrolment, Event, EventKind
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.registry.models import Person
from tests import factories
from tests.conftest import Region


def pupil(region: Region, name: str, *categories: str, klass: str = "2班") -> Person:
    return factories.person(
        region.lengqi_school,
        name,
        categories=categories,
        school=region.lengqi_school,
        grade="三年级",
        class_name=klass,
    )


def make_event(worker: User, region: Region, *, capacity: int | None = 2, days: int = 0) -> Event:
    start = timezone.now() + timedelta(days=days)
    return event_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="安全知识讲座",
            kind=EventKind.LECTURE,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=capacity,
        ),
    )


def states(event: Event) -> dict[str, str]:
    return dict(Enrolment.objects.filter(event=event).values_list("person__name", "state"))


def test_a_class_bigger_than_the_places_gives_them_by_priority(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region, capacity=2)
    pupil(region, "甲普通")
    pupil(region, "乙留守", "left_behind")
    pupil(region, "丙孤儿", "orphan")
    pupil(region, "丁别班", "orphan", klass="3班")

    moves = enrolment.enrol_class(
        acting_user=township_worker,
        event=event,
        school=region.lengqi_school,
        grade="三年级",
        class_name="2班",
    )

    assert [p.name for p in moves.enrolled] == ["丙孤儿", "乙留守"]
    assert [p.name for p in moves.waiting] == ["甲普通"]
    assert states(event) == {"丙孤儿": "enrolled", "乙留守": "enrolled", "甲普通": "waiting"}


def test_a_cancellation_moves_the_first_waiting_person_up(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region, capacity=1)
    first, second, third = pupil(region, "甲"), pupil(region, "乙"), pupil(region, "丙")
    for person in (first, second, third):
        enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[person])

    moved = enrolment.enrolment_cancel(acting_user=township_worker, event=event, person=first)

    assert moved == [second]
    assert states(event) == {"甲": "cancelled", "乙": "enrolled", "丙": "waiting"}


def test_a_priority_person_takes_the_place_of_the_last_other(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region, capacity=1)
    other, orphan = pupil(region, "甲普通"), pupil(region, "乙孤儿", "orphan")
    enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[other])

    moves = enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[orphan])

    assert moves.enrolled == [orphan]
    assert moves.moved_down == [other]
    assert states(event) == {"甲普通": "waiting", "乙孤儿": "enrolled"}


def test_a_unit_order_of_categories_overrides_the_default(
    region: Region, township_worker: User
) -> None:
    category_priority_set(
        acting_user=township_worker, org_unit=region.lengqi, order=["dibao", "orphan"]
    )
    event = make_event(township_worker, region, capacity=1)
    orphan, dibao = pupil(region, "甲孤儿", "orphan"), pupil(region, "乙低保", "dibao")

    moves = enrolment.enrol_persons(
        acting_user=township_worker, event=event, persons=[orphan, dibao]
    )

    assert moves.enrolled == [dibao]
    assert Enrolment.objects.get(event=event, person=dibao).priority_rank == 1


def test_enrolling_twice_changes_nothing(region: Region, township_worker: User) -> None:
    event = make_event(township_worker, region)
    person = pupil(region, "甲")
    enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[person])

    moves = enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[person])

    assert moves.already == [person]
    assert moves.enrolled == []
    assert Enrolment.objects.filter(event=event).count() == 1


def test_a_person_of_another_township_is_refused_and_nothing_changes(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region)
    outsider = factories.person(region.xinglong_school, "外镇学生")

    with pytest.raises(ValidationFailed) as refused:
        enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[outsider])

    assert "外镇学生" in str(refused.value.message)
    assert not Enrolment.objects.exists()


def test_a_worker_of_another_township_may_not_enrol(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    event = make_event(township_worker, region)

    with pytest.raises(PermissionRefused):
        enrolment.enrol_persons(
            acting_user=other_township_worker, event=event, persons=[pupil(region, "甲")]
        )


def test_bad_event_data_is_refused_with_a_clear_message(
    region: Region, township_worker: User
) -> None:
    start = timezone.now()
    bad = {
        "title": EventData(title=" ", kind="lecture", starts_at=start, ends_at=start),
        "ends_at": EventData(
            title="讲座", kind="lecture", starts_at=start, ends_at=start - timedelta(hours=1)
        ),
        "capacity": EventData(
            title="讲座", kind="lecture", starts_at=start, ends_at=start, capacity=0
        ),
        "kind": EventData(title="讲座", kind="party", starts_at=start, ends_at=start),
        "target_categories": EventData(
            title="讲座", kind="lecture", starts_at=start, ends_at=start, target_categories=["x"]
        ),
    }
    for field, data in bad.items():
        with pytest.raises(ValidationFailed) as refused:
            event_create(acting_user=township_worker, org_unit=region.lengqi, data=data)
        assert refused.value.field == field
    too_long = EventData(title="讲" * 101, kind="lecture", starts_at=start, ends_at=start)
    with pytest.raises(ValidationFailed, match="100"):
        event_create(acting_user=township_worker, org_unit=region.lengqi, data=too_long)
    too_many = EventData(
        title="讲座", kind="lecture", starts_at=start, ends_at=start, capacity=2**31
    )
    with pytest.raises(ValidationFailed, match="10000"):
        event_create(acting_user=township_worker, org_unit=region.lengqi, data=too_many)
    assert not Event.objects.exists()


def test_attendance_is_for_enrolled_persons_from_the_day_of_the_event(
    region: Region, township_worker: User
) -> None:
    today = make_event(township_worker, region, capacity=1)
    later = make_event(township_worker, region, days=3)
    came, waiting = pupil(region, "甲"), pupil(region, "乙")
    enrolment.enrol_persons(acting_user=township_worker, event=today, persons=[came, waiting])
    enrolment.enrol_persons(acting_user=township_worker, event=later, persons=[came])

    enrolment.attendance_mark(acting_user=township_worker, event=today, person=came, present=True)
    enrolment.attendance_mark(acting_user=township_worker, event=today, person=came, present=False)

    assert Attendance.objects.get(event=today, person=came).present is False
    with pytest.raises(ValidationFailed, match="乙"):
        enrolment.attendance_mark(
            acting_user=township_worker, event=today, person=waiting, present=True
        )
    with pytest.raises(ValidationFailed):
        enrolment.attendance_mark(
            acting_user=township_worker, event=later, person=came, present=True
        )
    assert Attendance.objects.count() == 1


def test_a_helper_serving_the_event_takes_attendance_and_others_do_not(
    region: Region, township_worker: User
) -> None:
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    stranger = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    start = timezone.now()
    event = event_create(
        acting_user=township_worker,
        org_unit=region.lengqi,
        data=EventData(
            title="志愿者探访",
            kind=EventKind.VOLUNTEER_VISIT,
            starts_at=start,
            ends_at=start,
            helpers=[volunteer],
        ),
    )
    person = pupil(region, "甲")
    enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[person])

    enrolment.attendance_mark(acting_user=volunteer, event=event, person=person, present=True)

    with pytest.raises(PermissionRefused):
        enrolment.attendance_mark(acting_user=stranger, event=event, person=person, present=True)
    assert Attendance.objects.get().marked_by == volunteer

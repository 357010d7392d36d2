"""The enrolment services keep the lists' invariants whatever the order of steps
(hypothesis, against the database): never more enrolled than places, no one waiting while
a place is free, no one enrolled ranking after anyone waiting; a cancellation gives the
freed place to the first one waiting."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.accounts.models import User
from guanai.activities.events import enrolment
from guanai.activities.events.services import EventData, event_create, event_update
from guanai.activities.models.events import Enrolment, EnrolmentState, Event
from guanai.registry.models import Person
from tests import factories
from tests.conftest import Region

CATEGORIES = [("orphan",), ("left_behind",), ("dibao",), (), ("left_behind", "disabled"), ()]

steps = st.lists(
    st.one_of(
        st.tuples(st.just("enrol"), st.sets(st.integers(0, 11), min_size=1, max_size=6)),
        st.tuples(st.just("cancel"), st.integers(0, 11)),
    ),
    min_size=1,
    max_size=8,
)


def check(event: Event) -> None:
    rows = list(Enrolment.objects.filter(event=event).exclude(state=EnrolmentState.CANCELLED))
    enrolled = [e for e in rows if e.state == EnrolmentState.ENROLLED]
    waiting = [e for e in rows if e.state == EnrolmentState.WAITING]
    assert event.capacity is not None
    assert len(enrolled) <= event.capacity
    if waiting:
        assert len(enrolled) == event.capacity
        assert max(e.priority_rank for e in enrolled) <= min(e.priority_rank for e in waiting)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(capacity=st.integers(1, 5), plan=steps)
def test_any_order_of_enrolments_and_cancellations_keeps_the_invariants(
    region: Region, township_worker: User, capacity: int, plan: list[tuple[str, object]]
) -> None:
    persons = list(Person.objects.order_by("pk"))
    if not persons:
        persons = [
            factories.person(region.lengqi_school, f"学生{n}", categories=CATEGORIES[n % 6])
            for n in range(12)
        ]
    start = timezone.now()
    event = event_create(
        acting_user=township_worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="讲座",
            kind="lecture",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            capacity=capacity,
        ),
    )
    for action, arg in plan:
        if action == "enrol":
            chosen = [persons[i] for i in sorted(arg)]  # type: ignore[attr-defined]
            enrolment.enrol_persons(acting_user=township_worker, event=event, persons=chosen)
        else:
            person = persons[arg]  # type: ignore[index]
            state = (
                Enrolment.objects.filter(event=event, person=person)
                .values_list("state", flat=True)
                .first()
            )
            if state not in (EnrolmentState.ENROLLED, EnrolmentState.WAITING):
                continue
            first_waiting = (
                Enrolment.objects.filter(event=event, state=EnrolmentState.WAITING)
                .order_by("priority_rank", "position")
                .first()
            )
            moved = enrolment.enrolment_cancel(
                acting_user=township_worker, event=event, person=person
            )
            if state == EnrolmentState.ENROLLED and first_waiting is not None:
                assert [p.pk for p in moved] == [first_waiting.person_id]
            else:
                assert moved == []
        check(event)


def test_a_smaller_capacity_moves_the_lowest_ranked_to_the_waiting_list(
    region: Region, township_worker: User
) -> None:
    start = timezone.now()
    data = EventData(title="讲座", kind="lecture", starts_at=start, ends_at=start, capacity=2)
    event = event_create(acting_user=township_worker, org_unit=region.lengqi_school, data=data)
    orphan = factories.person(region.lengqi_school, "甲孤儿", categories=("orphan",))
    other = factories.person(region.lengqi_school, "乙")
    enrolment.enrol_persons(acting_user=township_worker, event=event, persons=[other, orphan])

    data.capacity = 1
    event_update(acting_user=township_worker, event=event, data=data, version=event.version)

    states = dict(Enrolment.objects.filter(event=event).values_list("person__name", "state"))
    assert states == {"甲孤儿": "enrolled", "乙": "waiting"}

"""Coverage: the special-group persons who joined nothing this term, and participation."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone, translation

from guanai.accounts.models import User
from guanai.activities.events import coverage, enrolment
from guanai.activities.events.services import EventData, event_create
from guanai.activities.events.terms import Term
from guanai.activities.models.events import Attendance, Event, EventKind
from guanai.registry.models import Person
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

AUTUMN = Term(2026, autumn=True)


def pupil(region: Region, name: str, *categories: str, klass: str = "2班") -> Person:
    return factories.person(
        region.lengqi_school,
        name,
        categories=categories,
        school=region.lengqi_school,
        grade="三年级",
        class_name=klass,
    )


def held(worker: User, region: Region, on: date, kind: str = EventKind.LECTURE) -> Event:
    start = timezone.make_aware(datetime.combine(on, time(14)))
    return event_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="活动", kind=kind, starts_at=start, ends_at=start + timedelta(hours=1)
        ),
    )


def attend(worker: User, event: Event, person: Person, *, present: bool = True) -> None:
    enrolment.enrol_persons(acting_user=worker, event=event, persons=[person])
    Attendance.objects.create(event=event, person=person, present=present, marked_by=worker)


def test_coverage_lists_exactly_the_special_persons_who_joined_nothing_in_the_term(
    region: Region, township_worker: User
) -> None:
    came = pupil(region, "甲来了", "left_behind")
    absent = pupil(region, "乙缺席", "left_behind", klass="3班")
    last_term = pupil(region, "丙上学期", "orphan")
    pupil(region, "丁没参加", "orphan", "disabled")
    pupil(region, "戊普通")  # no category: not counted
    outsider = factories.person(region.xinglong_school, "己外镇", categories=("orphan",))
    lecture = held(township_worker, region, date(2026, 10, 12))
    visit = held(township_worker, region, date(2026, 11, 20), EventKind.VISIT)
    attend(township_worker, lecture, came)
    attend(township_worker, visit, came)
    attend(township_worker, lecture, absent, present=False)
    attend(township_worker, held(township_worker, region, date(2026, 6, 1)), last_term)
    assert outsider.pk

    missing = coverage.not_joined(township_worker, region.lengqi, AUTUMN)

    assert {p.name for p in missing} == {"乙缺席", "丙上学期", "丁没参加"}
    assert coverage.totals(township_worker, region.lengqi, AUTUMN).joined == 1
    assert coverage.totals(township_worker, region.lengqi, AUTUMN).total == 4
    shares = {
        s.label: (s.total, s.joined)
        for s in coverage.by_category(township_worker, region.lengqi, AUTUMN)
    }
    assert shares == {"留守儿童": (2, 1), "孤儿": (2, 0), "残疾人": (1, 0)}
    classes = {
        s.label: (s.total, s.joined)
        for s in coverage.by_class(township_worker, region.lengqi, AUTUMN)
    }
    assert classes == {"冷碛镇中心小学 三年级2班": (3, 1), "冷碛镇中心小学 三年级3班": (1, 0)}
    with translation.override("en"):
        kinds = coverage.by_kind(township_worker, region.lengqi, AUTUMN)
        assert {k.label: (k.events, k.present) for k in kinds} == {
            "Lecture or talk": (1, 1),
            "Visit or outing": (1, 1),
        }


def test_the_coverage_page_shows_the_list_and_refuses_a_unit_outside(
    region: Region, township_worker: User
) -> None:
    pupil(region, "丁没参加", "orphan")
    client = logged_in(township_worker)
    url = reverse("activities:coverage")

    answer = client.get(url, {"unit": region.lengqi.pk, "term": AUTUMN.code})

    assert [p.name for p in answer.context["page"]] == ["丁没参加"]
    assert client.get(url, {"unit": region.xinglong.pk}).status_code == 404
    assert client.get(url, {"term": "2026-summer"}).status_code == 404


def test_the_coverage_page_runs_as_many_queries_at_50_persons_as_at_1(
    region: Region, township_worker: User
) -> None:
    client = logged_in(township_worker)
    url = reverse("activities:coverage")
    query = {"unit": region.lengqi.pk, "term": AUTUMN.code}
    lecture = held(township_worker, region, date(2026, 10, 12))
    attend(township_worker, lecture, pupil(region, "学生0", "orphan"))
    pupil(region, "学生1", "left_behind")
    client.get(url, query)
    with count_queries() as small:
        client.get(url, query)
    for i in range(2, 51):
        person = pupil(region, f"学生{i}", "left_behind", klass=f"{i % 5}班")
        if i % 3 == 0:
            attend(township_worker, lecture, person)
    with count_queries() as large:
        answer = client.get(url, query)
    assert len(answer.context["page"]) == 34
    assert_same_query_count(small, large)

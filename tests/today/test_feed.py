"""The calendar feed (issue 15 point 6): a secret address per user that a phone's calendar
reads, holding their events, the birthdays of the persons they care for and their due
care, in iCalendar that the ``icalendar`` package parses."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from guanai.accounts.models import User
from guanai.activities.events import EventData, event_create
from guanai.activities.models.events import Event, EventStatus
from guanai.care.models import HelperRole
from guanai.care.pairing import pairing_start
from guanai.core.models import AccessLog, AuditAction
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Contact, Person
from guanai.today.feed import feed_token_new
from guanai.today.models import CalendarFeedToken
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries
from tests.today import support

TODAY = date(2026, 12, 6)
SHANGHAI = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(500)


@pytest.fixture(autouse=True)
def _on_a_fixed_day() -> Iterator[None]:
    with on(TODAY):
        yield


@pytest.fixture
def p(
    region: Region, county_leader: User, township_worker: User, other_township_worker: User
) -> support.People:
    return support.people(region, county_leader, township_worker, other_township_worker)


def pupil(by: User, school: OrgUnit, name: str, born: date) -> Person:
    """A pupil with an ID number and two contacts' phones (which the feed never shows)."""
    person = factories.pupil(by, school, name, next(_numbers))
    Person.objects.filter(pk=person.pk).update(birth_date=born)
    return Person.objects.get(pk=person.pk)


def pair(worker: User, person: Person, helper: User) -> None:
    pairing_start(
        acting_user=worker,
        person=person,
        helper=helper,
        role=HelperRole.VOLUNTEER,
        started_on=TODAY - timedelta(days=30),
    )


def event(
    by: User, unit: OrgUnit, title: str, start: datetime, end: datetime, **values: object
) -> Event:
    data = EventData(title=title, kind="lecture", starts_at=start, ends_at=end, **values)  # type: ignore[arg-type]
    return event_create(acting_user=by, org_unit=unit, data=data)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def feed_url(user: User) -> str:
    _, key = feed_token_new(acting_user=user)
    return f"{reverse('calendar_feed')}?key={key}"


def read(url: str, language: str = "en") -> tuple[Calendar, str]:
    # A phone sends its language; English here, so that the wording checked is the msgid.
    answer = Client().get(url, headers={"accept-language": language})
    assert answer.status_code == 200, answer.status_code
    assert answer["Content-Type"] == "text/calendar; charset=utf-8"
    body = answer.content.decode()
    return Calendar.from_ical(answer.content), body


def entries(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def summaries(cal: Calendar) -> set[str]:
    return {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


def test_a_helpers_feed_holds_the_events_they_serve_their_pupils_birthdays_and_due_care(
    region: Region, p: support.People
) -> None:
    # Given a helper paired with a pupil born on 20 December, who serves one of two
    # published events of the school
    worker = p.lengqi_worker
    mine = pupil(worker, region.lengqi_school, "周小燕", date(2016, 12, 20))
    pair(worker, mine, p.helper)
    served = event(
        p.teacher,
        region.lengqi_school,
        "安全讲座",
        at(date(2026, 12, 10), 14),
        at(date(2026, 12, 10), 16),
        place="阶梯教室",
        status=EventStatus.PUBLISHED,
        helpers=[p.helper],
    )
    event(
        p.teacher,
        region.lengqi_school,
        "书法比赛",
        at(date(2026, 12, 11), 9),
        at(date(2026, 12, 11), 11),
        status=EventStatus.PUBLISHED,
    )

    cal, body = read(feed_url(p.helper))

    found = entries(cal)
    talk = found[f"event-{served.pk}@guanai"]
    assert str(talk["SUMMARY"]) == "安全讲座"  # type: ignore[index]
    assert str(talk["LOCATION"]) == "阶梯教室"  # type: ignore[index]
    # Timed events in UTC: 14:00 in Shanghai is 06:00Z.
    assert talk["DTSTART"].dt == datetime(2026, 12, 10, 6, tzinfo=UTC)  # type: ignore[index]
    assert "DTSTART:20261210T060000Z" in body
    assert "书法比赛" not in summaries(cal)
    birthday = found[f"birthday-{mine.pk}-2026@guanai"]
    assert str(birthday["SUMMARY"]) == "Birthday: 周小燕"  # type: ignore[index]
    assert "DTSTART;VALUE=DATE:20261220" in body
    assert birthday["DTEND"].dt == date(2026, 12, 21)  # type: ignore[index]
    # No record yet: every rule of the pupil is overdue, on today, as the work list has it.
    care = [e for uid, e in found.items() if uid.startswith(f"care-{mine.pk}-")]
    assert care
    assert {e["DTSTART"].dt for e in care} == {TODAY}  # type: ignore[index]
    assert all("周小燕" in str(e["SUMMARY"]) for e in care)  # type: ignore[index]
    # Names only: no ID number, no phone number of the pupil or the family.
    assert mine.id_number not in body
    for contact in Contact.objects.filter(person=mine):
        assert contact.phone and contact.phone not in body
    assert "X-WR-TIMEZONE:Asia/Shanghai" in body


def test_a_township_workers_feed_holds_its_own_units_events_and_the_next_two_weeks_birthdays(
    region: Region, p: support.People
) -> None:
    worker = p.lengqi_worker
    soon = pupil(worker, region.lengqi_school, "李明", date(2016, 12, 15))
    later = pupil(worker, region.lengqi_school, "王芳", date(2016, 12, 30))
    elsewhere = pupil(p.xinglong_worker, region.xinglong_school, "赵兴", date(2016, 12, 12))
    # A whole-day event of the township (the form saves 00:00 to 23:59:59), and one of
    # a school below it that the worker neither organises nor serves.
    whole_day = event(
        worker,
        region.lengqi,
        "重阳敬老",
        at(date(2026, 12, 12), 0),
        datetime.combine(date(2026, 12, 12), time(23, 59, 59), tzinfo=SHANGHAI),
        status=EventStatus.PUBLISHED,
    )
    event(
        p.teacher,
        region.lengqi_school,
        "家长学校",
        at(date(2026, 12, 9), 14),
        at(date(2026, 12, 9), 16),
        status=EventStatus.PUBLISHED,
    )
    event(
        p.xinglong_worker,
        region.xinglong,
        "兴隆镇运动会",
        at(date(2026, 12, 9), 9),
        at(date(2026, 12, 9), 12),
        status=EventStatus.PUBLISHED,
    )

    cal, body = read(feed_url(worker))

    found = entries(cal)
    assert found[f"event-{whole_day.pk}@guanai"]["DTSTART"].dt == date(2026, 12, 12)  # type: ignore[index]
    assert "DTSTART;VALUE=DATE:20261212" in body
    assert "家长学校" not in summaries(cal)
    assert f"birthday-{soon.pk}-2026@guanai" in found
    assert f"birthday-{later.pk}-2026@guanai" not in found
    # Another township's persons and events never appear.
    assert "赵兴" not in body and "兴隆镇运动会" not in body
    # The other township's worker sees none of 冷碛镇's.
    other, other_body = read(feed_url(p.xinglong_worker))
    assert f"birthday-{elsewhere.pk}-2026@guanai" in entries(other)
    assert "李明" not in other_body and "重阳敬老" not in other_body


def test_a_chinese_phone_reads_chinese(region: Region, p: support.People) -> None:
    # Passes once the catalogue has the feed's messages (frag-feed.po).
    mine = pupil(p.lengqi_worker, region.lengqi_school, "周小燕", date(2016, 12, 20))
    pair(p.lengqi_worker, mine, p.helper)
    cal, _body = read(feed_url(p.helper), language="zh-hans")
    assert "生日：周小燕" in summaries(cal)
    assert str(cal["X-WR-CALNAME"]) == f"关爱：{p.helper.get_full_name()}"


def test_the_feed_needs_its_key_and_a_new_key_replaces_the_old(
    region: Region, p: support.People
) -> None:
    old = feed_url(p.helper)
    new = feed_url(p.helper)
    anonymous = Client()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    assert anonymous.get(reverse("calendar_feed")).status_code == 404
    assert anonymous.get(f"{reverse('calendar_feed')}?key=gc_guessed").status_code == 404
    # A session is no key either.
    assert logged_in(p.helper).get(reverse("calendar_feed")).status_code == 404
    # A user who left: the live key opens nothing.
    User.objects.filter(pk=p.helper.pk).update(is_active=False)
    assert anonymous.get(new).status_code == 404


def test_the_settings_page_makes_a_new_address_and_turns_the_feed_off(
    region: Region, p: support.People
) -> None:
    client = logged_in(p.helper)
    assert client.get(reverse("calendar")).status_code == 200
    made = client.post(reverse("calendar"), {"action": "new"})
    url = made.context["new_url"]
    assert url.startswith("http://testserver/calendar/feed.ics?key=gc_")
    assert made.context["webcal_url"].startswith("webcal://testserver/calendar/feed.ics?key=")
    path = urlsplit(url)
    key = parse_qs(path.query)["key"][0]
    assert Client().get(f"{path.path}?{path.query}").status_code == 200
    token = CalendarFeedToken.objects.get(user=p.helper)
    assert token.key_hash != key and key not in token.key_hash
    # Shown once: the page later tells only that the feed is on.
    assert key not in client.get(reverse("calendar")).content.decode()
    # One click for a new address: the old stops working.
    again = client.post(reverse("calendar"), {"action": "new"}).context["new_url"]
    assert Client().get(url).status_code == 404
    assert Client().get(again).status_code == 200
    # Off: no address works.
    client.post(reverse("calendar"), {"action": "off"})
    assert Client().get(again).status_code == 404
    assert not CalendarFeedToken.objects.filter(user=p.helper).exists()
    events = AccessLog.objects.filter(user=p.helper, action=AuditAction.TOKEN)
    assert [e.detail["event"] for e in events.order_by("pk")] == [
        "calendar feed created",
        "calendar feed replaced",
        "calendar feed turned off",
    ]


def test_the_admin_roles_get_no_feed(region: Region, county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    page = client.get(reverse("calendar"))
    assert page.status_code == 200 and page.context["allowed"] is False
    assert client.post(reverse("calendar"), {"action": "new"}).status_code == 403
    assert not CalendarFeedToken.objects.exists()


def test_reads_are_logged_once_a_day_and_the_use_noted(region: Region, p: support.People) -> None:
    url = feed_url(p.helper)
    for _n in range(3):
        read(url)
    token = CalendarFeedToken.objects.get(user=p.helper)
    assert token.last_used_at is not None
    assert token.logged_on == TODAY
    reads = AccessLog.objects.filter(user=p.helper, action=AuditAction.READ)
    assert reads.count() == 1
    with on(TODAY + timedelta(days=1)):
        read(url)
    assert reads.count() == 2


def test_the_query_count_is_the_same_at_1_and_50_rows(region: Region, p: support.People) -> None:
    def grow(count: int) -> None:
        for n in range(count):
            person = pupil(
                p.lengqi_worker, region.lengqi_school, f"学生{n}", date(2016, 12, 10 + n % 15)
            )
            pair(p.lengqi_worker, person, p.helper)
            event(
                p.teacher,
                region.lengqi_school,
                f"活动{n}",
                at(date(2026, 12, 10), 14),
                at(date(2026, 12, 10), 16),
                status=EventStatus.PUBLISHED,
                helpers=[p.helper],
            )

    url = feed_url(p.helper)
    grow(1)
    read(url)  # the day's access-log row and the first use, written once
    with count_queries() as small:
        read(url)
    grow(49)
    with count_queries() as large:
        cal, _body = read(url)
    assert_same_query_count(small, large)
    assert len([e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("event-")]) == 50
    assert len([e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("birthday-")]) == 50


def test_a_worker_of_a_school_gets_the_same_counts_whatever_their_units_size(
    region: Region, p: support.People
) -> None:
    # The teacher (a worker of the school) gets the school's birthdays of two weeks.
    url = feed_url(p.teacher)
    pupil(p.lengqi_worker, region.lengqi_school, "学生甲", date(2016, 12, 8))
    read(url)
    with count_queries() as small:
        read(url)
    for n in range(49):
        pupil(p.lengqi_worker, region.lengqi_school, f"学生{n}", date(2016, 12, 7 + n % 10))
    with count_queries() as large:
        cal, _body = read(url)
    assert_same_query_count(small, large)
    assert len([e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("birthday-")]) == 50


def test_a_draft_is_only_in_its_organisers_feed_and_a_cancelled_event_is_marked(
    region: Region, p: support.People
) -> None:
    day = date(2026, 12, 15)
    draft = event(
        p.teacher,
        region.lengqi_school,
        "元旦汇演彩排",
        at(day, 14),
        at(day, 16),
        helpers=[p.helper],
    )
    cancelled = event(
        p.teacher,
        region.lengqi_school,
        "秋收参观",
        at(day, 9),
        at(day, 11),
        status=EventStatus.CANCELLED,
        helpers=[p.helper],
    )

    organiser, _body = read(feed_url(p.teacher))
    helper, _body = read(feed_url(p.helper))

    assert str(entries(organiser)[f"event-{draft.pk}@guanai"]["STATUS"]) == "TENTATIVE"  # type: ignore[index]
    assert f"event-{draft.pk}@guanai" not in entries(helper)
    assert str(entries(helper)[f"event-{cancelled.pk}@guanai"]["STATUS"]) == "CANCELLED"  # type: ignore[index]

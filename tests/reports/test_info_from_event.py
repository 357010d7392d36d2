"""An information report written from an event in one step (issue 15, point 2): what the
text says, the photos it carries, who may, and the event page once it is sent."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from pytest_django.fixtures import Settings

from guanai.accounts.models import Role, User
from guanai.activities.events import enrolment, photos
from guanai.activities.events.services import EventData, event_create
from guanai.activities.models.events import Event, EventKind, EventStatus
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.ops.demo.pictures import scene
from guanai.registry.models import Category, Person
from guanai.reports.info import from_event
from guanai.reports.models import InfoKind, InfoPhoto, InfoReport, InfoStatus
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 20)
HELD = date(2026, 11, 18)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_event(
    worker: User,
    region: Region,
    *,
    day: date = HELD,
    status: str = EventStatus.PUBLISHED,
    place: str = "学校操场",
    notes: str = "",
    helpers: list[User] | None = None,
) -> Event:
    start = datetime.combine(day, time(14), tzinfo=SHANGHAI)
    with on(TODAY):
        return event_create(
            acting_user=worker,
            org_unit=region.lengqi_school,
            data=EventData(
                title="中秋诗会",
                kind=EventKind.FESTIVAL,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                place=place,
                status=status,
                notes=notes,
                helpers=helpers or [],
            ),
        )


def pupil(region: Region, name: str, *categories: str) -> Person:
    return factories.person(
        region.lengqi_school,
        name,
        categories=categories,
        school=region.lengqi_school,
        grade="三年级",
        class_name="2班",
    )


def with_photos(worker: User, event: Event, n: int) -> list[Any]:
    files = [SimpleUploadedFile(f"{k}.png", scene(k), "image/png") for k in range(n)]
    with on(TODAY):
        return photos.event_photos_add(acting_user=worker, event=event, photos=files)


def test_the_text_tells_when_where_who_and_how_many_took_part(
    region: Region, township_worker: User
) -> None:
    # Given a held event: four pupils enrolled, three came — one left-behind, one orphan
    # (an orphan only since after the event: not counted as such) and one of no group:
    event = make_event(township_worker, region, notes="学生朗诵了自己写的诗。")
    came_lb = pupil(region, "甲", Category.LEFT_BEHIND)
    came_none = pupil(region, "乙")
    came_late = factories.person(
        region.lengqi_school,
        "丙",
        categories=[Category.ORPHAN],
        since=date(2026, 11, 19),
        school=region.lengqi_school,
    )
    absent = pupil(region, "丁", Category.LEFT_BEHIND)
    with on(TODAY):
        enrolment.enrol_persons(
            acting_user=township_worker,
            event=event,
            persons=[came_lb, came_none, came_late, absent],
        )
        for person, present in (
            (came_lb, True),
            (came_none, True),
            (came_late, True),
            (absent, False),
        ):
            enrolment.attendance_mark(
                acting_user=township_worker, event=event, person=person, present=present
            )

    # When the report is composed (in English, the source language):
    with translation.override("en"), on(TODAY):
        draft = from_event.compose(event)
        left_behind = str(Category.LEFT_BEHIND.label)
        held = date_format(HELD)

    # Then it names the day, the unit, the event, its kind and place, the organiser, the
    # three who came, the one special-group pupil by category, and the notes:
    assert (draft.title, draft.event_date, draft.photos) == ("中秋诗会", HELD, [])
    assert draft.text == (
        f"On {held}, 冷碛镇中心小学 held “中秋诗会” (Festival or show) at 学校操场. "
        f"It was organised by {township_worker.get_full_name()}. "
        f"3 persons took part, of whom 1 from the special groups ({left_behind} 1)."
        "\n\n学生朗诵了自己写的诗。"
    )


def test_before_attendance_the_text_counts_the_enrolled(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region, place="")
    persons = [pupil(region, "甲", Category.LEFT_BEHIND), pupil(region, "乙", Category.ORPHAN)]
    with on(TODAY):
        enrolment.enrol_persons(acting_user=township_worker, event=event, persons=persons)
    with translation.override("en"):
        text = from_event.compose(event).text
        labels = [str(Category.LEFT_BEHIND.label), str(Category.ORPHAN.label)]
    assert "held “中秋诗会” (Festival or show)." in text
    assert (
        f"Attendance was not taken; 2 enrolled, of whom 2 from the special groups "
        f"({labels[0]} 1, {labels[1]} 1)." in text
    )


def test_the_report_is_sent_with_copies_of_the_first_three_photos(
    region: Region, township_worker: User, media: Path
) -> None:
    # Given an event with four photos:
    event = make_event(township_worker, region)
    held = with_photos(township_worker, event, 4)
    client = logged_in(township_worker)
    url = reverse("reports:info_from_event", args=[event.pk])

    # When the worker opens the step, the form holds the event's title, day and text, and
    # the first three photos are chosen:
    with on(TODAY):
        page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert (form.initial["title"], form.initial["event_date"]) == ("中秋诗会", HELD)
    assert "冷碛镇中心小学" in form.initial["text"]
    assert page.context["chosen"] == [p.pk for p in held[:3]]
    text = page.content.decode()
    assert text.count('name="photo"') == 4 and text.count("checked") == 3

    # And sends it as it is:
    with on(TODAY):
        sent = client.post(
            url,
            {
                "kind": InfoKind.REPORT,
                "title": "中秋诗会",
                "event_date": "2026-11-18",
                "text": form.initial["text"],
                "photo": [str(p.pk) for p in held[:3]],
            },
        )
    report = InfoReport.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/reports/info/{report.pk}/"
    assert (report.source_event, report.status, report.org_unit) == (
        event,
        InfoStatus.SUBMITTED,
        region.lengqi_school,
    )
    assert report.timely  # held on the 18th, sent on the 20th
    copies = list(report.photos.all())
    assert [c.original_name for c in copies] == ["0.png", "1.png", "2.png"]
    assert [c.file.read() for c in copies] == [scene(0), scene(1), scene(2)]
    assert {c.file.name for c in copies}.isdisjoint({p.file.name for p in held})
    # The event keeps its own four.
    assert event.photos.count() == 4


def test_more_than_three_photos_are_refused_and_nothing_is_sent(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region)
    held = with_photos(township_worker, event, 4)
    with on(TODAY):
        answer = logged_in(township_worker).post(
            reverse("reports:info_from_event", args=[event.pk]),
            {
                "kind": InfoKind.REPORT,
                "title": "中秋诗会",
                "event_date": "2026-11-18",
                "text": "内容",
                "photo": [str(p.pk) for p in held],
            },
            **EN,
        )
    assert answer.status_code == 400
    assert "At most 3 photos per report." in answer.content.decode()
    assert not InfoReport.objects.exists() and not InfoPhoto.objects.exists()


def test_the_event_page_offers_the_step_then_names_the_report(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region)
    client = logged_in(township_worker)
    detail = reverse("activities:event_detail", args=[event.pk])
    step = reverse("reports:info_from_event", args=[event.pk])
    with on(TODAY):
        before = client.get(detail).content.decode()
    assert f'href="{step}"' in before and 'data-done="0"' in before

    with on(TODAY):
        draft = from_event.compose(event)
        report = from_event.info_from_event(
            acting_user=township_worker,
            event=event,
            title="中秋诗会暨关爱留守儿童活动",
            event_date=draft.event_date,
            text=draft.text,
        )
        after = client.get(detail).content.decode()
        again = client.get(step)
    assert f'href="{step}"' not in after
    assert 'data-done="1"' in after
    assert f'<a href="/reports/info/{report.pk}/">中秋诗会暨关爱留守儿童活动</a>' in after
    # Opening the step again leads to the report sent; the service refuses a second one.
    assert again.status_code == 302 and again["Location"] == f"/reports/info/{report.pk}/"
    with on(TODAY), pytest.raises(ValidationFailed, match="已报送过信息"):
        from_event.info_from_event(
            acting_user=township_worker, event=event, title="再报", event_date=HELD, text="内容"
        )
    assert InfoReport.objects.count() == 1


@pytest.mark.parametrize(
    ("status", "day", "reason"),
    [
        (EventStatus.DRAFT, HELD, "Only a published event"),
        (EventStatus.PUBLISHED, date(2026, 11, 25), "has not begun yet"),
    ],
)
def test_a_draft_or_future_event_is_not_written_up(
    region: Region, township_worker: User, status: str, day: date, reason: str
) -> None:
    event = make_event(township_worker, region, status=status, day=day)
    client = logged_in(township_worker)
    with on(TODAY):
        page = client.get(reverse("activities:event_detail", args=[event.pk])).content.decode()
        step = client.get(reverse("reports:info_from_event", args=[event.pk]))
        with translation.override("en"), pytest.raises(ValidationFailed, match=reason):
            from_event.info_from_event(
                acting_user=township_worker, event=event, title="t", event_date=HELD, text="x"
            )
    assert 'data-testid="follow-up-info-report"' not in page
    assert step.status_code == 302
    assert not InfoReport.objects.exists()


def test_only_those_who_send_the_units_reports_write_it_up(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    school_helper: User,
) -> None:
    # Given an event served by a volunteer, who sees it but sends no reports:
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    event = make_event(township_worker, region, helpers=[volunteer])
    step = reverse("reports:info_from_event", args=[event.pk])
    with on(TODAY):
        page = logged_in(volunteer).get(reverse("activities:event_detail", args=[event.pk]))
        assert 'data-testid="follow-up-info-report"' not in page.content.decode()
        assert logged_in(volunteer).get(step).status_code == 403
        assert logged_in(volunteer).post(step, {"title": "x"}).status_code == 403
        # Another township's worker does not see the event at all; nor does the school's
        # helper, who does not serve it.
        assert logged_in(other_township_worker).get(step).status_code == 404
        assert logged_in(school_helper).get(step).status_code == 404
        with pytest.raises(PermissionRefused):
            from_event.info_from_event(
                acting_user=volunteer, event=event, title="t", event_date=HELD, text="x"
            )
    assert not InfoReport.objects.exists()


def test_the_county_reads_the_report_and_the_event_page_names_it(
    region: Region, township_worker: User, county_leader: User
) -> None:
    event = make_event(township_worker, region)
    with on(TODAY):
        report = from_event.info_from_event(
            acting_user=township_worker, event=event, title="诗会", event_date=HELD, text="内容"
        )
        page = logged_in(county_leader).get(reverse("activities:event_detail", args=[event.pk]))
    assert f'<a href="/reports/info/{report.pk}/">诗会</a>' in page.content.decode()


def test_query_count_of_the_event_page_with_the_follow_up(
    region: Region, township_worker: User
) -> None:
    """The follow-up costs one query on the event page, whether sent or not."""
    event = make_event(township_worker, region)
    client = logged_in(township_worker)
    url = reverse("activities:event_detail", args=[event.pk])
    with on(TODAY):
        client.get(url)
        with count_queries() as before:
            client.get(url)
        from_event.info_from_event(
            acting_user=township_worker, event=event, title="诗会", event_date=HELD, text="内容"
        )
        with count_queries() as after:
            client.get(url)
    assert_same_query_count(before, after)

"""An event's photos and its information report in a browser (issue 15, point 2): on a
phone, the school's teacher takes a photo at a past event, sees it among the event's
photos, and writes the event up for the township in one step — the report's form opens
filled from the event, with its first photos chosen — then sees the event name it.

Screenshots ``activities-photos-desktop.png`` and ``activities-photos-phone.png`` (the
event page with its photos) and ``activities-info-from-event-phone.png`` (the form).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from guanai.activities.events import EventData, attendance_mark, enrol_persons, event_create
from guanai.activities.models.events import Event, EventKind, EventStatus
from guanai.activities.models.media import EventPhoto
from guanai.core.actors import SYSTEM
from guanai.ops.demo.activities import children_of
from guanai.ops.demo.activity_photos import demo_event_photos
from guanai.ops.demo.pictures import scene
from guanai.orgs.models import OrgUnit
from guanai.reports.models import InfoReport, InfoStatus
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _held(school: OrgUnit) -> Event:
    start = timezone.now().replace(hour=6, minute=0) - timedelta(days=2)
    event = event_create(
        acting_user=SYSTEM,
        org_unit=school,
        data=EventData(
            title="关爱留守儿童文艺汇演",
            kind=EventKind.FESTIVAL,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="学校操场",
            status=EventStatus.PUBLISHED,
        ),
    )
    pupils = list(children_of(school)[:8])
    enrol_persons(acting_user=SYSTEM, event=event, persons=pupils)
    for n, pupil in enumerate(pupils):
        attendance_mark(acting_user=SYSTEM, event=event, person=pupil, present=n != 3)
    return event


def test_a_teacher_adds_a_photo_and_writes_the_event_up_on_a_phone(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    # Given an event of the school two days ago, with pupils who came, and the photos the
    # demo gives a past event:
    school = demo["lengqi_school"]
    event = _held(school)
    assert demo_event_photos() >= 2
    had = EventPhoto.objects.filter(event=event).count()

    phone = new_tab("phone")
    page = phone.page
    phone.login("teacher")
    phone.open("activities:event_detail", event.pk)
    expect(page.get_by_test_id("photo")).to_have_count(had)

    # A photo from the phone's camera or album (here: a file), with a caption.
    camera = page.locator("#event-photos")
    assert camera.get_attribute("accept") == "image/jpeg,image/png"
    camera.set_input_files(
        files=[{"name": "合影.png", "mimeType": "image/png", "buffer": scene(5)}]
    )
    page.locator("#event-photo-caption").fill("颁奖")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Upload")).click()
    phone.check()
    thumbs = page.get_by_test_id("photo")
    expect(thumbs).to_have_count(had + 1)
    added = EventPhoto.objects.filter(event=event).order_by("pk").last()
    assert added is not None and added.caption == "颁奖"
    newest = thumbs.last.locator("img")
    expect(newest).to_have_attribute("alt", "颁奖")
    # The thumbnail is the photo itself, served behind the event's scope.
    assert newest.evaluate("img => img.complete && img.naturalWidth") == 320
    phone.shoot("activities-photos")

    # One step to the information report: the form opens filled from the event.
    with page.expect_navigation():
        page.get_by_test_id("follow-up-info-report").click()
    phone.check()
    assert page.url.endswith(reverse("reports:info_from_event", args=[event.pk]))
    expect(page.locator("input[name=title]")).to_have_value(event.title)
    expect(page.locator("input[name=event_date]")).to_have_value(
        timezone.localdate(event.starts_at).isoformat()
    )
    text = page.locator("textarea[name=text]").input_value()
    assert school.name in text and event.place in text
    chosen = page.locator("input[name=photo]:checked")
    expect(chosen).to_have_count(3)
    phone.shoot("activities-info-from-event")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send for review")).click()
    phone.check()
    report = InfoReport.objects.get(source_event=event)
    assert (report.status, report.photos.count(), report.text) == (
        InfoStatus.SUBMITTED,
        3,
        text,
    )
    assert page.url.endswith(reverse("reports:info", args=[report.pk]))

    # Back on the event, the report is named instead of the button.
    phone.open("activities:event_detail", event.pk)
    named = page.get_by_test_id("follow-up-info-report")
    expect(named).to_have_attribute("data-done", "1")
    expect(named.get_by_role("link")).to_have_text(report.title)

    desk = new_tab("desktop")
    desk.login("teacher")
    desk.open("activities:event_detail", event.pk)
    expect(desk.page.get_by_test_id("photo")).to_have_count(had + 1)
    desk.shoot("activities-photos")

"""An event's photos and the information report written from it, through the API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from guanai.accounts.models import Role, User
from guanai.activities.events.services import EventData, event_create
from guanai.activities.models.events import Event, EventKind, EventStatus
from guanai.activities.models.media import EventPhoto
from guanai.ops.demo.pictures import scene
from guanai.reports.models import InfoReport
from tests import factories
from tests.api.conftest import bearer
from tests.care.log_support import on
from tests.conftest import Region
from tests.support.queries import assert_same_query_count, count_queries

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_event(worker: User, region: Region, helpers: list[User] | None = None) -> Event:
    start = datetime.combine(date(2026, 11, 18), time(14), tzinfo=SHANGHAI)
    with on(TODAY):
        return event_create(
            acting_user=worker,
            org_unit=region.lengqi_school,
            data=EventData(
                title="中秋诗会",
                kind=EventKind.FESTIVAL,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                status=EventStatus.PUBLISHED,
                helpers=helpers or [],
            ),
        )


def png(name: str = "a.png", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, scene(0) if data is None else data, "image/png")


def call(method: str, path: str, headers: dict[str, str], **kwargs: Any) -> Any:
    with on(TODAY):
        return getattr(Client(), method)(path, headers=headers, **kwargs)


def test_photos_are_added_listed_read_and_removed(
    region: Region, township_worker: User, other_township_worker: User, media: Path
) -> None:
    event = make_event(township_worker, region)
    clerk = bearer(township_worker)
    path = f"/api/activities/events/{event.pk}/photos"

    added = call("post", path, clerk, data={"photos": [png("合影.png")], "caption": "诗会"})
    assert added.status_code == 201, added.content
    (photo,) = added.json()
    assert (photo["caption"], photo["content_type"]) == ("诗会", "image/png")
    assert photo["url"] == f"/api/activities/events/photos/{photo['id']}"

    listed = call("get", path, clerk)
    assert [p["id"] for p in listed.json()] == [photo["id"]]
    read = call("get", photo["url"], clerk)
    assert read.status_code == 200 and read["Content-Type"] == "image/png"
    assert b"".join(read.streaming_content) == scene(0)

    # Another township sees nothing of it and changes nothing.
    other = bearer(other_township_worker)
    assert call("get", path, other).status_code == 404
    assert call("get", photo["url"], other).status_code == 404
    assert call("delete", photo["url"], other).status_code == 404
    assert call("post", path, other, data={"photos": [png()]}).status_code == 404

    assert call("delete", photo["url"], clerk).status_code == 204
    assert not EventPhoto.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([png("photo.jpg", b"plain text")], "photo.jpg is not a JPEG or PNG photo."),
        ([png(f"{n}.png") for n in range(10)], "At most 9 photos per event; it holds 0."),
    ],
)
def test_a_bad_file_is_refused_with_its_reason(
    region: Region, township_worker: User, media: Path, files: list[Any], message: str
) -> None:
    event = make_event(township_worker, region)
    answer = call(
        "post",
        f"/api/activities/events/{event.pk}/photos",
        bearer(township_worker),
        data={"photos": files},
    )
    assert answer.status_code == 400
    assert answer.json() == {"detail": message, "field": "photos"}
    assert not EventPhoto.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_an_upload_without_photos_is_422(region: Region, township_worker: User) -> None:
    event = make_event(township_worker, region)
    answer = call(
        "post",
        f"/api/activities/events/{event.pk}/photos",
        bearer(township_worker),
        data={"caption": "诗会"},
    )
    assert answer.status_code == 422
    assert not EventPhoto.objects.exists()


def test_a_caption_too_long_is_refused(region: Region, township_worker: User) -> None:
    event = make_event(township_worker, region)
    answer = call(
        "post",
        f"/api/activities/events/{event.pk}/photos",
        bearer(township_worker),
        data={"photos": [png()], "caption": "字" * 101},
    )
    assert answer.status_code == 422
    assert not EventPhoto.objects.exists()


def test_a_volunteer_who_serves_the_event_adds_photos_one_who_does_not_gets_404(
    region: Region, township_worker: User
) -> None:
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    stranger = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    event = make_event(township_worker, region, helpers=[volunteer])
    path = f"/api/activities/events/{event.pk}/photos"
    assert call("post", path, bearer(volunteer), data={"photos": [png()]}).status_code == 201
    assert call("get", path, bearer(stranger)).status_code == 404


def _photos(event: Event, n: int) -> None:
    # Rows written directly: past the service's nine per event, to show the list's
    # statements do not grow with its length.
    EventPhoto.objects.bulk_create(
        EventPhoto(event=event, file=f"events/x{k}.png", content_type="image/png", size=1)
        for k in range(n)
    )


def test_the_photo_list_runs_as_many_queries_at_50_rows_as_at_1(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region)
    clerk = bearer(township_worker)
    path = f"/api/activities/events/{event.pk}/photos"
    _photos(event, 1)
    call("get", path, clerk)
    with count_queries() as small:
        assert len(call("get", path, clerk).json()) == 1
    _photos(event, 49)
    with count_queries() as large:
        assert len(call("get", path, clerk).json()) == 50
    assert_same_query_count(small, large)


def test_the_information_report_from_an_event_in_one_call(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    event = make_event(township_worker, region)
    clerk = bearer(township_worker)
    for k in range(4):
        call(
            "post",
            f"/api/activities/events/{event.pk}/photos",
            clerk,
            data={"photos": [png(f"{k}.png")]},
        )
    path = f"/api/activities/events/{event.pk}/info-report"
    held = list(EventPhoto.objects.order_by("pk").values_list("pk", flat=True))

    draft = call("get", path, clerk).json()
    assert (draft["title"], draft["event_date"], draft["photo_ids"]) == (
        "中秋诗会",
        "2026-11-18",
        held[:3],
    )
    assert "冷碛镇中心小学" in draft["text"]
    # Another township's worker: the event is not theirs to see.
    other = bearer(other_township_worker)
    assert call("get", path, other).status_code == 404
    assert call("post", path, other, data={}, content_type="application/json").status_code == 404
    # Photos of another event are refused.
    refused = call(
        "post", path, clerk, data={"photo_ids": [999999]}, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["field"] == "photo_ids"

    sent = call("post", path, clerk, data={"photo_ids": [held[3]]}, content_type="application/json")
    assert sent.status_code == 201, sent.content
    report = sent.json()
    assert (report["title"], report["status"], len(report["photo_ids"])) == (
        "中秋诗会",
        "submitted",
        1,
    )
    assert report["text"] == draft["text"]
    assert report["source_event_id"] == event.pk
    assert InfoReport.objects.get().source_event == event
    # Once sent, a second one is refused.
    again = call("post", path, clerk, data={}, content_type="application/json")
    assert again.status_code == 400
    assert call("get", path, clerk).status_code == 400
    assert InfoReport.objects.count() == 1


def test_a_volunteer_may_not_send_the_report(region: Region, township_worker: User) -> None:
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    event = make_event(township_worker, region, helpers=[volunteer])
    path = f"/api/activities/events/{event.pk}/info-report"
    answer = call("post", path, bearer(volunteer), data={}, content_type="application/json")
    assert answer.status_code == 403
    assert not InfoReport.objects.exists()

"""An event's photos: added from the event page (a phone's camera too), refused when they
are not photos, too large, too many or badly named, and seen only by the event's readers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from guanai.accounts.models import Role, User
from guanai.activities.events import photos
from guanai.activities.events.services import EventData, event_create, event_update
from guanai.activities.models.events import Event, EventKind, EventStatus
from guanai.activities.models.media import EventPhoto
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.photos import MAX_PHOTO_BYTES
from guanai.ops.demo.pictures import scene
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 64


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    """Keep the photos of a test in its own folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name: str = "合影.png", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, scene(0) if data is None else data, "image/png")


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def make_event(worker: User, region: Region, *, helpers: list[User] | None = None) -> Event:
    start = timezone.now() - timedelta(days=2)
    return event_create(
        acting_user=worker,
        org_unit=region.lengqi_school,
        data=EventData(
            title="中秋诗会",
            kind=EventKind.FESTIVAL,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="学校操场",
            status=EventStatus.PUBLISHED,
            helpers=helpers or [],
        ),
    )


def messages_of(answer: object) -> list[str]:
    return [str(m) for m in answer.context["messages"]]  # type: ignore[attr-defined]


def upload(client: Client, event: Event, *files: SimpleUploadedFile, caption: str = "") -> object:
    return client.post(
        reverse("activities:event_photos_add", args=[event.pk]),
        {"photos": list(files), "caption": caption},
        follow=True,
        **EN,
    )


def test_a_worker_adds_photos_on_the_event_page_and_sees_them(
    region: Region, township_worker: User, media: Path
) -> None:
    # Given a past event of the school, opened by the township's worker:
    event = make_event(township_worker, region)
    client = logged_in(township_worker)
    page = client.get(reverse("activities:event_detail", args=[event.pk])).content.decode()
    # Photos only; no ``capture``, so that a phone offers its album as well as the camera.
    assert 'accept="image/jpeg,image/png"' in page and "capture=" not in page
    # When she uploads two photos (a PNG and a JPEG) with a caption:
    answer = upload(client, event, png("合影.png"), png("b.jpg", JPEG), caption="  诗会  现场 ")
    # Then the page shows both, served to her with their type:
    added = list(EventPhoto.objects.filter(event=event))
    assert [(p.original_name, p.content_type, p.caption) for p in added] == [
        ("合影.png", "image/png", "诗会 现场"),
        ("b.jpg", "image/jpeg", "诗会 现场"),
    ]
    assert added[0].uploaded_by == township_worker
    assert messages_of(answer) == ["2 photos added."]
    text = answer.content.decode()  # type: ignore[attr-defined]
    for photo in added:
        assert f'src="{reverse("activities:event_photo", args=[photo.pk])}"' in text
    assert 'data-testid="photo-count">2/9<' in text
    served = client.get(reverse("activities:event_photo", args=[added[0].pk]))
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == scene(0)
    assert (served["Content-Type"], served["X-Content-Type-Options"]) == ("image/png", "nosniff")
    assert len(stored_files(media)) == 2


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([png("photo.jpg", b"just some text, not a picture")], "photo.jpg is not a JPEG or PNG"),
        (
            [png("big.png", scene(0) + b"\x00" * MAX_PHOTO_BYTES)],
            "big.png is larger than 5 MB; send a smaller photo.",
        ),
        ([png(f"{n}.png") for n in range(10)], "At most 9 photos per event; it holds 0."),
        ([png("照" * 197 + ".png")], "longer than 200 characters; rename it."),
    ],
)
def test_bad_photos_are_refused_with_a_message_and_nothing_is_stored(
    region: Region,
    township_worker: User,
    media: Path,
    files: list[SimpleUploadedFile],
    message: str,
) -> None:
    # Given a good photo sent together with a bad one (or too many): none is kept.
    event = make_event(township_worker, region)
    answer = upload(logged_in(township_worker), event, png("good.png"), *files)
    assert any(message in m for m in messages_of(answer))
    assert not EventPhoto.objects.exists()
    assert stored_files(media) == []


def test_an_upload_without_a_photo_is_refused(region: Region, township_worker: User) -> None:
    event = make_event(township_worker, region)
    answer = upload(logged_in(township_worker), event)
    assert messages_of(answer) == ["Choose at least one photo."]
    assert not EventPhoto.objects.exists()


def test_a_caption_too_long_is_refused_not_cut(
    region: Region, township_worker: User, media: Path
) -> None:
    event = make_event(township_worker, region)
    answer = upload(logged_in(township_worker), event, png(), caption="字" * 101)
    assert messages_of(answer) == ["Write at most 100 characters here."]
    assert not EventPhoto.objects.exists() and stored_files(media) == []


def test_the_tenth_photo_is_refused_and_a_removed_one_makes_room(
    region: Region,
    township_worker: User,
    media: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    event = make_event(township_worker, region)
    held = photos.event_photos_add(
        acting_user=township_worker, event=event, photos=[png(f"{n}.png") for n in range(9)]
    )
    client = logged_in(township_worker)
    refused = upload(client, event, png("10.png"))
    assert messages_of(refused) == ["At most 9 photos per event; it holds 9."]
    page = client.get(reverse("activities:event_detail", args=[event.pk])).content.decode()
    assert 'data-testid="photo-form"' not in page  # no upload offered when full
    assert EventPhoto.objects.filter(event=event).count() == 9

    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(
            reverse("activities:event_photo_remove", args=[held[0].pk]), follow=True, **EN
        )
    assert messages_of(removed) == ["The photo is removed."]
    assert not EventPhoto.objects.filter(pk=held[0].pk).exists()
    assert len(stored_files(media)) == 8  # the file went with the row
    assert messages_of(upload(client, event, png("10.png"))) == ["1 photo added."]
    assert EventPhoto.objects.filter(event=event).count() == 9


def test_a_cancelled_event_takes_no_photos(region: Region, township_worker: User) -> None:
    event = make_event(township_worker, region)
    cancelled = event_update(
        acting_user=township_worker,
        event=event,
        data=EventData(
            title=event.title,
            kind=event.kind,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            status=EventStatus.CANCELLED,
        ),
        version=event.version,
    )
    with pytest.raises(ValidationFailed, match="活动已取消"):
        photos.event_photos_add(acting_user=township_worker, event=cancelled, photos=[png()])
    assert not EventPhoto.objects.exists()


def test_photos_are_seen_by_the_events_readers_only(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_leader: User,
    county_auditor: User,
) -> None:
    # Given a photo of an event served by one volunteer and not by another:
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    stranger = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    event = make_event(township_worker, region, helpers=[volunteer])
    (photo,) = photos.event_photos_add(acting_user=township_worker, event=event, photos=[png()])
    url = reverse("activities:event_photo", args=[photo.pk])
    remove = reverse("activities:event_photo_remove", args=[photo.pk])

    # The unit and above, and the volunteer who serves it, see it:
    for reader in (township_worker, county_leader, volunteer):
        assert logged_in(reader).get(url).status_code == 200
    # Another township's worker, a volunteer who does not serve it and the auditor get 404:
    for outsider in (other_township_worker, stranger, county_auditor):
        client = logged_in(outsider)
        assert client.get(url).status_code == 404
        assert client.post(remove).status_code in (403, 404)
        assert client.post(
            reverse("activities:event_photos_add", args=[event.pk]), {"photos": [png()]}
        ).status_code in (403, 404)
    assert logged_in(other_township_worker).post(remove).status_code == 404
    assert EventPhoto.objects.filter(event=event).count() == 1


def test_the_volunteer_who_serves_the_event_adds_photos(
    region: Region, township_worker: User, school_helper: User
) -> None:
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    event = make_event(township_worker, region, helpers=[volunteer])
    upload(logged_in(volunteer), event, png())
    assert EventPhoto.objects.get(event=event).uploaded_by == volunteer
    # A helper of the school who does not serve the event sees none of it.
    with pytest.raises(PermissionRefused):
        photos.event_photos_add(acting_user=school_helper, event=event, photos=[png()])


def test_the_event_page_runs_as_many_queries_with_9_photos_as_with_1(
    region: Region, township_worker: User
) -> None:
    event = make_event(township_worker, region)
    client = logged_in(township_worker)
    url = reverse("activities:event_detail", args=[event.pk])
    photos.event_photos_add(acting_user=township_worker, event=event, photos=[png()])
    client.get(url)
    with count_queries() as small:
        client.get(url)
    photos.event_photos_add(
        acting_user=township_worker, event=event, photos=[png(f"{n}.png") for n in range(8)]
    )
    with count_queries() as large:
        client.get(url)
    assert_same_query_count(small, large)

"""The request pages: a wheelchair asked, assessed, approved, delivered and followed up from the
pages, as each user sees it; refusals shown with what was typed kept; a renovation project's
stages with photos; the list's filters and query count; 404 for the other township."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guanai.accounts.models import Role
from guanai.inkind.applications import application_deliver
from guanai.inkind.models import Application, ApplicationStatus, StagePhoto
from guanai.registry.models import HouseCondition, Person
from tests import factories
from tests.conftest import logged_in
from tests.inkind.support import World, disabled
from tests.inkind.support_requests import (
    PNG,
    approved,
    asked,
    days_ago,
    fresh,
    png,
    staged,
)
from tests.support.queries import assert_same_query_count, count_queries

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def detail_url(application: Application, step: str = "") -> str:
    url = reverse("inkind:application_detail", args=[application.pk])
    return f"{url}{step}/" if step else url


def text_of(html: str) -> str:
    """Return the page's text, tags and runs of spaces removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def part(html: str, testid: str, end: str) -> str:
    return html.split(f'data-testid="{testid}"', 1)[1].split(end, 1)[0]


def test_a_wheelchair_is_asked_approved_delivered_and_followed_up_from_the_pages(
    world: World,
) -> None:
    worker, leader = logged_in(world.lengqi_worker), logged_in(world.lengqi_leader)
    new = f"{reverse('inkind:application_new')}?person={world.elder.pk}&service=wheelchair"

    # The form shows what the rules find for 王大爷, each condition ✓ or ✗
    form = worker.get(new, **EN).content.decode()
    wheelchair = form.split('data-service="wheelchair"', 1)[1].split('data-service="', 1)[0]
    assert "Qualifies today" in wheelchair
    assert "met: </span>" not in wheelchair
    assert "✓" in wheelchair and "Physical disability or Multiple disabilities" in wheelchair
    hearing = form.split('data-service="hearing_aid"', 1)[1].split('data-service="', 1)[0]
    assert "Does not qualify today" in hearing and "not met:" in hearing

    # When the worker records the request
    made = worker.post(
        new,
        {"service": "wheelchair", "source": "person", "reason": "行动不便", "requested_on": ""},
        **EN,
    )
    assert made.status_code == 400  # the date is needed
    assert Application.objects.count() == 0
    made = worker.post(
        new,
        {
            "service": "wheelchair",
            "source": "person",
            "reason": "行动不便",
            "requested_on": f"{days_ago(5):%Y-%m-%d}",
        },
        **EN,
    )
    application = Application.objects.get()
    assert made.url == detail_url(application)
    page = text_of(worker.get(made.url, **EN).content.decode())
    assert "The request for 轮椅 for 王大爷 is recorded." in page
    assert "Requested (The person or the family)" in page and "行动不便" in page
    assert "Assess, or approve or refuse" in page
    assert "Record the assessment" in page and "Approve" not in page  # a worker approves not

    # The worker assesses
    worker.post(
        detail_url(application, "assess"),
        {
            "version": application.version,
            "assess-assessment": "适配标准轮椅",
            "assess-assessed_on": f"{days_ago(4):%Y-%m-%d}",
        },
    )
    assert fresh(application).status == ApplicationStatus.ASSESSED

    # The leader sees the approval form and approves
    application = fresh(application)
    seen = leader.get(detail_url(application), **EN).content.decode()
    assert "Approve or refuse" in seen and 'value="approve"' in seen
    leader.post(
        detail_url(application, "decide"),
        {
            "version": application.version,
            "decision": "approve",
            "decide-decided_on": f"{days_ago(3):%Y-%m-%d}",
        },
    )
    application = fresh(application)
    assert application.status == ApplicationStatus.APPROVED

    # The worker records the delivery, then a follow-up
    delivered = worker.post(
        detail_url(application, "deliver"),
        {
            "version": application.version,
            "deliver-delivered_on": f"{days_ago(1):%Y-%m-%d}",
            "deliver-supplier": "泸定县康复器材站",
            "deliver-cost": "1280",
            "deliver-serial_number": "LZ-0001",
        },
        follow=True,
        **EN,
    )
    assert "The delivery is recorded." in delivered.content.decode()
    worker.post(
        detail_url(application, "follow-up"),
        {
            "follow_up-status": "in_use",
            "follow_up-visited_on": f"{days_ago(0):%Y-%m-%d}",
        },
    )

    # Then the timeline tells the whole story, in order
    timeline = text_of(
        part(worker.get(detail_url(application), **EN).content.decode(), "timeline", "</ol>")
    )
    steps = ["Requested", "Assessed", "Approved", "Delivered", "Follow-up: In use"]
    assert [timeline.index(s) for s in steps] == sorted(timeline.index(s) for s in steps)
    assert "泸定县康复器材站；serial number LZ-0001" in timeline
    assert "¥1,280.00" in timeline


@pytest.fixture
def approved_wheelchair(world: World) -> Application:
    return approved(world, world.elder, "wheelchair")


def test_a_refused_delivery_keeps_what_was_typed_and_changes_nothing(
    world: World, approved_wheelchair: Application
) -> None:
    application = approved_wheelchair
    answer = logged_in(world.lengqi_worker).post(
        detail_url(application, "deliver"),
        {
            "version": application.version,
            "deliver-delivered_on": f"{days_ago(0):%Y-%m-%d}",
            "deliver-supplier": "泸定县康复器材站",
            "deliver-serial_number": "",
        },
        **EN,
    )

    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Write the serial number of the 轮椅 delivered." in html
    assert 'value="泸定县康复器材站"' in html
    assert fresh(application).status == ApplicationStatus.APPROVED


def test_a_stale_form_is_refused_with_the_message(
    world: World, approved_wheelchair: Application
) -> None:
    application = approved_wheelchair
    answer = logged_in(world.lengqi_worker).post(
        detail_url(application, "cancel"),
        {"version": application.version - 1, "cancel-cancel_reason": "本人撤回"},
        **EN,
    )

    assert answer.status_code == 400
    assert "Someone changed this request after you opened it" in answer.content.decode()
    assert 'value="本人撤回"' in answer.content.decode()
    assert fresh(application).status == ApplicationStatus.APPROVED


def test_a_refusal_without_a_reason_is_shown_beside_the_note(world: World) -> None:
    application = asked(world, world.elder, "wheelchair")
    answer = logged_in(world.lengqi_leader).post(
        detail_url(application, "decide"),
        {
            "version": application.version,
            "decision": "refuse",
            "decide-decided_on": f"{days_ago(0):%Y-%m-%d}",
        },
        **EN,
    )

    assert answer.status_code == 400
    assert "Say why the request is refused." in answer.content.decode()
    assert fresh(application).status == ApplicationStatus.REQUESTED


def test_a_worker_who_posts_an_approval_is_refused(world: World) -> None:
    application = asked(world, world.elder, "wheelchair")
    answer = logged_in(world.lengqi_worker).post(
        detail_url(application, "decide"),
        {
            "version": application.version,
            "decision": "approve",
            "decide-decided_on": f"{days_ago(0):%Y-%m-%d}",
        },
    )
    assert answer.status_code == 403
    assert fresh(application).status == ApplicationStatus.REQUESTED


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_a_renovation_is_recorded_stage_by_stage_with_photos(world: World, media: Path) -> None:
    project = approved(world, world.scattered, "housing_renovation")
    worker = logged_in(world.lengqi_worker)

    page = text_of(worker.get(detail_url(project), **EN).content.decode())
    assert "Record the stage: Survey of the house" in page
    assert "at most 6 photos per stage, JPEG or PNG, 5 MB each" in page

    # A text file named like a photo: refused, the note kept, nothing stored
    refused = worker.post(
        detail_url(project, "stage"),
        {
            "version": project.version,
            "stage-stage": "survey",
            "stage-done_on": f"{days_ago(5):%Y-%m-%d}",
            "stage-note": "墙体开裂",
            "photos": [SimpleUploadedFile("x.jpg", b"hello", "image/jpeg")],
        },
        **EN,
    )
    assert refused.status_code == 400
    assert "x.jpg is not a JPEG or PNG photo." in refused.content.decode()
    assert "墙体开裂" in refused.content.decode()
    assert not StagePhoto.objects.exists()

    worker.post(
        detail_url(project, "stage"),
        {
            "version": project.version,
            "stage-stage": "survey",
            "stage-done_on": f"{days_ago(5):%Y-%m-%d}",
            "stage-note": "墙体开裂",
            "photos": [png("前.png"), png("侧.png")],
        },
    )
    project = staged(world, project, "plan")
    funding = worker.get(detail_url(project), **EN).content.decode()
    assert "Record the stage: Funding" in funding and "Amount (yuan)" in funding

    # The photos are shown on the timeline and served to a reader
    photo = StagePhoto.objects.order_by("pk").first()
    assert photo is not None
    timeline = part(funding, "timeline", "</ol>")
    assert reverse("inkind:stage_photo", args=[photo.pk]) in timeline
    served = worker.get(reverse("inkind:stage_photo", args=[photo.pk]))
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]

    # The acceptance delivers and the house is safe
    project = staged(world, project, "funding", "works")
    accepted = worker.post(
        detail_url(project, "stage"),
        {
            "version": project.version,
            "stage-stage": "acceptance",
            "stage-done_on": f"{days_ago(0):%Y-%m-%d}",
        },
        follow=True,
        **EN,
    )
    assert "the project is delivered and the house is safe" in accepted.content.decode()
    assert fresh(project).status == ApplicationStatus.DELIVERED
    assert Person.objects.get(pk=world.scattered.pk).house_condition == HouseCondition.SAFE


def test_the_other_township_gets_nothing(world: World, media: Path) -> None:
    project = staged(world, approved(world, world.scattered, "housing_renovation"), "survey")
    photo = StagePhoto.objects.create(
        record=project.stages.get(), content_type="image/png", size=len(PNG)
    )
    photo.file.save("p.png", ContentFile(PNG))
    outsider = logged_in(world.xinglong_worker)

    listing = outsider.get(reverse("inkind:application_list")).content.decode()
    assert "赵婆婆" not in listing
    for step in ("", "assess", "decide", "deliver", "stage", "cancel", "follow-up"):
        assert outsider.get(detail_url(project, step)).status_code in (404, 405)
        assert outsider.post(detail_url(project, step), {}).status_code == 404, step
    assert outsider.get(reverse("inkind:stage_photo", args=[photo.pk])).status_code == 404
    new = f"{reverse('inkind:application_new')}?person={world.elder.pk}"
    assert outsider.get(new).status_code == 404
    assert outsider.post(new, {"service": "wheelchair"}).status_code == 404
    assert Application.objects.count() == 1


def test_a_system_administrator_is_refused_the_pages(world: World, county_sysadmin: Any) -> None:
    assert logged_in(county_sysadmin).get(reverse("inkind:application_list")).status_code == 403


def test_the_list_filters_and_puts_open_requests_first(world: World) -> None:
    delivered = approved(world, world.elder, "crutches")
    application_deliver(world.lengqi_worker, delivered, version=delivered.version)
    asked(world, world.deaf, "hearing_aid", days=20)
    asked(world, world.elder, "wheelchair", days=1)
    client = logged_in(world.lengqi_worker)
    url = reverse("inkind:application_list")

    rows = part(client.get(url, **EN).content.decode(), "requests", "</table>")
    names = re.findall(r'data-request="\d+">\s*<td[^>]*>\s*<a[^>]*>([^<]+)</a>', rows)
    assert names == ["王大爷", "李听", "王大爷"]  # open ones, newest first, then delivered
    assert "Follow up: is it in use?" in rows and "Assess, or approve or refuse" in rows

    only_open = part(client.get(url, {"status": "open"}).content.decode(), "requests", "</table>")
    assert "拐杖" not in only_open and "助听器" in only_open
    by_service = part(
        client.get(url, {"service": "hearing_aid"}).content.decode(), "requests", "</table>"
    )
    assert "李听" in by_service and "王大爷" not in by_service
    by_name = part(client.get(url, {"name": "李"}).content.decode(), "requests", "</table>")
    assert "李听" in by_name and "王大爷" not in by_name
    lengqi = part(
        client.get(url, {"unit": world.region.lengqi.pk}).content.decode(), "requests", "</table>"
    )
    assert lengqi.count("data-request=") == 3
    village = client.get(url, {"unit": world.region.ganlusi.pk}, **EN).content.decode()
    assert "No request matches." in text_of(part(village, "requests", "</table>"))


def test_the_list_runs_as_many_queries_for_fifty_requests_as_for_one(world: World) -> None:
    client = logged_in(world.lengqi_worker)
    url = reverse("inkind:application_list")
    asked(world, world.elder, "wheelchair")
    with count_queries() as small:
        client.get(url)
    project = approved(world, world.scattered, "housing_renovation")
    staged(world, project, "survey")
    for n in range(48):
        person = disabled(world.region.lengqi, f"测试{n}", days_ago(365 * 70), 4, 2)
        asked(world, person, "crutches")
    assert Application.objects.count() == 50
    with count_queries() as large:
        page = client.get(url).content.decode()
    assert page.count("data-request=") == 50
    assert_same_query_count(small, large)


def test_a_helper_sees_only_the_requests_they_made(world: World) -> None:
    asked(world, world.elder, "wheelchair")
    helper = factories.user(unit=world.region.lengqi_school, role=Role.HELPER)
    page = logged_in(helper).get(reverse("inkind:application_list")).content.decode()
    assert "王大爷" not in page

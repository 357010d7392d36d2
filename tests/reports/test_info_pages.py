"""Information report pages: send with photos, review, photos behind scoping, lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings

from guanai.accounts.models import Role, User
from guanai.core.paging import PAGE_SIZE
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports import info
from guanai.reports.models import InfoKind, InfoReport, InfoStatus
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 80


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form(**changes: Any) -> dict[str, Any]:
    data = {
        "unit": changes.pop("unit"),
        "kind": InfoKind.STORY,
        "title": "爱心妈妈陪伴留守儿童过生日",
        "event_date": "2026-11-18",
        "text": "兴隆镇中心小学的爱心妈妈为12名留守儿童集体过生日。",
    }
    data.update(changes)
    return data


def test_send_review_and_publish_through_the_pages(
    region: Region, township_worker: User, county_leader: User, other_township_worker: User
) -> None:
    clerk = logged_in(township_worker)
    with on(TODAY):
        assert "Send for review" in clerk.get("/reports/info/new/", **EN).content.decode()
        response = clerk.post(
            "/reports/info/new/",
            {**form(unit=region.lengqi.pk), "photos": [SimpleUploadedFile("合影.png", PNG)]},
        )
    report = InfoReport.objects.get()
    assert response.url == f"/reports/info/{report.pk}/"
    assert report.timely  # the 18th, sent on the 20th
    photo = report.photos.get()

    county = logged_in(county_leader)
    with on(TODAY):
        listing = county.get("/reports/info/?status=submitted").content.decode()
        assert f'data-report="{report.pk}"' in listing
        page = county.get(f"/reports/info/{report.pk}/", **EN).content.decode()
        assert "Return for correction" in page
        assert f'src="/reports/info/photo/{photo.pk}/"' in page
        # A return without a comment is refused next to the field.
        refused = county.post(
            f"/reports/info/{report.pk}/return/", {"version": report.version, "comment": ""}, **EN
        )
        assert refused.status_code == 400
        assert "Say what needs correcting." in refused.content.decode()
        county.post(f"/reports/info/{report.pk}/publish/", {"version": report.version})
    report.refresh_from_db()
    assert report.status == InfoStatus.PUBLISHED

    other = logged_in(other_township_worker)
    with on(TODAY):
        published = other.get("/reports/info/published/").content.decode()
        served = other.get(f"/reports/info/photo/{photo.pk}/")
    assert f'href="/reports/info/{report.pk}/"' in published
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PNG
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_correcting_a_returned_report_through_the_page(
    region: Region, township_worker: User, county_leader: User
) -> None:
    with on(TODAY):
        report = info.info_submit(
            acting_user=township_worker,
            unit=region.lengqi,
            kind=InfoKind.REPORT,
            title="标题",
            event_date=TODAY,
            text="内容",
        )
        report = info.info_return(
            acting_user=county_leader, report=report, version=report.version, comment="补充细节"
        )
        clerk = logged_in(township_worker)
        page = clerk.get(f"/reports/info/{report.pk}/", **EN).content.decode()
        assert "补充细节" in page and "Send again" in page
        refused = clerk.post(
            f"/reports/info/{report.pk}/resubmit/",
            {
                "version": report.version,
                **form(unit="", title="标题", event_date="2026-11-25"),
            },
            **EN,
        )
        assert refused.status_code == 400
        assert "The event cannot be in the future." in refused.content.decode()
        clerk.post(
            f"/reports/info/{report.pk}/resubmit/",
            {"version": report.version, **form(unit="", title="标题（补充）")},
        )
    report.refresh_from_db()
    assert (report.status, report.title) == (InfoStatus.SUBMITTED, "标题（补充）")


def test_bad_input_on_the_page(region: Region, township_worker: User) -> None:
    clerk = logged_in(township_worker)
    with on(TODAY):
        no_title = clerk.post("/reports/info/new/", form(unit=region.lengqi.pk, title=""), **EN)
        not_image = clerk.post(
            "/reports/info/new/",
            {
                **form(unit=region.lengqi.pk),
                "photos": [SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image")],
            },
            **EN,
        )
        other_unit = clerk.post("/reports/info/new/", form(unit=region.xinglong.pk), **EN)
    assert no_title.status_code == 400
    assert "Give the report a title." in no_title.content.decode()
    assert not_image.status_code == 400
    assert "photo.jpg is not a JPEG or PNG photo." in not_image.content.decode()
    assert other_unit.status_code == 400  # not a unit of the clerk's to choose
    assert not InfoReport.objects.exists()


def test_pages_and_photos_are_scoped(
    region: Region, township_worker: User, other_township_worker: User, county_auditor: User
) -> None:
    with on(TODAY):
        report = info.info_submit(
            acting_user=township_worker,
            unit=region.lengqi,
            kind=InfoKind.REPORT,
            title="标题",
            event_date=TODAY,
            text="内容",
            photos=[SimpleUploadedFile("a.png", PNG)],
        )
    photo = report.photos.get()
    other = logged_in(other_township_worker)
    with on(TODAY):
        assert other.get(f"/reports/info/{report.pk}/").status_code == 404
        assert other.get(f"/reports/info/photo/{photo.pk}/").status_code == 404
        assert (
            other.post(
                f"/reports/info/{report.pk}/publish/", {"version": report.version}
            ).status_code
            == 404
        )
        assert f'data-report="{report.pk}"' not in other.get("/reports/info/").content.decode()
        assert other.get(f"/reports/info/timeliness/{region.county.pk}/2026-11/").status_code == 404
        # The audit administrator sees no beneficiary data at all.
        auditor = logged_in(county_auditor)
        assert auditor.get(f"/reports/info/photo/{photo.pk}/").status_code == 404
        assert auditor.get("/reports/info/published/").status_code == 403
    report.refresh_from_db()
    assert report.status == InfoStatus.SUBMITTED


def _reports(user: User, unit: OrgUnit, n: int) -> list[InfoReport]:
    with on(TODAY):
        made = [
            info.info_submit(
                acting_user=user,
                unit=unit,
                kind=InfoKind.REPORT,
                title=f"信息{i}",
                event_date=TODAY,
                text="内容",
            )
            for i in range(n)
        ]
    return made


@pytest.mark.parametrize("rows", [1, PAGE_SIZE + 1])
def test_the_unit_list_has_a_fixed_query_count(
    region: Region,
    township_worker: User,
    rows: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    _reports(township_worker, region.lengqi, rows)
    client = logged_in(township_worker)
    client.get("/")
    with on(TODAY), django_assert_num_queries(9):
        page = client.get("/reports/info/")
    assert page.content.decode().count("data-report=") == min(rows, PAGE_SIZE)


@pytest.mark.parametrize("rows", [1, PAGE_SIZE + 1])
def test_the_published_list_has_a_fixed_query_count(
    region: Region,
    township_worker: User,
    county_leader: User,
    other_township_worker: User,
    rows: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with on(TODAY):
        for report in _reports(township_worker, region.lengqi, rows):
            info.info_publish(acting_user=county_leader, report=report, version=report.version)
    client = logged_in(other_township_worker)
    client.get("/")
    with on(TODAY), django_assert_num_queries(8):
        page = client.get("/reports/info/published/")
    assert page.content.decode().count("data-report=") == min(rows, PAGE_SIZE)


@pytest.mark.parametrize("units", [1, 50])
def test_the_timeliness_page_has_a_fixed_query_count(
    region: Region,
    township_worker: User,
    county_leader: User,
    units: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # The county has 冷碛镇, 兴隆镇 and its office: make it 1 or 50 units below.
    if units == 1:
        for unit in (region.xinglong, region.office):
            unit.is_active = False
            unit.save()
    for n in range(units - 3 if units > 3 else 0):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n}乡")
    _reports(township_worker, region.lengqi, 2)
    client = logged_in(county_leader)
    client.get("/")
    with on(TODAY), django_assert_num_queries(9):
        page = client.get(f"/reports/info/timeliness/{region.county.pk}/2026-11/")
    html = page.content.decode()
    assert html.count('data-unit="') == units + 1  # and the total
    lengqi = html.split('data-unit="冷碛镇"')[1].split("</tr>")[0]
    assert "data-submitted>2<" in lengqi
    assert "2 (100%)" in lengqi


def test_the_list_links_to_timeliness(region: Region, county_leader: User) -> None:
    viewer = factories.user(unit=region.county, role=Role.VIEWER)
    with on(TODAY):
        page = logged_in(viewer).get("/reports/info/", **EN).content.decode()
    assert f'href="/reports/info/timeliness/{region.county.pk}/2026-10/"' in page
    assert "Send a report or story" not in page  # viewers read only

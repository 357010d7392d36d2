"""Information reports and stories: submit, review, publish, photos, timeliness."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import translation
from pytest_django.fixtures import Settings

from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.reports import info
from guanai.reports.models import InfoKind, InfoPhoto, InfoReport, InfoStatus
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region
from tests.reports.conftest import TODAY

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 64


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> Path:
    """Keep the uploaded photos of a test in its own folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo(name: str = "photo.png", data: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def submit(
    user: User,
    unit: OrgUnit,
    *,
    day: date = TODAY,
    event: date | None = None,
    title: str = "中秋慰问留守儿童",
    photos: Sequence[SimpleUploadedFile] = (),
    **extra: Any,
) -> InfoReport:
    with on(day):
        return info.info_submit(
            acting_user=user,
            unit=unit,
            kind=extra.get("kind", InfoKind.REPORT),
            title=title,
            event_date=event or day,
            text=extra.get("text", "镇党委书记带队走访慰问留守儿童20名。"),
            photos=list(photos),
        )


def test_submit_return_correct_and_publish(
    region: Region,
    township_worker: User,
    county_leader: User,
    other_township_worker: User,
    school_helper: User,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Given a story with two photos sent by 冷碛镇:
    report = submit(
        township_worker,
        region.lengqi,
        kind=InfoKind.STORY,
        photos=[photo("a.png"), photo("b.jpg", JPEG)],
    )
    assert report.status == InfoStatus.SUBMITTED
    stored = list(report.photos.all())
    assert [(p.content_type, p.size) for p in stored] == [
        ("image/png", len(PNG)),
        ("image/jpeg", len(JPEG)),
    ]
    # Stored under MEDIA_ROOT with a random name, not the uploaded one.
    assert Path(stored[0].file.path).read_bytes() == PNG
    assert Path(stored[0].file.path).is_relative_to(media)
    # (A random hex name may end in "a", so the name is checked whole, not searched.)
    assert re.fullmatch(r"[0-9a-f]{32}\.png", Path(stored[0].file.name).name)

    # The township does not review its own; before publication 兴隆镇 does not see it.
    with pytest.raises(PermissionRefused):
        info.info_publish(acting_user=township_worker, report=report, version=report.version)
    with pytest.raises(Http404):
        info.access_report(other_township_worker, report.pk)
    with pytest.raises(ValidationFailed) as refused:
        info.info_return(
            acting_user=county_leader, report=report, version=report.version, comment=" "
        )
    assert refused.value.field == "comment"

    # When the county returns it, 冷碛镇 corrects it (one photo less, one more) and sends it again:
    with on(TODAY):
        report = info.info_return(
            acting_user=county_leader, report=report, version=report.version, comment="补充人数"
        )
    assert (report.status, report.review_comment) == (InfoStatus.RETURNED, "补充人数")
    with on(TODAY + timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        report = info.info_resubmit(
            acting_user=township_worker,
            report=report,
            version=report.version,
            kind=InfoKind.STORY,
            title="中秋慰问留守儿童（更正）",
            event_date=TODAY,
            text="走访慰问留守儿童25名。",
            photos=[photo("c.png")],
            remove_photos=[stored[1].pk],
        )
    assert report.status == InfoStatus.SUBMITTED
    assert report.photos.count() == 2
    assert not Path(media, stored[1].file.name).exists()

    # Then the county publishes it to its whole subtree.
    with on(TODAY + timedelta(days=2)):
        report = info.info_publish(acting_user=county_leader, report=report, version=report.version)
    assert (report.status, report.published_unit) == (InfoStatus.PUBLISHED, region.county)
    for reader in (other_township_worker, school_helper, county_leader):
        assert list(info.published_visible(reader)) == [report]
    # The prefecture reads it in its subtree, but it was not published to the prefecture.
    viewer = factories.user(unit=region.prefecture, role=Role.VIEWER)
    assert info.access_report(viewer, report.pk) == report
    assert not info.published_visible(viewer).exists()
    # Published once: it cannot be reviewed again.
    with pytest.raises(ValidationFailed):
        info.info_return(
            acting_user=county_leader, report=report, version=report.version, comment="再改"
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "长" * 201}, "title"),
        ({"event": TODAY + timedelta(days=1)}, "event_date"),
        ({"text": ""}, "text"),
        ({"photos": [photo("fake.jpg", b"GIF89a" + b"\x00" * 64)]}, "photos"),
        ({"photos": [photo("notes.png", b"not a picture at all")]}, "photos"),
        (
            {"photos": [photo("big.png", PNG + b"\x00" * (5 * 1024 * 1024))]},
            "photos",
        ),
        ({"photos": [photo(f"{n}.png") for n in range(4)]}, "photos"),
    ],
)
def test_bad_input_is_refused(
    region: Region, township_worker: User, media: Path, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        submit(township_worker, region.lengqi, **changes)
    assert refused.value.field == field
    assert not InfoReport.objects.exists()
    assert not InfoPhoto.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_missing_event_date_and_a_kind_are_required(
    region: Region, township_worker: User
) -> None:
    with on(TODAY), pytest.raises(ValidationFailed) as refused:
        info.info_submit(
            acting_user=township_worker,
            unit=region.lengqi,
            kind=InfoKind.REPORT,
            title="标题",
            event_date=None,
            text="内容",
        )
    assert refused.value.field == "event_date"
    with on(TODAY), pytest.raises(ValidationFailed) as refused:
        info.info_submit(
            acting_user=township_worker,
            unit=region.lengqi,
            kind="rumour",
            title="标题",
            event_date=TODAY,
            text="内容",
        )
    assert refused.value.field == "kind"


def test_who_submits(
    region: Region, township_worker: User, school_helper: User, prefecture_viewer: User
) -> None:
    with pytest.raises(PermissionRefused):
        submit(township_worker, region.xinglong)
    with pytest.raises(PermissionRefused):
        submit(school_helper, region.lengqi_school)
    with pytest.raises(PermissionRefused):
        submit(prefecture_viewer, region.county)
    # A village below the township: the township's staff may send its report.
    assert submit(township_worker, region.ganlusi).org_unit == region.ganlusi
    province_leader = factories.user(unit=region.province, role=Role.LEADER)
    with pytest.raises(ValidationFailed):
        submit(province_leader, region.province)  # nobody above it to review


def test_timely_means_within_three_days_of_the_event(region: Region, township_worker: User) -> None:
    event = date(2026, 11, 1)
    on_day_3 = submit(township_worker, region.lengqi, event=event, day=date(2026, 11, 4))
    on_day_4 = submit(township_worker, region.lengqi, event=event, day=date(2026, 11, 5))
    same_day = submit(township_worker, region.lengqi, event=event, day=event)
    with on(date(2026, 11, 4), hour=23):  # 23:00 in Shanghai is still the 4th
        late_evening = info.info_submit(
            acting_user=township_worker,
            unit=region.lengqi,
            kind=InfoKind.REPORT,
            title="晚间报送",
            event_date=event,
            text="内容",
        )
    assert [on_day_3.timely, on_day_4.timely, same_day.timely, late_evening.timely] == [
        True,
        False,
        True,
        True,
    ]


def test_a_correction_keeps_the_timeliness_of_the_first_submission(
    region: Region, township_worker: User, county_leader: User
) -> None:
    report = submit(township_worker, region.lengqi, event=date(2026, 11, 1), day=date(2026, 11, 3))
    with on(date(2026, 11, 3)):
        report = info.info_return(
            acting_user=county_leader, report=report, version=report.version, comment="补照片"
        )
    with on(date(2026, 11, 12)):
        report = info.info_resubmit(
            acting_user=township_worker,
            report=report,
            version=report.version,
            kind=InfoKind.REPORT,
            title=report.title,
            event_date=report.event_date,
            text=report.text,
        )
    assert report.timely
    assert report.first_submitted_at.date() == date(2026, 11, 3)


def test_timeliness_is_counted_per_sub_unit_and_month(
    region: Region, township_worker: User, county_leader: User
) -> None:
    xinglong_worker = factories.user(unit=region.xinglong, role=Role.WORKER)
    event = date(2026, 11, 1)
    timely = submit(township_worker, region.lengqi, event=event, day=date(2026, 11, 4))
    submit(township_worker, region.lengqi, event=event, day=date(2026, 11, 5))  # late
    submit(township_worker, region.ganlusi, event=event, day=date(2026, 11, 2))  # 冷碛镇's village
    submit(xinglong_worker, region.xinglong, event=event, day=date(2026, 11, 9))  # late
    submit(township_worker, region.lengqi, event=date(2026, 10, 30), day=date(2026, 10, 31))
    with on(TODAY):
        info.info_publish(acting_user=county_leader, report=timely, version=timely.version)

    rows = {
        r.unit.name: (r.submitted, r.published, r.timely, r.timely_percent)
        for r in info.timeliness_of(region.county, date(2026, 11, 1))
    }

    assert rows == {
        "冷碛镇": (3, 1, 2, 67),
        "兴隆镇": (1, 0, 0, 0),
        "泸定县民政局": (0, 0, 0, None),
    }
    october = info.timeliness_of(region.county, date(2026, 10, 1))
    assert [(r.unit.name, r.submitted) for r in october][:2] == [("冷碛镇", 1), ("兴隆镇", 0)]
    # The township's own page counts its villages and schools.
    lengqi = {r.unit.name: r.submitted for r in info.timeliness_of(region.lengqi, event)}
    assert lengqi == {"甘露寺村": 1, "冷碛镇中心小学": 0}


def test_a_stale_review_names_what_someone_else_changed(
    region: Region, township_worker: User, county_leader: User
) -> None:
    # Given a report two county leaders opened at the same version:
    report = submit(township_worker, region.lengqi)
    opened_at = report.version
    other_leader = factories.user(unit=region.county, role=Role.LEADER)
    with on(TODAY):
        info.info_return(
            acting_user=other_leader, report=report, version=opened_at, comment="补充人数"
        )
    # When the first publishes from the page she opened, the save is refused, naming
    # what the other changed (the status and the comment), not the dates she never sees.
    with on(TODAY), translation.override("en"), pytest.raises(StaleEdit) as refused:
        info.info_publish(acting_user=county_leader, report=report, version=opened_at)
    assert str(refused.value.message) == (
        "Someone else saved this item after you opened it (changed: status、comment). "
        "Reload it and try again."
    )
    assert InfoReport.objects.get(pk=report.pk).status == InfoStatus.RETURNED

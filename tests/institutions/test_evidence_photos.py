"""Scans and photos of a manual item's evidence: added with the evidence, shown on the
institution's checklist row, served to its readers only, removed by its editors; a file
that is no JPEG or PNG is refused with its message and nothing is kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from guanai.accounts.models import Role, User
from guanai.institutions.models import EvidencePhoto, ItemCheck
from tests import factories
from tests.conftest import Region, logged_in
from tests.institutions.support import XINGLONG_HOME_CODE, Home, home_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
REF = "机构-4"


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


@pytest.fixture
def home(region: Region) -> Home:
    return home_in(region.lengqi)


def url(home: Home) -> str:
    return f"/institutions/{home.unit.pk}/items/{quote(REF)}/"


def post(client: Client, home: Home, *files: SimpleUploadedFile, version: int | None = None) -> int:
    data: dict[str, object] = {
        "status": "met",
        "note": "大厅张贴服务指南",
        "checked_on": "2026-12-01",
        "photos": list(files),
    }
    if version is not None:
        data["version"] = str(version)
    return client.post(url(home), data).status_code


def test_photos_saved_with_the_evidence_show_on_the_checklist_row(
    home: Home, tmp_path: Path
) -> None:
    client = logged_in(home.clerk)
    status = post(
        client,
        home,
        SimpleUploadedFile("营业执照.jpg", JPEG, "image/jpeg"),
        SimpleUploadedFile("指南.png", PNG, "image/png"),
    )
    assert status == 302
    photos = list(EvidencePhoto.objects.order_by("pk"))
    assert [(p.content_type, p.original_name, p.size) for p in photos] == [
        ("image/jpeg", "营业执照.jpg", len(JPEG)),
        ("image/png", "指南.png", len(PNG)),
    ]
    # Stored under a random name, not the one sent
    assert all(
        "营业执照" not in p.file.name and p.file.name.startswith("evidence/") for p in photos
    )
    assert (tmp_path / photos[0].file.name).read_bytes() == JPEG
    page = client.get(f"/institutions/{home.unit.pk}/").content.decode()
    row = page[page.index(f'data-ref="{REF}"') :]
    row = row[: row.index("</li>")]
    assert all(f"/institutions/evidence-photos/{p.pk}/" in row for p in photos)
    served = client.get(f"/institutions/evidence-photos/{photos[1].pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG  # type: ignore[attr-defined]


def test_a_file_that_is_no_photo_is_refused_and_nothing_is_saved(
    home: Home, tmp_path: Path
) -> None:
    client = logged_in(home.clerk)
    answer = client.post(
        url(home),
        {
            "status": "met",
            "note": "营业执照",
            "checked_on": "2026-12-01",
            "photos": [
                SimpleUploadedFile("ok.png", PNG, "image/png"),
                SimpleUploadedFile("执照.jpg", b"%PDF-1.7 not a photo", "image/jpeg"),
            ],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    assert "执照.jpg" in answer.content.decode()
    assert not ItemCheck.objects.exists()
    assert not EvidencePhoto.objects.exists()
    assert not any(tmp_path.rglob("*.png"))
    text = client.post(
        url(home),
        {
            "status": "met",
            "checked_on": "2026-12-01",
            "photos": [SimpleUploadedFile("note.jpg", b"hello", "image/jpeg")],
        },
    )
    assert text.status_code == 400 and not ItemCheck.objects.exists()


def test_another_countys_user_gets_404_and_a_viewer_cannot_remove(
    region: Region, home: Home
) -> None:
    assert post(logged_in(home.clerk), home, SimpleUploadedFile("a.png", PNG, "image/png")) == 302
    photo = EvidencePhoto.objects.get()
    outsider_county = factories.org_unit(
        parent=region.prefecture, kind="county", name="康定市", code="513301"
    )
    outsiders = [
        factories.user(unit=outsider_county, role=Role.LEADER),
        home_in(region.xinglong, name="兴隆镇阳光家园", code=XINGLONG_HOME_CODE).clerk,
    ]
    for outsider in outsiders:
        client = logged_in(outsider)
        assert client.get(f"/institutions/evidence-photos/{photo.pk}/").status_code == 404
        assert client.post(f"/institutions/evidence-photos/{photo.pk}/remove/").status_code == 404
    viewer = factories.user(unit=region.lengqi, role=Role.VIEWER)
    client = logged_in(viewer)
    assert client.get(f"/institutions/evidence-photos/{photo.pk}/").status_code == 200
    assert client.post(f"/institutions/evidence-photos/{photo.pk}/remove/").status_code == 403
    assert EvidencePhoto.objects.exists()


def test_an_editor_removes_a_photo_and_its_file(
    home: Home, county_leader: User, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    post(logged_in(home.clerk), home, SimpleUploadedFile("a.png", PNG, "image/png"))
    photo = EvidencePhoto.objects.get()
    stored = tmp_path / photo.file.name
    with django_capture_on_commit_callbacks(execute=True):
        answer = logged_in(county_leader).post(f"/institutions/evidence-photos/{photo.pk}/remove/")
    assert answer.status_code == 302
    assert not EvidencePhoto.objects.exists()
    assert ItemCheck.objects.get().note == "大厅张贴服务指南"
    assert not stored.exists()


def test_at_most_nine_photos_per_item(home: Home) -> None:
    client = logged_in(home.clerk)
    files = [SimpleUploadedFile(f"{n}.png", PNG, "image/png") for n in range(9)]
    assert post(client, home, *files) == 302
    check = ItemCheck.objects.get()
    again = post(
        client, home, SimpleUploadedFile("10.png", PNG, "image/png"), version=check.version
    )
    assert again == 400
    assert EvidencePhoto.objects.count() == 9
    assert ItemCheck.objects.get().version == check.version

"""The roster import pages: preview writes nothing, import writes the good rows, the error
workbook comes back with the reasons, and nobody imports outside their units."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.models import Person
from tests.conftest import Region, logged_in
from tests.data import make_roster

MESSY = Path(make_roster.__file__).with_name("roster_messy.xlsx")


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("花名册.xlsx", MESSY.read_bytes())


def _preview(client: object, region: Region) -> str:
    response = client.post(  # type: ignore[attr-defined]
        reverse("registry:roster_import"),
        {"org_unit": region.lengqi.pk, "kind": "general", "file": _upload()},
    )
    return str(response.content.decode())


def _token(page: str) -> str:
    marker = 'action="/persons/import/'
    start = page.index(marker) + len(marker)
    return page[start : page.index("/commit/", start)]


def test_preview_shows_counts_and_reasons_and_writes_nothing(
    region: Region, township_worker: User
) -> None:
    page = _preview(logged_in(township_worker), region)
    assert "7" in page and "9" in page
    assert "身份证号" in page
    assert not Person.objects.exists()


def test_import_writes_the_good_rows_and_returns_the_bad_ones(
    region: Region, township_worker: User
) -> None:
    client = logged_in(township_worker)
    token = _token(_preview(client, region))
    page = client.post(reverse("registry:roster_import_commit", args=[token])).content.decode()
    assert Person.objects.count() == 7
    assert reverse("registry:roster_import_errors", args=[token]) in page
    response = client.get(reverse("registry:roster_import_errors", args=[token]))
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][-1] == "错误原因"
    assert len([r for r in rows[1:] if any(str(c).strip() for c in r)]) == 9
    export = AccessLog.objects.get(action=AuditAction.EXPORT, user=township_worker)
    assert export.detail["rows"] == 9
    # The same token cannot import twice: the stored file is gone.
    again = client.post(reverse("registry:roster_import_commit", args=[token]))
    assert again.status_code == 404
    assert Person.objects.count() == 7


def test_another_users_token_is_404(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    token = _token(_preview(logged_in(township_worker), region))
    intruder = logged_in(other_township_worker)
    assert intruder.post(reverse("registry:roster_import_commit", args=[token])).status_code == 404
    assert not Person.objects.exists()


def test_units_of_another_township_cannot_be_chosen(
    region: Region, other_township_worker: User
) -> None:
    page = _preview(logged_in(other_township_worker), region)
    assert "is-invalid" in page
    assert not Person.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(region: Region, township_worker: User) -> None:
    response = logged_in(township_worker).post(
        reverse("registry:roster_import"),
        {
            "org_unit": region.lengqi.pk,
            "kind": "general",
            "file": SimpleUploadedFile("roster.pdf", b"%PDF-1.4"),
        },
    )
    assert "不支持的文件类型" in response.content.decode()


def test_templates_download_for_editors_only(
    township_worker: User, prefecture_viewer: User
) -> None:
    url = reverse("registry:roster_template", args=["left_behind"])
    response = logged_in(township_worker).get(url)
    headers = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert "身份证号" in [str(c) for c in headers.to_python()[0]]
    assert logged_in(prefecture_viewer).get(url).status_code == 403
    bogus = reverse("registry:roster_template", args=["nonsense"])
    assert logged_in(township_worker).get(bogus).status_code == 404

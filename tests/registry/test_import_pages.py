"""The roster import pages: preview writes nothing, import writes the good rows, the error
workbook comes back with the reasons, and nobody imports outside their units."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.core.models import AccessLog, AuditAction
from guanai.registry import import_jobs
from guanai.registry.models import ImportStatus, Person, RosterImport
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
    page = client.post(
        reverse("registry:roster_import_commit", args=[token]), follow=True
    ).content.decode()
    assert Person.objects.count() == 7
    assert "7 new, 0 updated, 0 unchanged, 9 rejected" in _english(client, token)
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
    # The same token cannot import twice: it shows the result of the first time.
    again = client.post(reverse("registry:roster_import_commit", args=[token]))
    assert again["Location"] == reverse("registry:roster_import_result", args=[token])
    assert Person.objects.count() == 7
    assert LogEntry.objects.get_for_model(Person).filter(action=LogEntry.Action.CREATE).count() == 7
    # The upload, which holds ID numbers in clear, is gone once imported.
    assert RosterImport.objects.get(token=token).upload_path == ""
    assert not list(Path(settings.MEDIA_ROOT, "imports").glob(f"*{token}.xlsx"))


def _english(client: Client, token: str) -> str:
    with translation.override("en"):
        page = client.get(
            reverse("registry:roster_import_result", args=[token]), HTTP_ACCEPT_LANGUAGE="en"
        )
    return str(page.content.decode())


@override_settings(GUANAI_IMPORT_BACKGROUND_ROWS=5)
def test_a_large_file_is_imported_in_the_background(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)
    page = _preview(client, region)
    assert "后台" in page  # the clerk is told before pressing Import
    token = _token(page)
    response = client.post(reverse("registry:roster_import_commit", args=[token]))
    # The test settings run tasks at once (ImmediateBackend); the worker does the same later.
    assert response["Location"] == reverse("registry:roster_import_result", args=[token])
    job = RosterImport.objects.get(token=token)
    assert (job.status, job.created, job.rejected, job.percent) == (ImportStatus.DONE, 7, 9, 100)
    assert Person.objects.count() == 7
    progress = client.get(reverse("registry:roster_import_progress", args=[token]))
    assert progress["HX-Refresh"] == "true"


def test_the_progress_bar_shows_the_stage_while_importing(
    region: Region, township_worker: User
) -> None:
    client = logged_in(township_worker)
    token = _token(_preview(client, region))
    RosterImport.objects.filter(token=token).update(
        status=ImportStatus.RUNNING, stage="write", done=500, rows=1000
    )
    page = client.get(reverse("registry:roster_import_result", args=[token])).content.decode()
    assert 'value="50"' in page and "正在写入第 500 行，共 1000 行" in page
    assert reverse("registry:roster_import_progress", args=[token]) in page
    fragment = client.get(reverse("registry:roster_import_progress", args=[token]))
    assert "HX-Refresh" not in fragment and 'value="50"' in fragment.content.decode()


def test_a_vanished_upload_fails_the_job_with_a_message(
    region: Region, township_worker: User
) -> None:
    client = logged_in(township_worker)
    token = _token(_preview(client, region))
    Path(RosterImport.objects.get(token=token).upload_path).unlink()
    page = client.post(
        reverse("registry:roster_import_commit", args=[token]), follow=True
    ).content.decode()
    assert "上传的文件已不在" in page
    assert RosterImport.objects.get(token=token).status == ImportStatus.FAILED
    assert not Person.objects.exists()


def test_uploads_older_than_a_day_are_removed(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)
    token = _token(_preview(client, region))
    job = RosterImport.objects.get(token=token)
    path = Path(job.upload_path)
    assert path.exists()
    RosterImport.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - import_jobs.KEEP_FILES - timedelta(minutes=1)
    )
    client.get(reverse("registry:roster_import"))  # the next visit sweeps
    assert not path.exists()
    assert RosterImport.objects.get(pk=job.pk).upload_path == ""


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


def test_a_long_file_name_is_kept_whole(region: Region, township_worker: User) -> None:
    # A long name is the clerk's computer's, not the clerk's error: neither refused nor cut.
    name = "冷碛镇困境儿童花名册" * 24 + ".xlsx"  # 245 characters; the column held 200
    page = logged_in(township_worker).post(
        reverse("registry:roster_import"),
        {
            "org_unit": region.lengqi.pk,
            "kind": "general",
            "file": SimpleUploadedFile(name, MESSY.read_bytes()),
        },
    )
    assert page.status_code == 200
    assert RosterImport.objects.get().file_name == name

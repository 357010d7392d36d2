"""Import files on disk (issue 12, point 7): readable by the application only, the upload
deleted when the import ends, error workbooks deleted after their retention by the nightly
clean-up, and masked numbers for a user who may not see them in full."""

from __future__ import annotations

import io
import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.core.idnumber import make_id
from guanai.registry import import_jobs
from guanai.registry.importing import roster_import
from guanai.registry.models import ImportStatus, Person, RosterImport
from guanai.registry.tasks import purge_import_files_task
from guanai.sheets.reading import Table
from tests.conftest import Region, logged_in
from tests.data import make_roster

MESSY = Path(make_roster.__file__).with_name("roster_messy.xlsx")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _checked(client: object, region: Region) -> RosterImport:
    client.post(  # type: ignore[attr-defined]
        reverse("registry:roster_import"),
        {
            "org_unit": region.lengqi.pk,
            "kind": "general",
            "file": SimpleUploadedFile("花名册.xlsx", MESSY.read_bytes()),
        },
    )
    return RosterImport.objects.latest("pk")


def test_uploads_and_error_workbooks_are_readable_by_the_app_only(
    region: Region, township_worker: User
) -> None:
    old = os.umask(0o022)  # what a service usually runs with: files would be 0644
    try:
        client = logged_in(township_worker)
        job = _checked(client, region)
        upload = Path(job.upload_path)
        assert _mode(upload) == 0o600
        assert _mode(upload.parent) == 0o700
        client.post(reverse("registry:roster_import_commit", args=[job.token]))
    finally:
        os.umask(old)
    job.refresh_from_db()
    # The import ended: the upload is gone, the error workbook is the app's alone.
    assert job.status == ImportStatus.DONE and job.upload_path == ""
    assert not upload.exists()
    assert _mode(Path(job.errors_path)) == 0o600


def test_a_failed_import_deletes_its_upload(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)
    job = _checked(client, region)
    upload = Path(job.upload_path)
    upload.write_bytes(b"no longer a workbook")
    client.post(reverse("registry:roster_import_commit", args=[job.token]))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "不是 Excel 工作簿" in job.message
    assert not upload.exists()
    assert not Person.objects.exists()


def _finished_with_errors(client: object, region: Region) -> RosterImport:
    job = _checked(client, region)
    client.post(reverse("registry:roster_import_commit", args=[job.token]))  # type: ignore[attr-defined]
    job.refresh_from_db()
    assert Path(job.errors_path).exists()
    return job


def _finished_days_ago(job: RosterImport, days: int) -> None:
    RosterImport.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - timedelta(days=days, minutes=1)
    )


def test_error_workbooks_are_deleted_after_seven_days_by_the_nightly_command(
    region: Region, township_worker: User
) -> None:
    client = logged_in(township_worker)
    old = _finished_with_errors(client, region)
    recent = _finished_with_errors(client, region)
    _finished_days_ago(old, 7)
    _finished_days_ago(recent, 6)
    stray = import_jobs.upload_dir() / "killed-before-recorded.xlsx"
    stray.write_bytes(b"x")
    two_days = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(stray, (two_days, two_days))
    out = io.StringIO()
    call_command("purge_import_files", stdout=out)
    assert json.loads(out.getvalue()) == {
        "uploads": 0,
        "error_workbooks": 1,
        "unknown": 1,
        "org_uploads": 0,
        "exports": 0,
    }
    old_path = old.errors_path
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.errors_path == "" and not Path(old_path).exists()
    assert Path(recent.errors_path).exists()
    assert not stray.exists()
    # The download of a deleted workbook is gone too.
    errors = client.get(reverse("registry:roster_import_errors", args=[old.token]))
    assert errors.status_code == 404


@override_settings(GUANAI_IMPORT_ERRORS_DAYS=2)
def test_the_retention_is_a_setting_and_the_task_does_the_same(
    region: Region, township_worker: User
) -> None:
    job = _finished_with_errors(logged_in(township_worker), region)
    _finished_days_ago(job, 3)
    result = purge_import_files_task.enqueue()
    assert result.return_value["error_workbooks"] == 1
    job.refresh_from_db()
    assert job.errors_path == ""


def test_a_checked_upload_never_imported_is_deleted_after_a_day(
    region: Region, township_worker: User
) -> None:
    job = _checked(logged_in(township_worker), region)
    upload = Path(job.upload_path)
    RosterImport.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - import_jobs.KEEP_FILES - timedelta(minutes=1)
    )
    assert import_jobs.purge_files()["uploads"] == 1
    assert not upload.exists()


def test_an_error_workbook_masks_numbers_for_whom_may_not_see_them(
    region: Region, township_worker: User
) -> None:
    number = make_id("513322", date(2015, 3, 4), 123)
    table = Table(
        headers=["姓名", "身份证号", "联系电话"],
        rows=[["", number, "13812345678"]],
    )
    report = roster_import(table, acting_user=township_worker, org_unit=region.lengqi, dry_run=True)
    full = _cells(report.error_workbook())
    masked = _cells(report.error_workbook(masked=True))
    assert full[1][1:3] == [number, "13812345678"]
    assert masked[1][1] == f"{number[:3]}{'*' * 11}{number[-4:]}"
    assert masked[1][2] == "138****5678"


def _cells(data: bytes) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()

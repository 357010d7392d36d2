"""A large roster export as a background job (issue 24, point 5): streamed to a private file,
its progress on a page, the file for its owner only, audited, deleted after its retention."""

from __future__ import annotations

import io
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.exporting import roster_export, write_roster
from guanai.registry.jobs import import_files_purge
from guanai.registry.selectors import PersonFilter
from guanai.sheets import export_jobs
from guanai.sheets.models import ExportJob, ExportStatus
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

URL = "/persons/export/"


def _grid(data: bytes) -> list[list[Any]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


def _pupils(user: User, region: Region, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        factories.pupil(
            user,
            region.lengqi_school,
            f"学生{n}",
            100 + n,
            phone=f"1370000{n:04d}",
            categories=("left_behind", "dibao"),
        )


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def few_rows(settings: Any) -> None:
    """Exports of more than 2 rows go to the background worker."""
    settings.GUANAI_EXPORT_BACKGROUND_ROWS = 2


def _export_large(client: Client, **data: str) -> Any:
    return client.post(f"{URL}?category=left_behind", {"purpose": "上报县民政局", **data})


def test_a_small_export_is_an_immediate_download(region: Region, township_worker: User) -> None:
    _pupils(township_worker, region, 2)
    response = logged_in(township_worker).post(URL, {"purpose": "上报县民政局"})
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not ExportJob.objects.exists()


def test_a_large_export_runs_as_a_job_and_downloads_for_its_owner_only(
    region: Region, township_worker: User, other_township_worker: User, few_rows: None
) -> None:
    # Given 3 pupils, more than the 2 rows exported at once
    _pupils(township_worker, region, 3)
    client = logged_in(township_worker)
    # When the worker exports them with full numbers
    response = _export_large(client, full="1")
    # Then the page of a job answers, and the worker has written the file (immediate backend)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/exports/{job.token}/"
    assert (job.status, job.kind, job.done, job.total) == (ExportStatus.DONE, "roster", 3, 3)
    assert job.params == {}  # the filters (a searched ID number) are not kept
    path = Path(job.path)
    assert path.parent == export_jobs.export_dir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    page = client.get(response["Location"]).content.decode()
    assert f"/exports/{job.token}/download/" in page and "3" in page
    # And the file is the one the immediate export writes, full numbers included
    download = client.get(f"/exports/{job.token}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    streamed = _grid(_body(download))
    flt = PersonFilter(category="left_behind")
    at_once, _rows = roster_export(township_worker, flt, full_numbers=True, purpose="上报县民政局")
    assert streamed == _grid(at_once)
    assert "13700000000" in {c for row in streamed for c in row}
    # And it is audited as an export, with its rows, filters and purpose
    log = AccessLog.objects.filter(action=AuditAction.EXPORT).order_by("pk").first()
    assert log is not None and (log.user, log.object_type) == (township_worker, "roster")
    assert log.detail["rows"] == 3 and log.detail["purpose"] == "上报县民政局"
    assert log.detail["filters"]["category"] == "left_behind"
    assert log.detail["filters"]["full_numbers"] is True
    # And another user finds neither the page, its progress nor the file
    other = logged_in(other_township_worker)
    for tail in ("", "progress/", "download/"):
        assert other.get(f"/exports/{job.token}/{tail}").status_code == 404


def test_the_progress_of_a_running_export(region: Region, township_worker: User) -> None:
    job = export_jobs.create(
        user=township_worker, kind="roster", file_name="花名册.xlsx", total=5000, params={}
    )
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, done=2000)
    client = logged_in(township_worker)
    progress = client.get(f"/exports/{job.token}/progress/")
    assert 'value="40"' in progress.content.decode()
    assert "HX-Refresh" not in progress
    page = client.get(f"/exports/{job.token}/").content.decode()
    assert 'hx-get="/exports/' in page and "download/" not in page
    # The file is not there before it is written
    assert client.get(f"/exports/{job.token}/download/").status_code == 404


def test_the_progress_is_written_every_chunk(region: Region, township_worker: User) -> None:
    _pupils(township_worker, region, 3)
    seen: list[int] = []
    with (export_jobs.export_dir() / "progress.xlsx").open("wb") as out:
        rows = write_roster(
            township_worker, PersonFilter(), out, full_numbers=False, progress=seen.append
        )
    assert rows == 3 and seen == []  # fewer rows than a chunk (2,000): no update needed


def test_the_file_is_deleted_after_its_retention(
    region: Region, township_worker: User, few_rows: None
) -> None:
    _pupils(township_worker, region, 3)
    client = logged_in(township_worker)
    _export_large(client)
    job = ExportJob.objects.get()
    path = Path(job.path)
    now = timezone.now()
    # Kept for a day
    assert export_jobs.purge_files(now=now + timedelta(hours=23)) == 0
    assert path.exists()
    # Deleted by the nightly purge after that
    assert import_files_purge(now=now + timedelta(hours=25))["exports"] == 1
    assert not path.exists()
    job.refresh_from_db()
    assert job.path == ""
    assert client.get(f"/exports/{job.token}/download/").status_code == 404
    assert 'data-testid="export-gone"' in client.get(f"/exports/{job.token}/").content.decode()


def test_a_large_export_without_a_purpose_is_refused_and_starts_nothing(
    region: Region, township_worker: User, few_rows: None
) -> None:
    _pupils(township_worker, region, 3)
    response = logged_in(township_worker).post(URL, {"purpose": ""})
    assert response.status_code == 400 and "请填写用途" in response.content.decode()
    assert not ExportJob.objects.exists()
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_writing_n_rows_runs_as_many_queries_at_10_as_at_200(
    region: Region, township_worker: User
) -> None:
    _pupils(township_worker, region, 10)
    with count_queries() as ten:
        _data, rows = roster_export(township_worker, PersonFilter(), full_numbers=True)
    assert rows == 10
    _pupils(township_worker, region, 190, start=10)
    with count_queries() as two_hundred:
        _data, rows = roster_export(township_worker, PersonFilter(), full_numbers=True)
    assert rows == 200
    assert_same_query_count(ten, two_hundred)

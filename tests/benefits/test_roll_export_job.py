"""A large payment roll's bank workbook as a background job (issue 24, point 5): streamed to
a private file, the same sheet as the immediate export, for its owner only, audited; the
lines are read a chunk at a time, so the query count does not grow with the lines."""

from __future__ import annotations

import io
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.benefits.models import PaymentRoll
from guanai.benefits.roll_export import roll_export_run, roll_workbook
from guanai.benefits.rolls import roll_generate
from guanai.benefits.tasks import roll_export_task
from guanai.core.models import AccessLog, AuditAction
from guanai.sheets import export_jobs
from guanai.sheets.models import ExportJob, ExportStatus
from tests.benefits.fixtures_rolls import MONTH, approved_roll, scattered_orphan
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

pytest_plugins = ["tests.benefits.fixtures_rolls"]


def _grid(data: bytes) -> list[list[Any]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


def _orphans(region: Region, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        scattered_orphan(region.ganlusi, f"孤儿{n}")


@pytest.fixture
def roll(region: Region, township_worker: User, township_leader: User) -> PaymentRoll:
    _orphans(region, 3)
    return approved_roll(township_worker, township_leader, region.lengqi, MONTH)


def test_a_large_roll_is_written_by_the_worker_for_its_owner_only(
    roll: PaymentRoll, township_worker: User, other_township_worker: User, settings: Any
) -> None:
    # Given rolls of more than 2 lines written in the background, by a worker of its own
    settings.GUANAI_EXPORT_BACKGROUND_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = logged_in(township_worker)
    # When the worker exports the roll of 3 lines
    response = client.post(
        f"/benefits/rolls/{roll.pk}/export/", {"purpose": "发放到银行", "full": "1"}
    )
    # Then the job's page answers: waiting for the worker, no file yet
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.token}/"
    assert (job.status, job.kind, job.total, job.done) == (
        ExportStatus.QUEUED,
        "payment_roll",
        3,
        0,
    )
    waiting = client.get(response["Location"]).content.decode()
    assert 'data-testid="export-progress"' in waiting and "download/" not in waiting
    assert client.get(f"/exports/{job.token}/download/").status_code == 404
    # When the background worker runs the task
    roll_export_task.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == (ExportStatus.DONE, 3)
    assert client.get(f"/exports/{job.token}/progress/")["HX-Refresh"] == "true"
    # Then the file downloads, the same sheet as the immediate export
    download = client.get(f"/exports/{job.token}/download/")
    assert download.status_code == 200
    assert f"roll-{roll.org_unit.code}-2025-03.xlsx" in download["Content-Disposition"]
    streamed = _grid(b"".join(download.streaming_content))
    at_once = roll_workbook(
        acting_user=township_worker, roll=roll, full_numbers=True, purpose="发放到银行"
    )
    assert streamed == _grid(at_once)
    assert [row[1] for row in streamed[2:5]] == ["孤儿0", "孤儿1", "孤儿2"]
    log = AccessLog.objects.filter(action=AuditAction.EXPORT).order_by("pk").first()
    assert log is not None and log.object_type == "payment_roll"
    assert log.detail["rows"] == 3 and log.detail["filters"]["full_numbers"] is True
    other = logged_in(other_township_worker)
    assert other.get(f"/exports/{job.token}/download/").status_code == 404


def test_a_roll_the_user_may_no_longer_read_fails_the_job(
    roll: PaymentRoll, township_worker: User, other_township_worker: User
) -> None:
    # Given a job recorded for a user who may not read the roll (it lost the unit meanwhile)
    job = export_jobs.create(
        user=other_township_worker,
        kind="payment_roll",
        file_name="roll.xlsx",
        total=3,
        params={"roll": roll.pk, "full": True, "purpose": "发放到银行"},
    )
    roll_export_run(job)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.path == ""
    assert job.message  # said on the job's page
    assert not list(export_jobs.export_dir().glob(f"*{job.token}*"))
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()
    page = logged_in(other_township_worker).get(f"/exports/{job.token}/").content.decode()
    assert job.message in page and "download/" not in page


def test_writing_a_roll_runs_as_many_queries_at_10_lines_as_at_200(
    region: Region, township_worker: User
) -> None:
    _orphans(region, 10)
    small = roll_generate(acting_user=township_worker, org_unit=region.lengqi, month=MONTH)
    _orphans(region, 190, start=10)
    large = roll_generate(
        acting_user=township_worker, org_unit=region.lengqi, month=MONTH.replace(month=4)
    )
    counts = []
    for roll in (small, large):
        with count_queries() as queries:
            roll_workbook(
                acting_user=township_worker, roll=roll, full_numbers=True, purpose="发放到银行"
            )
        counts.append(queries)
    assert [r.lines.count() for r in (small, large)] == [10, 200]
    assert_same_query_count(*counts)

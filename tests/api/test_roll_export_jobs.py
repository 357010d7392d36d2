"""A large payment roll's bank export through the API (issue 24, point 5): 202 with the job,
its status, its file for its caller only, audited; a small roll still answers at once."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.benefits.models import PaymentAccount, PaymentRoll
from guanai.benefits.roll_export import roll_workbook
from guanai.benefits.tasks import roll_export_task
from guanai.core.models import AccessLog, AuditAction
from guanai.sheets.models import ExportJob
from tests.api.benefits_support import approved_roll, scattered_orphan
from tests.api.conftest import bearer
from tests.conftest import Region

ACCOUNT = "6217995610001234567"
PURPOSE = "发放到银行"


def _grid(data: bytes) -> list[list[Any]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


@pytest.fixture
def roll(region: Region, township_worker: User, county_leader: User) -> PaymentRoll:
    for n in range(3):
        orphan = scattered_orphan(region.ganlusi, f"孤儿{n}")
        PaymentAccount.objects.create(
            person=orphan, bank="信用社", account_number=f"{ACCOUNT[:-1]}{n}", holder="王奶奶"
        )
    return approved_roll(township_worker, county_leader, region.lengqi, date(2025, 3, 1))


@pytest.fixture
def background(settings: Any) -> None:
    """Rolls of more than 2 lines go to the worker, which the test runs itself."""
    settings.GUANAI_EXPORT_BACKGROUND_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _export(roll: PaymentRoll, headers: dict[str, str], **body: Any) -> Any:
    return Client().post(
        f"/api/benefits/rolls/{roll.pk}/export",
        {"purpose": PURPOSE, **body},
        content_type="application/json",
        headers=headers,
    )


def test_a_large_roll_answers_202_then_its_status_then_its_file(
    roll: PaymentRoll, township_worker: User, background: None
) -> None:
    headers = bearer(township_worker)
    # When the worker's script exports the roll of 3 lines with full numbers
    started = _export(roll, headers, full_numbers=True)
    # Then it gets the job, waiting for the worker, and no file yet
    assert started.status_code == 202, started.content
    job = ExportJob.objects.get()
    body = started.json()
    assert body["id"] == job.token
    assert (body["kind"], body["status"], body["total"], body["done"]) == (
        "payment_roll",
        "queued",
        3,
        0,
    )
    assert body["status_url"] == f"/api/exports/{job.token}"
    assert body["download_url"] is None
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()
    assert Client().get(f"/api/exports/{job.token}/download", headers=headers).status_code == 404
    # When the background worker writes it
    roll_export_task.call(job.pk)
    # Then the status says done, with the file's address
    status = Client().get(body["status_url"], headers=headers)
    assert status.status_code == 200
    done = status.json()
    assert (done["status"], done["done"], done["percent"], done["message"]) == (
        "done",
        3,
        100,
        "",
    )
    assert done["status_label"] == "Ready to download"
    assert done["download_url"] == f"/api/exports/{job.token}/download"
    # And the file is the sheet the immediate export writes, full numbers included
    download = Client().get(done["download_url"], headers=headers)
    assert download.status_code == 200
    assert "roll-" in download["Content-Disposition"]
    streamed = _grid(b"".join(download.streaming_content))
    at_once = roll_workbook(
        acting_user=township_worker, roll=roll, full_numbers=True, purpose=PURPOSE
    )
    assert streamed == _grid(at_once)
    assert f"{ACCOUNT[:-1]}0" in streamed[2]
    # And the export was audited once, as the caller's, with its purpose (the second row
    # is the comparison's own immediate export)
    logs = AccessLog.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    first = logs.first()
    assert logs.count() == 2 and first is not None
    assert (first.user_id, first.object_type, first.detail["rows"]) == (
        township_worker.pk,
        "payment_roll",
        3,
    )
    assert first.detail["purpose"] == PURPOSE and first.detail["filters"]["full_numbers"]


def test_another_user_finds_neither_the_job_nor_its_file(
    roll: PaymentRoll, township_worker: User, county_leader: User, background: None
) -> None:
    job_id = _export(roll, bearer(township_worker)).json()["id"]
    roll_export_task.call(ExportJob.objects.get(token=job_id).pk)
    # The county leader reads the roll, but the job is the worker's own.
    leader = bearer(county_leader)
    for url in (f"/api/exports/{job_id}", f"/api/exports/{job_id}/download"):
        assert Client().get(url, headers=leader).status_code == 404
        assert Client().get(url).status_code == 401
    assert Client().get("/api/exports/nosuchjob", headers=leader).status_code == 404


def test_a_failed_job_says_why(
    roll: PaymentRoll, township_worker: User, background: None, region: Region
) -> None:
    headers = {**bearer(township_worker), "Accept-Language": "zh-hans"}
    job_id = _export(roll, headers).json()["id"]
    job = ExportJob.objects.get(token=job_id)
    # The worker loses the township before the background worker gets to the job
    township_worker.memberships.all().delete()
    roll_export_task.call(job.pk)
    failed = Client().get(f"/api/exports/{job_id}", headers=headers).json()
    assert failed["status"] == "failed" and failed["download_url"] is None
    job.refresh_from_db()
    assert failed["message"] == job.message and "导出" in failed["message"]
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_large_export_is_refused_as_the_immediate_one_is(
    roll: PaymentRoll, township_worker: User, prefecture_viewer: User, background: None
) -> None:
    chinese = {**bearer(township_worker), "Accept-Language": "zh-hans"}
    empty = _export(roll, chinese, purpose=" ")
    assert empty.status_code == 400
    assert empty.json()["detail"] == "请填写用途：说明为什么需要这些号码或这份名单。"
    assert _export(roll, bearer(prefecture_viewer), full_numbers=True).status_code == 403
    assert not ExportJob.objects.exists()


def test_a_small_roll_still_answers_with_the_file(
    roll: PaymentRoll, township_worker: User, settings: Any
) -> None:
    settings.GUANAI_EXPORT_BACKGROUND_ROWS = 3
    response = _export(roll, bearer(township_worker))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="roll-' in response["Content-Disposition"]
    assert [row[1] for row in _grid(response.content)[2:5]] == ["孤儿0", "孤儿1", "孤儿2"]
    assert not ExportJob.objects.exists()
    assert AccessLog.objects.filter(action=AuditAction.EXPORT).count() == 1

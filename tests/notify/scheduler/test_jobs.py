"""Each app's job runs the code of its management command and records the command's output;
the audit-log check reports the logs' sizes and fails, with what to do, past the setting.

(``send_digests`` is another helper's module, not run here.)"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import translation

from guanai.core.models import AccessLog, AuditAction
from guanai.notify.models import JobRun, RunOutcome, RunTrigger
from guanai.notify.scheduler import runner
from tests.conftest import Region

from .test_runner import at

pytestmark = pytest.mark.django_db


def command_output(name: str) -> str:
    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize(
    ("job", "command"),
    [
        ("refresh_facts", "refresh_facts"),
        ("detect_warnings", "detect_warnings"),
        ("purge_import_files", "purge_import_files"),
        ("crosscheck_recheck", "crosscheck_recheck"),
        ("purge_crosscheck_lists", "purge_crosscheck_lists"),
    ],
)
def test_a_nightly_job_records_what_its_command_prints(
    region: Region, job: str, command: str
) -> None:
    with time_machine.travel(at(6, 1, 30), tick=False):
        printed = command_output(command)
        row = runner.run(job, at(6, 1, 30), RunTrigger.SCHEDULE)
    assert row is not None
    assert (row.outcome, row.message) == (RunOutcome.OK, printed)
    json.loads(row.message)


def test_refresh_facts_recomputes_last_month_and_this_month(region: Region) -> None:
    with time_machine.travel(at(6, 1, 30), tick=False):
        row = runner.run("refresh_facts", at(6, 1, 30), RunTrigger.SCHEDULE)
    assert row is not None
    assert list(json.loads(row.message)["facts"]) == ["2026-11", "2026-12"]


def test_collecting_notifications_records_the_new_ones() -> None:
    row = runner.run("notify_collect", at(6, 9, 15), RunTrigger.SCHEDULE)
    assert row is not None and row.outcome == RunOutcome.OK
    assert json.loads(row.message)["new"] == sum(json.loads(row.message)["kinds"].values())


def test_the_audit_log_check_reports_the_sizes_under_the_limit(
    region: Region, settings: Any
) -> None:
    settings.GUANAI_AUDIT_LOG_MAX_ROWS = 1_000_000
    with time_machine.travel(at(3, 10), tick=False):
        AccessLog.objects.create(username="tester", action=AuditAction.LOGIN)
    row = runner.run("audit_log_check", at(6, 4), RunTrigger.SCHEDULE)
    assert row is not None and row.outcome == RunOutcome.OK
    found = json.loads(row.message)
    assert found["access"] == {"rows": 1, "oldest": "2026-12-03"}
    assert found["audit"]["rows"] == LogEntry.objects.count()
    assert found["limit"] == 1_000_000


def test_the_audit_log_check_fails_past_the_limit_and_deletes_nothing(
    region: Region, settings: Any
) -> None:
    settings.GUANAI_AUDIT_LOG_MAX_ROWS = 2
    with time_machine.travel(at(3, 10), tick=False):
        for _ in range(3):
            AccessLog.objects.create(username="tester", action=AuditAction.LOGIN)
    audit_rows = LogEntry.objects.count()
    assert audit_rows > 2  # the region's units and accounts are audited
    with translation.override("en"):
        row = runner.run("audit_log_check", at(6, 4), RunTrigger.SCHEDULE)
    assert row is not None and row.outcome == RunOutcome.FAILED
    lines = row.message.splitlines()
    assert lines[0].startswith(f"The audit log holds {audit_rows} rows (the oldest of ")
    assert lines[1] == (
        "The access log holds 3 rows (the oldest of 2026-12-03), past the limit of 2 rows "
        "(GUANAI_AUDIT_LOG_MAX_ROWS)."
    )
    assert lines[2].startswith("Guanai never deletes these records by itself")
    assert "guanai archive-logs --before YYYY-MM" in lines[2]
    assert AccessLog.objects.count() == 3
    assert LogEntry.objects.count() == audit_rows
    assert JobRun.objects.get().message == row.message


def test_the_partitions_job_makes_what_is_missing_and_says_so() -> None:
    """On PostgreSQL the coming months' partitions exist already (the migration made them),
    so the run creates none; on SQLite it does nothing and says which engine it saw."""
    row = runner.run("ensure_partitions", at(6, 4, 30), RunTrigger.SCHEDULE)
    assert row is not None and row.outcome == RunOutcome.OK
    found = json.loads(row.message)
    assert found["created"] == [] and found["moved"] == 0
    assert found["engine"] in ("sqlite", "postgresql")

"""Every job has a time and every time a job (notify's system check)."""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.management import call_command

from guanai.notify import jobs
from guanai.notify.checks import jobs_scheduled

EXPECTED = {
    "refresh_facts",
    "detect_warnings",
    "purge_import_files",
    "crosscheck_recheck",
    "purge_crosscheck_lists",
    "audit_log_check",
    "ensure_partitions",
    "notify_collect",
    "send_digests",
    "refresh_dirty_facts",
}


def test_the_apps_register_every_job_of_the_schedule_and_the_check_passes() -> None:
    assert set(jobs.SCHEDULE) == EXPECTED
    assert {job.name for job in jobs.all_jobs()} == EXPECTED
    assert jobs_scheduled() == []
    assert jobs_scheduled in checks.registry.registry.get_checks()
    call_command("check", "--fail-level", "ERROR", verbosity=0)


def test_a_job_without_a_time_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(jobs._JOBS, "tests_lonely", jobs.Job("tests_lonely", "x", lambda: ""))
    found = jobs_scheduled()
    assert [(m.id, m.msg) for m in found] == [
        (
            "notify.E001",
            "The job 'tests_lonely' is registered but has no time in notify.jobs.SCHEDULE.",
        )
    ]


def test_a_time_without_a_job_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(jobs.SCHEDULE, "tests_ghost", "0 5 * * *")
    assert [m.id for m in jobs_scheduled()] == ["notify.E002"]


def test_a_time_that_is_not_cron_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(jobs.SCHEDULE, "refresh_facts", "30 25 * * *")
    found = jobs_scheduled()
    assert [m.id for m in found] == ["notify.E003"]
    assert "'refresh_facts'" in found[0].msg


def test_a_job_registered_twice_under_one_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(jobs._JOBS, "tests_once", jobs.Job("tests_once", "x", lambda: "a"))
    with pytest.raises(ValueError, match="registered twice"):
        jobs.register(jobs.Job("tests_once", "x", lambda: "b"))

"""The worker fires the jobs at their times (APScheduler), catches up at start, and runs the
queued tasks (django-tasks-db) in the same process; ``guanai serve`` starts it."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from apscheduler.triggers.cron import CronTrigger
from django.core.management import call_command
from django.utils import timezone

from guanai.accounts.models import User
from guanai.notify import jobs
from guanai.notify.models import JobRun, RunOutcome, RunTrigger
from guanai.notify.scheduler.background import JOB_DEFAULTS, build_scheduler
from guanai.notify.scheduler.tasks import job_run_task
from guanai.notify.scheduler.times import ZONE
from guanai.ops.management.commands import serve
from tests.notify.scheduler.conftest import Recorder


@pytest.fixture
def signals_kept() -> Iterator[None]:
    """The task worker sets SIGINT/SIGTERM handlers; the test process gets its own back."""
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in kept.items():
        signal.signal(sig, handler)


def wait_for_run(name: str) -> JobRun | None:
    """Poll for the job's first run (a generous bound, not a time limit on the job)."""
    for _ in range(1200):
        row = JobRun.objects.filter(job=name).exclude(outcome=RunOutcome.RUNNING).first()
        if row is not None:
            return row
        time.sleep(0.1)
    return None


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_fires_a_job_at_its_time_and_records_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = Recorder()
    monkeypatch.setitem(jobs._JOBS, "tests_tick", jobs.Job("tests_tick", "Tick", recorder))
    every_second = CronTrigger(second="*", timezone=ZONE)
    scheduler = build_scheduler({"tests_tick": every_second})
    scheduler.start()
    try:
        row = wait_for_run("tests_tick")
    finally:
        scheduler.shutdown(wait=True)
    assert row is not None
    assert (row.trigger, row.outcome, row.message) == (
        RunTrigger.SCHEDULE,
        RunOutcome.OK,
        '{"done": 1}',
    )
    # The run is for a whole second the trigger names, not the moment the thread woke up
    assert row.scheduled_for.microsecond == 0
    # Each firing ran once: as many runs as rows, one row per second
    assert len(recorder.calls) == JobRun.objects.filter(job="tests_tick").count()
    assert JobRun.objects.filter(job="tests_tick").values("scheduled_for").distinct().count() == (
        len(recorder.calls)
    )


def test_the_scheduler_has_every_job_of_the_schedule_once_at_most_in_shanghai_time() -> None:
    scheduler = build_scheduler()
    found = {job.id: job for job in scheduler.get_jobs()}
    assert set(found) == set(jobs.SCHEDULE)
    assert {str(job.trigger.timezone) for job in found.values()} == {"Asia/Shanghai"}
    assert JOB_DEFAULTS == {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
    assert str(scheduler.timezone) == "Asia/Shanghai"


@pytest.mark.django_db(transaction=True)
def test_the_worker_catches_up_then_runs_the_queued_tasks_in_the_same_process(
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    county_sysadmin: User,
    nightly: Recorder,
    signals_kept: None,
) -> None:
    # Only the tests' job is registered here (no real nightly job runs in this test)
    monkeypatch.setattr(jobs, "_JOBS", {"tests_nightly": jobs.get("tests_nightly")})
    monkeypatch.setattr(jobs, "SCHEDULE", {"tests_nightly": "30 1 * * *"})
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A system administrator asked for a run now; the worker had not started yet
    job_run_task.enqueue("tests_nightly", timezone.now().isoformat(), county_sysadmin.pk)
    assert not JobRun.objects.exists()

    call_command("worker", batch=True, interval=0, verbosity=0)

    runs = {row.trigger: row for row in JobRun.objects.all()}
    assert set(runs) == {RunTrigger.CATCH_UP, RunTrigger.MANUAL}
    assert runs[RunTrigger.MANUAL].requested_by == county_sysadmin
    assert {row.outcome for row in runs.values()} == {RunOutcome.OK}
    assert len(nightly.calls) == 2


class Started:
    """Stands for a process ``serve`` starts: records its command line, ends at once."""

    commands: list[list[str]] = []

    def __init__(self, command: list[str], **kwargs: Any) -> None:
        self.commands.append(command)

    def poll(self) -> int:
        return 0

    def wait(self, timeout: float | None = None) -> int:
        return 0

    def terminate(self) -> None:
        pass


def test_serve_starts_the_worker_with_the_jobs_beside_gunicorn(
    monkeypatch: pytest.MonkeyPatch, signals_kept: None
) -> None:
    monkeypatch.setattr(serve.subprocess, "Popen", Started)
    Started.commands = []
    call_command("serve", port="8999")
    worker, server = Started.commands
    assert worker[1:] == ["-m", "guanai.cli", "worker"]
    assert "gunicorn" in server

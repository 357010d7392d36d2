"""A job runs once per scheduled time, however many workers fire it; a failure is recorded,
never raised; a run missed while the server was down runs once at start (the latest only)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections

from guanai.notify import jobs
from guanai.notify.models import JobRun, RunOutcome, RunTrigger
from guanai.notify.scheduler import runner
from tests.notify.scheduler.conftest import Recorder

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, second, tzinfo=SHANGHAI)


def test_the_latest_firing_is_found_at_the_boundaries_of_the_day_in_shanghai(
    nightly: Recorder,
) -> None:
    trigger = runner.trigger_for("tests_nightly")
    assert trigger is not None
    # One second before 01:30 in Shanghai (17:29:59 UTC the day before): yesterday's 01:30
    assert runner.last_fire_time(trigger, at(6, 1, 29, 59)) == at(5, 1, 30)
    assert runner.last_fire_time(trigger, at(6, 1, 30)) == at(6, 1, 30)
    assert runner.last_fire_time(trigger, at(6, 23, 59, 59)) == at(6, 1, 30)
    assert runner.next_run("tests_nightly", at(6, 1, 30)) == at(7, 1, 30)
    assert runner.next_run("tests_nightly", at(6, 1, 29)) == at(6, 1, 30)
    assert runner.next_run("no_such_job", at(6, 1, 29)) is None


def test_every_job_of_the_schedule_has_a_next_time_and_a_latest_one() -> None:
    now = at(6, 12)
    for name in jobs.SCHEDULE:
        trigger = runner.trigger_for(name)
        assert trigger is not None
        last = runner.last_fire_time(trigger, now)
        following = runner.next_run(name, now)
        assert last is not None and following is not None
        assert last <= now < following
    assert runner.last_fire_time(runner.trigger_for("send_digests"), now) == at(6, 12)  # type: ignore[arg-type]
    assert runner.next_run("send_digests", now) == at(6, 12, 5)
    assert runner.next_run("refresh_facts", now) == at(7, 1, 30)


@pytest.mark.django_db
def test_a_run_is_recorded_with_its_times_outcome_and_summary(nightly: Recorder) -> None:
    with time_machine.travel(at(6, 1, 30), tick=False):
        row = runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    assert row is not None
    stored = JobRun.objects.get()
    assert (stored.job, stored.scheduled_for, stored.trigger) == (
        "tests_nightly",
        at(6, 1, 30),
        RunTrigger.SCHEDULE,
    )
    assert stored.outcome == RunOutcome.OK
    assert stored.message == '{"done": 1}'
    assert stored.started_at == stored.finished_at == at(6, 1, 30)
    assert nightly.calls == [1]


@pytest.mark.django_db
def test_a_second_firing_of_the_same_time_runs_nothing(nightly: Recorder) -> None:
    first = runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    second = runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    assert first is not None and second is None
    assert nightly.calls == [1]
    assert JobRun.objects.count() == 1


@pytest.mark.django_db
def test_a_failing_job_is_recorded_as_failed_with_its_error_and_nothing_is_raised(
    nightly: Recorder,
) -> None:
    def broken() -> str:
        raise ValueError("the table is gone\nline 2\nline 3\nline 4\nline 5\nline 6")

    nightly.then = broken
    row = runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    assert row is not None
    stored = JobRun.objects.get()
    assert stored.outcome == RunOutcome.FAILED
    assert stored.message == "ValueError: the table is gone\nline 2\nline 3\nline 4\nline 5"
    assert stored.finished_at is not None


@pytest.mark.django_db
def test_an_alert_is_recorded_with_its_message_alone(nightly: Recorder) -> None:
    def alert() -> str:
        raise jobs.JobAlert("The access log holds too many rows.")

    nightly.then = alert
    runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    stored = JobRun.objects.get()
    assert (stored.outcome, stored.message) == (
        RunOutcome.FAILED,
        "The access log holds too many rows.",
    )


@pytest.mark.django_db
def test_a_job_not_registered_is_not_run() -> None:
    assert runner.run("no_such_job", at(6, 1, 30), RunTrigger.SCHEDULE) is None
    assert not JobRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_firing_the_same_job_at_the_same_time_run_it_once(
    nightly: Recorder,
) -> None:
    if connection.vendor != "postgresql":
        # SQLite has one writer at a time: the workers' claims come one after the other.
        results = [runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE) for _ in "ab"]
        assert [r is not None for r in results] == [True, False]
        assert nightly.calls == [1]
        return
    # Two threads (two connections, as two worker processes) claim at the same moment; the
    # winner's job waits until the other has given up, so that both were at it together.
    start = threading.Barrier(2)
    loser_done = threading.Event()
    results: dict[str, JobRun | None] = {}

    def slow() -> str:
        loser_done.wait(60)
        return '{"done": 1}'

    nightly.then = slow

    def worker(name: str) -> None:
        try:
            start.wait(60)
            results[name] = runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
            if results[name] is None:
                loser_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(r is not None for r in results.values()) == [False, True]
    assert loser_done.is_set()
    assert nightly.calls == [1]
    assert list(JobRun.objects.values_list("outcome", flat=True)) == [RunOutcome.OK]


@pytest.mark.django_db
def test_a_server_down_for_three_nights_runs_the_nightly_job_once_at_start(
    nightly: Recorder,
) -> None:
    # Given the job ran on the 3rd at 01:30 and the server was down from the 3rd to the 6th
    runner.run("tests_nightly", at(3, 1, 30), RunTrigger.SCHEDULE)
    # When the worker starts on the 6th at 09:00
    done = runner.catch_up(at(6, 9), names=["tests_nightly"])
    # Then it runs the job once, for the latest time missed (the 6th at 01:30)
    assert [(r.scheduled_for, r.trigger) for r in done] == [(at(6, 1, 30), RunTrigger.CATCH_UP)]
    assert nightly.calls == [1, 2]
    assert sorted(JobRun.objects.values_list("scheduled_for", flat=True)) == [
        at(3, 1, 30),
        at(6, 1, 30),
    ]
    # And a second start the same morning runs nothing more
    assert runner.catch_up(at(6, 10), names=["tests_nightly"]) == []
    assert nightly.calls == [1, 2]


@pytest.mark.django_db
def test_a_job_that_ran_at_its_time_is_not_caught_up(nightly: Recorder) -> None:
    runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    assert runner.catch_up(at(6, 9), names=["tests_nightly"]) == []
    # A start before the night's time: the latest time is yesterday's, older than the last run
    assert runner.catch_up(at(7, 1, 29), names=["tests_nightly"]) == []
    assert nightly.calls == [1]


@pytest.mark.django_db
def test_a_run_now_after_the_missed_time_counts_as_the_last_run(nightly: Recorder) -> None:
    runner.run("tests_nightly", at(6, 8), RunTrigger.MANUAL)
    assert runner.catch_up(at(6, 9), names=["tests_nightly"]) == []
    assert runner.catch_up(at(7, 9), names=["tests_nightly"])[0].scheduled_for == at(7, 1, 30)


@pytest.mark.django_db
def test_a_job_never_run_is_caught_up_for_its_latest_time(nightly: Recorder) -> None:
    done = runner.catch_up(at(6, 9) + timedelta(microseconds=5), names=["tests_nightly"])
    assert [r.scheduled_for for r in done] == [at(6, 1, 30)]

"""A job that failed in the last day is on the system administrator's "today" page until it
runs well again (``today.sources.notify_jobs.job_failures``)."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from guanai.accounts.models import User
from guanai.notify.models import RunTrigger
from guanai.notify.scheduler import runner
from guanai.today.sources.notify_jobs import job_failures
from tests.notify.scheduler.conftest import Recorder

from .test_runner import at

pytestmark = pytest.mark.django_db


def fail(recorder: Recorder) -> None:
    def broken() -> str:
        raise RuntimeError("the disk is full")

    recorder.then = broken


def test_a_failed_run_of_the_last_day_is_a_task_of_the_system_administrator(
    county_sysadmin: User, township_worker: User, nightly: Recorder
) -> None:
    fail(nightly)
    with time_machine.travel(at(6, 1, 30), tick=False):
        runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    with time_machine.travel(at(6, 9), tick=False), translation.override("en"):
        batch = job_failures(county_sysadmin, at(6, 9).date())
        assert job_failures(township_worker, at(6, 9).date()).total == 0
    assert batch.total == 1
    task = batch.tasks[0]
    assert (task.kind, task.subject, task.detail) == (
        "job_failure",
        "Nightly test job",
        "RuntimeError: the disk is full",
    )
    assert task.why == "Failed at 6 Dec 2026 01:30"
    assert task.action_url == reverse("notify:job", args=["tests_nightly"])
    assert batch.all_url == reverse("notify:jobs")


def test_the_failure_leaves_the_page_after_a_day_or_a_good_run(
    county_sysadmin: User, nightly: Recorder
) -> None:
    fail(nightly)
    with time_machine.travel(at(6, 1, 30), tick=False):
        runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    with time_machine.travel(at(7, 1, 31), tick=False):
        assert job_failures(county_sysadmin, at(7, 1, 31).date()).total == 0
    with time_machine.travel(at(6, 9), tick=False):
        assert job_failures(county_sysadmin, at(6, 9).date()).total == 1
    nightly.then = lambda: "{}"
    with time_machine.travel(at(6, 10), tick=False):
        runner.run("tests_nightly", at(6, 10), RunTrigger.MANUAL, county_sysadmin)
        assert job_failures(county_sysadmin, at(6, 10).date()).total == 0

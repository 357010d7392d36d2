"""The system administrator's jobs pages: each job's schedule, last and next run, run now,
one job's history; anyone else is refused (403), as on the other admin pages."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.notify.models import JobRun, RunOutcome, RunTrigger
from guanai.notify.scheduler import runner
from tests import factories
from tests.conftest import Region, logged_in
from tests.notify.scheduler.conftest import Recorder
from tests.support.queries import assert_same_query_count, count_queries

from .test_runner import at

pytestmark = pytest.mark.django_db

JOBS = reverse("notify:jobs")


def english(user: User) -> Client:
    client = logged_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize("role", [Role.WORKER, Role.LEADER, Role.SECADMIN, Role.AUDITOR])
def test_nobody_but_the_system_administrator_sees_the_jobs(
    region: Region, role: Role, nightly: Recorder
) -> None:
    client = logged_in(factories.user(unit=region.county, role=role))
    assert client.get(JOBS).status_code == 403
    assert client.get(reverse("notify:job", args=["tests_nightly"])).status_code == 403
    assert client.post(reverse("notify:job_run", args=["tests_nightly"])).status_code == 403
    assert nightly.calls == []
    assert not JobRun.objects.exists()


def test_anonymous_is_sent_to_log_in() -> None:
    answer = Client().get(JOBS)
    assert answer.status_code == 302 and "login" in answer["Location"]


def test_the_page_lists_every_job_with_its_schedule_last_and_next_run(
    county_sysadmin: User, nightly: Recorder
) -> None:
    def broken() -> str:
        raise RuntimeError("disk full")

    with time_machine.travel(at(6, 1, 30), tick=False):
        runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    JobRun.objects.filter(job="tests_nightly").update(finished_at=at(6, 1, 32, 5))
    nightly.then = broken
    with time_machine.travel(at(6, 12), tick=False):
        runner.run("refresh_facts", at(6, 1, 30), RunTrigger.CATCH_UP)  # a real job, run
        answer = english(county_sysadmin).get(JOBS)
    assert answer.status_code == 200
    page = answer.content.decode()
    for label in (
        "Refresh the dashboards",
        "Detect early warnings",
        "Delete expired import files",
        "Re-check the cross-check findings",
        "Delete old cross-check lists",
        "Check the audit logs",
        "Collect notifications",
        "Send digests and messages",
        "Nightly test job",
    ):
        assert label in page
    assert "Every day at 01:30" in page and "<code>30 1 * * *</code>" in page
    assert "Every 15 minutes" in page and "Every 5 minutes" in page
    # The test job's last run: done, on schedule, in 2 min 5 s, with its summary
    row = page.split('data-job="tests_nightly"')[1].split("</tr>")[0]
    assert "Done" in row and "On schedule" in row and "2 min 5 s" in row
    assert "{&quot;done&quot;: 1}" in row
    assert "7 Dec 2026 01:30" in row  # next run, in Shanghai time
    assert "Not run yet" in page.split('data-job="detect_warnings"')[1].split("</tr>")[0]
    facts = page.split('data-job="refresh_facts"')[1].split("</tr>")[0]
    assert "Caught up at start" in facts and "facts" in facts
    assert reverse("notify:job_run", args=["tests_nightly"]) in row


def test_the_page_runs_as_many_queries_with_many_runs_as_with_one(
    county_sysadmin: User, nightly: Recorder
) -> None:
    client = english(county_sysadmin)
    runner.run("tests_nightly", at(1, 1, 30), RunTrigger.SCHEDULE)
    client.get(JOBS)
    with count_queries() as few:
        client.get(JOBS)
    for day in range(2, 28):
        runner.run("tests_nightly", at(day, 1, 30), RunTrigger.SCHEDULE)
        JobRun.objects.create(
            job="detect_warnings", scheduled_for=at(day, 2, 30), outcome=RunOutcome.OK
        )
    with count_queries() as many:
        answer = client.get(JOBS)
    assert_same_query_count(few, many)
    last = {line.name: line.last for line in answer.context["lines"]}
    assert last["detect_warnings"].scheduled_for == at(27, 2, 30)
    assert last["tests_nightly"].scheduled_for == at(27, 1, 30)
    assert last["refresh_facts"] is None


def test_a_job_page_shows_its_last_twenty_runs_newest_first(
    county_sysadmin: User, nightly: Recorder
) -> None:
    for day in range(1, 26):
        runner.run("tests_nightly", at(day, 1, 30), RunTrigger.SCHEDULE)
    answer = english(county_sysadmin).get(reverse("notify:job", args=["tests_nightly"]))
    assert answer.status_code == 200
    shown = [item.run.scheduled_for for item in answer.context["runs"]]
    assert shown == [at(day, 1, 30) for day in range(25, 5, -1)]
    assert "Recent runs" in answer.content.decode()


def test_an_unknown_job_is_404(county_sysadmin: User) -> None:
    client = logged_in(county_sysadmin)
    assert client.get(reverse("notify:job", args=["no_such_job"])).status_code == 404
    assert client.post(reverse("notify:job_run", args=["no_such_job"])).status_code == 404
    assert not JobRun.objects.exists()


def test_run_now_runs_the_job_in_a_task_and_records_who_asked(
    county_sysadmin: User, nightly: Recorder
) -> None:
    client = english(county_sysadmin)
    # Reading the run button's address is no run; only its POST (with the CSRF token) is
    assert client.get(reverse("notify:job_run", args=["tests_nightly"])).status_code == 405
    assert nightly.calls == []
    with time_machine.travel(at(6, 10, 15), tick=False):
        answer = client.post(reverse("notify:job_run", args=["tests_nightly"]), follow=True)
    assert answer.redirect_chain[-1][0] == reverse("notify:job", args=["tests_nightly"])
    assert nightly.calls == [1]
    row = JobRun.objects.get()
    assert (row.trigger, row.outcome, row.requested_by, row.scheduled_for) == (
        RunTrigger.MANUAL,
        RunOutcome.OK,
        county_sysadmin,
        at(6, 10, 15),
    )
    page = answer.content.decode()
    assert "is queued to run now" in page
    assert "Run now" in page and county_sysadmin.get_full_name() in page


def test_run_now_is_refused_without_the_csrf_token(
    county_sysadmin: User, nightly: Recorder
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(county_sysadmin)
    answer = client.post(reverse("notify:job_run", args=["tests_nightly"]))
    assert answer.status_code == 403
    assert nightly.calls == []


def test_a_running_job_shows_as_running(county_sysadmin: User, nightly: Recorder) -> None:
    JobRun.objects.create(job="tests_nightly", scheduled_for=at(6, 1, 30), started_at=at(6, 1, 30))
    with time_machine.travel(at(6, 1, 31), tick=False):
        page = english(county_sysadmin).get(JOBS).content.decode()
    row = page.split('data-job="tests_nightly"')[1].split("</tr>")[0]
    assert "Running" in row


def test_the_page_is_in_chinese_by_default(county_sysadmin: User, nightly: Recorder) -> None:
    runner.run("tests_nightly", at(6, 1, 30), RunTrigger.SCHEDULE)
    with time_machine.travel(at(6, 12), tick=False):
        page = logged_in(county_sysadmin).get(JOBS).content.decode()
    row = page.split('data-job="tests_nightly"')[1].split("</tr>")[0]
    assert "2026年12月7日 01:30" in row

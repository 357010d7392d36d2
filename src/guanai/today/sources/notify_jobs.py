"""The scheduled jobs' source: runs that failed in the last day, for the system administrator
(who sees the jobs page), until the job runs well again."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.models import User
from guanai.notify import access, jobs
from guanai.notify.scheduler import selectors
from guanai.today.items import EMPTY, SHOWN, Batch, Task
from guanai.today.sources.common import first


def job_failures(user: User, today: date) -> Batch:
    """Scheduled jobs whose last day's run failed (the message's first line as detail)."""
    if not access.runs_jobs(user):
        return EMPTY
    found = list(selectors.failed_recently(timezone.now())[: SHOWN + 1])
    total = len(found) if len(found) <= SHOWN else selectors.failed_recently(timezone.now()).count()
    tasks = []
    for run in found[:SHOWN]:
        job = jobs.get(run.job)
        finished = run.finished_at or run.scheduled_for
        tasks.append(
            Task(
                kind="job_failure",
                kind_label=gettext_lazy("Failed job"),
                subject=str(job.label) if job else run.job,
                where="",
                detail=(run.message.splitlines() or [""])[0][:200],
                why=_("Failed at %(time)s")
                % {"time": formats.date_format(timezone.localtime(finished), "DATETIME_FORMAT")},
                when=timezone.localdate(finished),
                overdue=False,
                action_label=_("Look at the runs"),
                action_url=reverse("notify:job", kwargs={"name": run.job}),
            )
        )
    return first(tasks, total, _("Scheduled jobs"), reverse("notify:jobs"))

"""What the jobs page reads: each job's last run and next time, a job's history, and the
runs that failed lately (for the system administrator's "today" page)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanai.notify import jobs
from guanai.notify.models import JobRun, RunOutcome
from guanai.notify.scheduler.times import next_run

# The detail page lists this many runs of one job, newest first.
HISTORY = 20
# A failed run is shown on the "today" page for this long, unless the job ran well since.
FAILURES_SHOWN_FOR = timedelta(days=1)


def last_scheduled(names: Iterable[str]) -> dict[str, datetime]:
    """Each job's latest scheduled time that has a run (one query)."""
    rows = (
        JobRun.objects.filter(job__in=list(names))
        .values("job")
        .annotate(last=Max("scheduled_for"))
        .values_list("job", "last")
    )
    return dict(rows)


def last_runs(names: Iterable[str]) -> dict[str, JobRun]:
    """Each job's latest run (one query, whatever the number of jobs and runs)."""
    latest = JobRun.objects.filter(job=OuterRef("job")).order_by("-scheduled_for", "-pk")
    rows = JobRun.objects.filter(job__in=list(names), pk=Subquery(latest.values("pk")[:1]))
    return {row.job: row for row in rows.select_related("requested_by")}


def history(name: str) -> list[JobRun]:
    """The job's last runs, newest first (one query)."""
    return list(JobRun.objects.filter(job=name).select_related("requested_by")[:HISTORY])


def failed_recently(now: datetime) -> QuerySet[JobRun]:
    """Runs that failed in the last day and whose job has not run well since."""
    later_ok = JobRun.objects.filter(
        job=OuterRef("job"), outcome=RunOutcome.OK, started_at__gt=OuterRef("started_at")
    )
    return (
        JobRun.objects.filter(outcome=RunOutcome.FAILED, finished_at__gte=now - FAILURES_SHOWN_FOR)
        .exclude(Exists(later_ok))
        .order_by("-finished_at", "-pk")
    )


def schedule_words(cron: str) -> str:
    """The cron fields in words where they are a daily time or every few minutes."""
    fields = cron.split()
    if len(fields) == 5 and fields[2:] == ["*", "*", "*"]:
        minute, hour = fields[0], fields[1]
        if minute.isdigit() and hour.isdigit():
            return _("Every day at %(time)s") % {"time": f"{int(hour):02d}:{int(minute):02d}"}
        if hour == "*" and minute.startswith("*/") and minute[2:].isdigit():
            every = int(minute[2:])
            return ngettext("Every minute", "Every %(count)d minutes", every) % {"count": every}
    return cron


def duration_words(run: JobRun | None) -> str:
    """How long a finished run took, in words ("" while it runs)."""
    if run is None or run.started_at is None or run.finished_at is None:
        return ""
    seconds = max(int((run.finished_at - run.started_at).total_seconds()), 0)
    if seconds < 60:
        return _("%(seconds)d s") % {"seconds": seconds}
    if seconds < 3600:
        return _("%(minutes)d min %(seconds)d s") % {
            "minutes": seconds // 60,
            "seconds": seconds % 60,
        }
    return _("%(hours)d h %(minutes)d min") % {
        "hours": seconds // 3600,
        "minutes": seconds % 3600 // 60,
    }


@dataclass(frozen=True)
class RunLine:
    """One run as the pages show it."""

    run: JobRun
    duration: str


def run_lines(runs: Iterable[JobRun]) -> list[RunLine]:
    return [RunLine(run, duration_words(run)) for run in runs]


@dataclass(frozen=True)
class JobLine:
    """One job as the jobs page shows it."""

    job: jobs.Job
    cron: str
    words: str
    last: JobRun | None
    next_at: datetime | None

    @property
    def name(self) -> str:
        return self.job.name

    @property
    def duration(self) -> str:
        return duration_words(self.last)


def job_line(job: jobs.Job, last: JobRun | None, now: datetime) -> JobLine:
    cron = jobs.SCHEDULE.get(job.name, "")
    return JobLine(
        job=job,
        cron=cron,
        words=schedule_words(cron) if cron else "",
        last=last,
        next_at=next_run(job.name, now),
    )


def overview(now: datetime) -> list[JobLine]:
    """Every registered job in the order of ``SCHEDULE``, with its last run (one query)."""
    order = {name: index for index, name in enumerate(jobs.SCHEDULE)}
    registered = sorted(jobs.all_jobs(), key=lambda j: (order.get(j.name, len(order)), j.name))
    last = last_runs(job.name for job in registered)
    return [job_line(job, last.get(job.name), now) for job in registered]

"""The periodic jobs: what each app registers to run, and when (``SCHEDULE``, one place).

An app registers a job's function under its name from its ``AppConfig.ready``; the times
are all here, in Asia/Shanghai, as cron fields (minute hour day month weekday). The worker
that ``guanai serve`` starts fires them (``notify.scheduler``); each firing claims one
``JobRun`` row (job, scheduled time), so a job runs once with several workers or servers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

# job name → cron fields in Asia/Shanghai. A job registered without a time here, or a time
# here without a job, fails ``notify.checks``.
SCHEDULE: dict[str, str] = {
    # Nightly, in this order: the figures, the warnings from them, then the clean-ups.
    "refresh_facts": "30 1 * * *",  # reports: the dashboards' fact table
    "detect_warnings": "30 2 * * *",  # care: raise and resolve the early warnings
    "purge_import_files": "0 3 * * *",  # registry: stale uploads, error workbooks, exports
    "crosscheck_recheck": "15 3 * * *",  # crosscheck: close the findings fixed meanwhile
    "purge_crosscheck_lists": "30 3 * * *",  # crosscheck: rows of lists past retention
    "audit_log_check": "0 4 * * *",  # notify: the audit logs' size against the setting
    "ensure_partitions": "30 4 * * *",  # core: the coming months' partitions (PostgreSQL)
    # Through the day.
    "notify_collect": "*/15 * * * *",  # notify: look for the kinds' new events
    "send_digests": "*/5 * * * *",  # notify: the digests and urgent messages now due
    "refresh_dirty_facts": "*/5 * * * *",  # reports: the facts of the units written to
}


@dataclass(frozen=True)
class Job:
    name: str
    label: str | Promise
    # Runs the job; returns a short summary for the run's row (counts as JSON, say).
    run: Callable[[], str]


class JobAlert(Exception):
    """Raised by a job that finds something the system administrator must act on (an audit
    log past its size): the run is recorded as failed with this message alone."""


_JOBS: dict[str, Job] = {}


def register(job: Job) -> None:
    if job.name in _JOBS and _JOBS[job.name] != job:
        raise ValueError(f"job {job.name!r} registered twice")
    _JOBS[job.name] = job


def all_jobs() -> tuple[Job, ...]:
    return tuple(_JOBS.values())


def get(name: str) -> Job | None:
    return _JOBS.get(name)

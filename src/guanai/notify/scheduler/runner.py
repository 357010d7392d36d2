"""Running a job once: claiming its run row, recording how it went, catching up at start.

A run is one ``JobRun`` row per job and scheduled time. ``run`` inserts it first (the claim,
committed at once): a second worker or server firing the same job at the same time fails
that insert on the unique (job, scheduled_for) and runs nothing. The row then says when the
job started and finished, whether it went well, and its summary or its error's first lines.
Nothing a job raises leaves ``run``: the worker goes on with the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from guanai.accounts.scoping import AnyUser
from guanai.notify import jobs
from guanai.notify.models import JobRun, RunOutcome, RunTrigger
from guanai.notify.scheduler import selectors
from guanai.notify.scheduler.times import last_fire_time, next_run, trigger_for

__all__ = ["catch_up", "error_message", "last_fire_time", "missed", "next_run", "run"]

logger = logging.getLogger(__name__)

# A failed run keeps this many lines of its error, and a message at most this many characters.
ERROR_LINES = 5
MESSAGE_CHARS = 2000


def run(
    name: str, scheduled_for: datetime, trigger: str, user: AnyUser | None = None
) -> JobRun | None:
    """Run the job for its scheduled time once: None when another worker has claimed that
    run (or the job is not registered, or the claim failed), else the row, finished."""
    job = jobs.get(name)
    if job is None:
        logger.error("job %s is not registered: not run", name)
        return None
    requested_by = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            row = JobRun.objects.create(
                job=name,
                scheduled_for=scheduled_for,
                trigger=trigger,
                started_at=timezone.now(),
                requested_by=requested_by,
            )
    except IntegrityError:
        logger.info("job %s for %s: claimed by another worker", name, scheduled_for)
        return None
    except Exception:  # the database away: the next firing tries again
        logger.exception("job %s for %s: could not be claimed", name, scheduled_for)
        return None
    try:
        summary = job.run()
    except Exception as exc:
        logger.exception("job %s for %s failed", name, scheduled_for)
        row.outcome = RunOutcome.FAILED
        row.message = error_message(exc)
    else:
        row.outcome = RunOutcome.OK
        row.message = str(summary or "")[:MESSAGE_CHARS]
    row.finished_at = timezone.now()
    try:
        row.save(update_fields=["outcome", "message", "finished_at"])
    except Exception:
        logger.exception("job %s for %s: its outcome could not be saved", name, scheduled_for)
    return row


def error_message(exc: BaseException) -> str:
    """The error's kind and first lines: what the sysadmin reads on the jobs page."""
    text = str(exc).strip()
    lines = text.splitlines()[:ERROR_LINES]
    head = "" if isinstance(exc, jobs.JobAlert) else type(exc).__name__
    message = "\n".join(lines)
    if head:
        message = f"{head}: {message}" if message else head
    return message[:MESSAGE_CHARS]


def missed(name: str, now: datetime, last: datetime | None) -> datetime | None:
    """The job's latest scheduled time at or before ``now`` if it is later than its last
    run (``last``, its scheduled time) — the one to catch up — else None."""
    trigger = trigger_for(name)
    if trigger is None:
        return None
    due = last_fire_time(trigger, now)
    if due is None or (last is not None and due <= last):
        return None
    return due


def catch_up(now: datetime | None = None, names: Iterable[str] | None = None) -> list[JobRun]:
    """Run once each job whose latest scheduled time passed without a run (the server was
    down): only that latest time, however many were missed. Returns the runs made here."""
    now = now or timezone.now()
    wanted = [job.name for job in jobs.all_jobs()] if names is None else list(names)
    last = selectors.last_scheduled(wanted)
    done = []
    for name in wanted:
        due = missed(name, now, last.get(name))
        if due is None:
            continue
        row = run(name, due, RunTrigger.CATCH_UP)
        if row is not None:
            done.append(row)
    return done

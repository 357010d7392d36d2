"""The scheduler inside the worker: APScheduler's ``BackgroundScheduler`` with one cron job
per entry of ``SCHEDULE`` (Asia/Shanghai), each firing ``runner.run`` for its scheduled time.

A job runs in one thread at a time (``max_instances=1``); firings missed while one was busy
are run once (``coalesce``), however late. Several workers or servers fire the same job at the
same time: the run row (job, scheduled time) lets one of them run it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from django.db import close_old_connections, connections
from django.utils import timezone

from guanai.notify import jobs
from guanai.notify.models import RunTrigger
from guanai.notify.scheduler import runner
from guanai.notify.scheduler.times import ZONE, last_fire_time, trigger_for

logger = logging.getLogger(__name__)

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}


def fire(name: str, trigger: BaseTrigger) -> None:
    """Run the job for the firing just due (the trigger's latest time up to now)."""
    close_old_connections()
    try:
        scheduled = last_fire_time(trigger, timezone.now())
        if scheduled is not None:
            runner.run(name, scheduled, RunTrigger.SCHEDULE)
    except Exception:  # never out of the scheduler's thread
        logger.exception("job %s could not be fired", name)
    finally:
        connections.close_all()  # this thread's connections; the next firing opens its own


def schedule_triggers() -> dict[str, BaseTrigger]:
    """The trigger of every registered job that has a time in ``SCHEDULE``."""
    found: dict[str, BaseTrigger] = {}
    for job in jobs.all_jobs():
        trigger = trigger_for(job.name)
        if trigger is not None:
            found[job.name] = trigger
    return found


def build_scheduler(triggers: Mapping[str, BaseTrigger] | None = None) -> BackgroundScheduler:
    """A scheduler (not started) firing each job by its trigger: those of ``SCHEDULE``
    unless others are given."""
    scheduler = BackgroundScheduler(timezone=ZONE, job_defaults=JOB_DEFAULTS)
    for name, trigger in (schedule_triggers() if triggers is None else triggers).items():
        scheduler.add_job(fire, trigger, args=[name, trigger], id=name, name=name)
    return scheduler


def catch_up_safely() -> None:
    close_old_connections()
    try:
        runner.catch_up(timezone.now())
    except Exception:
        logger.exception("the jobs missed could not be caught up")
    finally:
        connections.close_all()


def start_catch_up() -> threading.Thread:
    """Catch up the missed jobs in a thread of their own, so that the task worker starts at
    once (a nightly job caught up may take minutes)."""
    thread = threading.Thread(target=catch_up_safely, name="guanai-catch-up", daemon=True)
    thread.start()
    return thread

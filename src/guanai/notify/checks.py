"""System checks of notify: every scheduled job has a time and every time a job."""

from __future__ import annotations

from typing import Any

from apscheduler.triggers.cron import CronTrigger
from django.core import checks as django_checks

from guanai.notify import jobs
from guanai.notify.scheduler.times import ZONE


def jobs_scheduled(app_configs: Any = None, **kwargs: Any) -> list[django_checks.CheckMessage]:
    """Each job registered by an app has a time in ``SCHEDULE``, each time names a job
    registered, and each time is cron fields that APScheduler reads."""
    found: list[django_checks.CheckMessage] = []
    registered = {job.name for job in jobs.all_jobs()}
    for name in sorted(registered - set(jobs.SCHEDULE)):
        found.append(
            django_checks.Error(
                f"The job {name!r} is registered but has no time in notify.jobs.SCHEDULE.",
                hint="Add its cron fields (Asia/Shanghai) to SCHEDULE.",
                id="notify.E001",
            )
        )
    for name, cron in jobs.SCHEDULE.items():
        if name not in registered:
            found.append(
                django_checks.Error(
                    f"notify.jobs.SCHEDULE gives a time to {name!r}, but no app registers it.",
                    hint="Register the job from its app's AppConfig.ready (notify.jobs.register).",
                    id="notify.E002",
                )
            )
            continue
        try:
            CronTrigger.from_crontab(cron, timezone=ZONE)
        except ValueError as exc:
            found.append(
                django_checks.Error(
                    f"The time of the job {name!r} ({cron!r}) is not cron fields: {exc}",
                    id="notify.E003",
                )
            )
    return found


def register() -> None:
    django_checks.register(jobs_scheduled, "notify")

"""``guanai worker``: the scheduled jobs and the background-task worker, in one process.

``guanai serve`` (and so ``make run``) starts it beside gunicorn; no cron entry is needed.
It starts the scheduler (``notify.scheduler.background``: the times of ``notify.jobs.SCHEDULE``,
Asia/Shanghai), catches up once the jobs whose last time passed while nothing ran (a server
down overnight runs its nightly jobs once, at start), then runs django-tasks-db's worker
(``db_worker``) until it is stopped, and stops the scheduler after it.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from guanai.notify.scheduler.background import build_scheduler, start_catch_up


class Command(BaseCommand):
    help = "Run the scheduled jobs and the background-task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the queued tasks, then stop (the scheduler with them).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds the task worker waits when no task is queued (default: 1).",
        )
        parser.add_argument(
            "--no-catch-up",
            action="store_false",
            dest="catch_up",
            help="Do not run, at start, the jobs whose time passed while nothing ran.",
        )

    def handle(
        self, *args: Any, batch: bool, interval: float, catch_up: bool, **options: Any
    ) -> None:
        scheduler = build_scheduler()
        scheduler.start()
        catching_up = start_catch_up() if catch_up else None
        try:
            call_command(
                "db_worker",
                batch=batch,
                interval=interval,
                reload=False,
                verbosity=options.get("verbosity", 1),
            )
        finally:
            if catching_up is not None:
                catching_up.join()
            scheduler.shutdown(wait=True)

"""``guanai serve``: gunicorn with whitenoise, and the background worker beside it (the
queued tasks and the scheduled jobs: ``guanai worker``).

One bad request must not hold a worker nor eat the machine's memory (issue 12): a request
that runs longer than ``--timeout`` seconds gets its worker killed and replaced; workers are
recycled after ``--max-requests`` requests (with jitter, so they do not all restart
together); a worker whose memory grew past ``--worker-memory`` megabytes is replaced after
its request, and none may take more than ``--worker-address-space`` megabytes at all (see
``guanai.ops.gunicorn_conf``). Long work — imports, exports, reports — runs in the task
worker, never in a request, so these limits do not cut it short.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from guanai.ops import gunicorn_conf

DEFAULTS = {
    "workers": 3,
    "timeout": 60,
    "graceful_timeout": 30,
    "max_requests": 1000,
    "max_requests_jitter": 100,
    "worker_memory": 1024,
    "worker_address_space": 4096,
}


def gunicorn_command(
    *,
    host: str,
    port: str,
    workers: int,
    timeout: int,
    graceful_timeout: int,
    max_requests: int,
    max_requests_jitter: int,
) -> list[str]:
    """Return the gunicorn command line with the limits that keep a worker free."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "guanai.wsgi:application",
        "--config",
        f"python:{gunicorn_conf.__name__}",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(graceful_timeout),
        "--max-requests",
        str(max_requests),
        "--max-requests-jitter",
        str(max_requests_jitter),
        # Gunicorn's own defaults, stated: a request line or header past these is refused
        # with 400 before Django sees it.
        "--limit-request-line",
        "8190",
        "--limit-request-fields",
        "100",
        "--limit-request-field_size",
        "8190",
    ]


STATEMENT_TIMEOUT_ENV = "GUANAI_STATEMENT_TIMEOUT_SECONDS"
# How long before gunicorn's --timeout the database cancels a request's statement, so that
# the request ends with an error page of its own instead of a killed worker.
STATEMENT_TIMEOUT_MARGIN = 5


def statement_timeout(timeout: int) -> int:
    """Return the seconds a request's statement may run (PostgreSQL): the operator's
    ``GUANAI_STATEMENT_TIMEOUT_SECONDS`` if set, else a little below ``timeout``."""
    chosen = os.environ.get(STATEMENT_TIMEOUT_ENV, "").strip()
    if chosen.isdigit():
        return int(chosen)
    return max(1, timeout - STATEMENT_TIMEOUT_MARGIN)


def gunicorn_env(
    *, worker_memory: int, worker_address_space: int, timeout: int = DEFAULTS["timeout"]
) -> dict[str, str]:
    """Return the environment of the web workers: the memory limits for their hooks and
    the statement timeout for their database connections."""
    return {
        **os.environ,
        gunicorn_conf.MEMORY_ENV: str(worker_memory),
        gunicorn_conf.ADDRESS_SPACE_ENV: str(worker_address_space),
        STATEMENT_TIMEOUT_ENV: str(statement_timeout(timeout)),
    }


def worker_env() -> dict[str, str]:
    """Return the task worker's environment: no statement timeout (long jobs are its work)."""
    return {k: v for k, v in os.environ.items() if k != STATEMENT_TIMEOUT_ENV}


class Command(BaseCommand):
    help = "Serve Guanai with gunicorn and run the background worker (tasks and jobs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", type=int, default=DEFAULTS["workers"])
        parser.add_argument(
            "--timeout",
            type=int,
            default=DEFAULTS["timeout"],
            help="Seconds a request may run before its worker is killed and replaced.",
        )
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=DEFAULTS["graceful_timeout"],
            help="Seconds a worker has to finish its request when it is asked to stop.",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=DEFAULTS["max_requests"],
            help="Requests a worker serves before it is replaced.",
        )
        parser.add_argument(
            "--max-requests-jitter",
            type=int,
            default=DEFAULTS["max_requests_jitter"],
            help="Up to this many more, at random, so workers do not restart together.",
        )
        parser.add_argument(
            "--worker-memory",
            type=int,
            default=DEFAULTS["worker_memory"],
            help="Megabytes of resident memory after which a worker is replaced (0: never).",
        )
        parser.add_argument(
            "--worker-address-space",
            type=int,
            default=DEFAULTS["worker_address_space"],
            help="Megabytes a worker may never exceed (RLIMIT_AS; 0: unlimited).",
        )

    def handle(
        self,
        *args: Any,
        host: str,
        port: str,
        workers: int,
        timeout: int,
        graceful_timeout: int,
        max_requests: int,
        max_requests_jitter: int,
        worker_memory: int,
        worker_address_space: int,
        **options: Any,
    ) -> None:
        # The task worker with the scheduled jobs (notify's ``worker``: no cron needed).
        worker = subprocess.Popen([sys.executable, "-m", "guanai.cli", "worker"], env=worker_env())
        server = subprocess.Popen(
            gunicorn_command(
                host=host,
                port=port,
                workers=workers,
                timeout=timeout,
                graceful_timeout=graceful_timeout,
                max_requests=max_requests,
                max_requests_jitter=max_requests_jitter,
            ),
            env=gunicorn_env(
                worker_memory=worker_memory,
                worker_address_space=worker_address_space,
                timeout=timeout,
            ),
        )

        def stop(*_: Any) -> None:
            for process in (server, worker):
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            server.wait()
        finally:
            stop()
            worker.wait(timeout=graceful_timeout + 10)

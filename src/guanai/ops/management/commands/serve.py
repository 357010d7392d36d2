"""``guanai serve``: gunicorn with whitenoise, and the background-task worker beside it."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Guanai with gunicorn and run the background-task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--workers", default="3")

    def handle(self, *args: Any, host: str, port: str, workers: str, **options: Any) -> None:
        worker = subprocess.Popen([sys.executable, "-m", "guanai.cli", "db_worker"])
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "guanai.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                workers,
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "5",
            ]
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
            worker.wait(timeout=10)

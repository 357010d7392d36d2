"""Run Guanai in other processes against the test database of the running test.

Backups, restores and concurrent writers are only proven when another process sees the
same database, so these helpers hand a child the test database (SQLite file or
PostgreSQL test database) through ``DATABASE_URL``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connection

REPO = Path(__file__).resolve().parents[2]
GUANAI = Path(sys.executable).with_name("guanai")


def database_url(settings_dict: dict[str, Any]) -> str:
    """Return a DATABASE_URL naming the same database as ``settings_dict``."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def child_env() -> dict[str, str]:
    """Return the environment for a child process that uses this test's database."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "guanai.settings_test"
    env["DATABASE_URL"] = database_url(connection.settings_dict)
    return env


def guanai(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the ``guanai`` console script on the test database and return its result."""
    return subprocess.run(
        [str(GUANAI), *args],
        env=child_env(),
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def released_together(module: str, argument_lists: list[list[str]]) -> list[dict[str, Any]]:
    """Start ``python -m module *arguments`` once per list on this test's database; when every
    one has printed "ready", send each "go" so they act at the same moment; return the JSON
    report each prints on its last line."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", module, *arguments],
            env=child_env(),
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for arguments in argument_lists
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            if line.strip() != "ready":
                _, stderr = process.communicate(timeout=60)
                raise AssertionError(f"{module} did not start: {line}{stderr}")
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        reports = []
        for process in processes:
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
            reports.append(json.loads(stdout.strip().splitlines()[-1]))
        return reports
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()


class Writers:
    """Writer processes (tests/ops/writer.py) on the test database, started together."""

    def __init__(self, count: int, *, seconds: float, parent_pk: int) -> None:
        self.processes = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.ops.writer", str(n), str(seconds), str(parent_pk)],
                env=child_env(),
                cwd=REPO,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(count)
        ]

    def start(self) -> None:
        """Wait until every writer has set Django up, then let them all write at once."""
        for process in self.processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            if line.strip() != "ready":
                _, stderr = process.communicate(timeout=30)
                raise AssertionError(f"writer did not start: {line}{stderr}")
        for process in self.processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()

    def reports(self) -> list[dict[str, Any]]:
        """Wait for every writer and return their JSON reports."""
        reports = []
        for process in self.processes:
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
            reports.append(json.loads(stdout.strip().splitlines()[-1]))
        return reports

    def stop(self) -> None:
        """Kill writers still running (after a failed assertion)."""
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.communicate()

"""What every benchmark of ``make bench`` shares: where its files go, the settings set-up,
timing, ``migrate``, throwaway PostgreSQL databases and the pieces of RESULTS.md."""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_VAR = ROOT / "var" / "bench"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
GUANAI = Path(sys.executable).with_name("guanai")
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
POSTGRES_DB = "guanai_bench"


def configure(database_url: str) -> None:
    """Point the settings at the bench database and set Django up.

    The environment is set before ``django.setup()`` because the settings read it at
    import; child processes (``guanai import-orgs``) inherit the same environment.
    """
    # STATIC_ROOT, so that whitenoise does not warn about a missing folder.
    (BENCH_VAR / "static").mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "guanai.settings",
            "DATABASE_URL": database_url,
            "GUANAI_VAR_DIR": str(BENCH_VAR),
            # Served by the test client over plain HTTP, without collected static files.
            "GUANAI_HTTPS": "0",
            "ALLOWED_HOSTS": "testserver",
            "GUANAI_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "DEBUG": "0",
        }
    )
    import django

    django.setup()


# --- Measuring -------------------------------------------------------------------------


@dataclass
class Timing:
    """The median and fastest of several runs, in milliseconds, and SQL statements per run."""

    median_ms: float
    best_ms: float
    queries: int
    rows: int
    runs: int

    def cells(self) -> list[str]:
        return [f"{self.median_ms:.2f}", f"{self.best_ms:.2f}", str(self.queries), str(self.rows)]


def measure(work: Callable[[], int], runs: int) -> Timing:
    """Run ``work`` (which returns a row count) ``runs`` times after one warm-up run."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # The query log keeps the last 9,000 statements only; a full log counts nothing.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        rows = work()  # warm-up, also counts the statements
    # Read the count now: the capture is a lazy slice of a log that requests clear.
    queries = len(captured)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return Timing(statistics.median(times), min(times), queries, rows, runs)


# --- Building --------------------------------------------------------------------------


def migrate() -> float:
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return time.perf_counter() - start


def startup_seconds() -> float:
    """Return how long ``guanai`` takes to start and set Django up (``guanai version``)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([str(GUANAI), "version"], capture_output=True, check=True)  # noqa: S603
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@contextmanager
def throwaway_postgres(suffix: str) -> Iterator[str]:
    """Yield the URL of a PostgreSQL database made for one benchmark and dropped after it,
    or why there is none (PostgreSQL not reachable)."""
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        yield f"PostgreSQL not reachable at {safe_url(POSTGRES_URL)}: {exc}".strip()
        return
    database = f"{POSTGRES_DB}_{suffix}"
    try:
        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {database}")
        yield urlunsplit(urlsplit(POSTGRES_URL)._replace(path=f"/{database}"))
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.close()


def safe_url(url: str) -> str:
    """Return the URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


# --- Report ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    import django

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "Date": datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "Load average at start (1, 5, 15 min)": load,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "SQLite": sqlite3.sqlite_version,
    }


def busy_note(load: float) -> list[str]:
    """Warn when other work shared the CPU at the start: times are then high and noisy."""
    cores = os.cpu_count() or 1
    if load <= cores:
        return []
    return [
        f"The machine was busy with other work (load {load:.1f} on {cores} cores): absolute "
        "times are inflated and noisy; the ratios and statement counts are what to compare.",
        "",
    ]


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


TIMING_HEADERS = ["median ms", "best ms", "SQL statements", "rows"]


def splice(text: str, heading: str, new: list[str]) -> str:
    """Replace the section under ``heading`` of RESULTS.md with ``new`` (or put it before
    "Reading the figures")."""
    block = "\n".join(new).rstrip("\n") + "\n\n"
    if heading in text:
        start = text.index(heading)
        end = text.find("\n## ", start + len(heading))
        return text[:start] + block + (text[end + 1 :] if end != -1 else "")
    marker = "## Reading the figures"
    if marker in text:
        at = text.index(marker)
        return text[:at] + block + text[at:]
    return text.rstrip("\n") + "\n\n" + block


def write_alone(
    heading: str, new: list[str], *, command: str, name: str, started: dict[str, str]
) -> None:
    """Print a section measured on its own (``command``) with the machine it ran on
    (``started``: ``machine()`` read before the measuring began, so that its load average is
    the one at the start), and with ``--section`` put it in RESULTS.md in place of the
    section ``heading``."""
    info = started
    new[1:1] = [
        "",
        f"Measured on its own (`{command}`) on {info['Date']}: {info['CPU']}, "
        f"{info['Cores']} cores, Python {info['Python']}, Django {info['Django']}; load "
        f"average (1, 5, 15 min) {info['Load average at start (1, 5, 15 min)']} at the start "
        f"and {', '.join(f'{x:.1f}' for x in os.getloadavg())} at the end. The other "
        "sections are from the full run dated above.",
    ]
    print("\n".join(new))
    if "--section" in sys.argv:
        RESULTS.write_text(splice(RESULTS.read_text(encoding="utf-8"), heading, new), "utf-8")
        print(f"Updated the {name} section of {RESULTS}.")

"""The load test of a county's day (issue 24): ``make bench-load`` or
``python bench/load.py --size tiny|small|county [--knee] [--reuse]``.

1. Builds the county of the size (``load_data``) in a database of its own: SQLite
   ``var/bench/load-SIZE.sqlite3``, or PostgreSQL ``guanai_bench_load_SIZE`` (at
   BENCH_POSTGRES_URL; kept after the run, so ``--reuse`` skips the build — a reused
   database holds the previous run's writes).
2. Starts ``guanai serve`` (gunicorn and the task worker) on a free port with
   ``WORKERS`` gunicorn workers, its log in ``var/bench/load-SIZE/server.log``.
3. Runs Locust headless (``locustfile.py``): the size's helpers, clerks and leaders for its
   minutes, or with ``--knee`` users stepped ×1.5 every 60 s until p95 crosses 1 s.
   Meanwhile a background thread runs two roster imports (``guanai import-roster``) and one
   payment roll (``load.py --roll-child``: ``rolls.roll_generate`` for the county) as
   subprocesses beside the server, as the task worker would.
4. Samples the CPU of the server's processes, Locust and the jobs (psutil), reads the
   database's own statistics, counts the errors in the server's log, and writes its
   section of RESULTS.md (``load_report``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import harness
import load_report
from load_data import SIZES, Size
from load_measure import CpuMeter, database_stats, describe_database

BENCH = Path(__file__).resolve().parent
CORES = os.cpu_count() or 2
# docs/operations.md recommends no worker count; gunicorn's rule (2 × cores + 1) it is.
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", str(2 * CORES + 1)))
WORKERS_WHY = (
    "BENCH_LOAD_WORKERS"
    if "BENCH_LOAD_WORKERS" in os.environ
    else "2 × cores + 1: the operations guide recommends no count; `guanai serve` defaults to 3"
)
# The knee mode's steps; BENCH_LOAD_KNEE="start,factor,step_seconds,max_users" overrides.
KNEE = dict(
    zip(
        ("start", "factor", "step", "max_users"),
        (float(x) for x in os.environ.get("BENCH_LOAD_KNEE", "20,1.5,60,2000").split(",")),
        strict=True,
    )
)


def paths(size: Size) -> dict[str, Path]:
    folder = harness.BENCH_VAR / f"load-{size.name}"
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "folder": folder,
        "plan": folder / "plan.json",
        "samples": folder / "samples.tsv",
        "log": folder / "server.log",
        "sqlite": harness.BENCH_VAR / f"load-{size.name}.sqlite3",
    }


def database_url(size: Size, fresh: bool) -> str:
    if size.engine == "sqlite":
        sqlite = paths(size)["sqlite"]
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{sqlite}"
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"{harness.POSTGRES_DB}_load_{size.name}"
    if fresh:
        with psycopg.connect(harness.POSTGRES_URL, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(harness.POSTGRES_URL)._replace(path=f"/{name}"))


def server_env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "guanai.settings",
        "DATABASE_URL": url,
        "GUANAI_VAR_DIR": str(harness.BENCH_VAR),
        "GUANAI_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GUANAI_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DEBUG": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(BENCH),
    }


# --- Children: the build and the payment roll, each with Django set up ---------------------


def build_child(size: Size, plan_path: Path) -> None:
    harness.configure(os.environ["DATABASE_URL"])
    import load_data
    import roster_data

    harness.migrate()
    plan = load_data.build(size)
    rows = roster_data.roster_rows(2 * size.import_rows)
    for n in range(2):
        path = plan_path.with_name(f"roster-{n + 1}.xlsx")
        roster_data.write_roster(path, rows[n * size.import_rows : (n + 1) * size.import_rows])
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")


def roll_child() -> None:
    harness.configure(os.environ["DATABASE_URL"])
    from django.utils import timezone

    from guanai.accounts.models import User
    from guanai.benefits.rolls import roll_generate, roll_summary
    from guanai.orgs.models import OrgUnit

    county = OrgUnit.objects.get(code="513322")
    leader = User.objects.filter(username__startswith="load_leader").order_by("pk").first()
    roll = roll_generate(
        acting_user=leader, org_unit=county, month=timezone.localdate().replace(day=1)
    )
    lines = sum(count for _item, count, _amount in roll_summary(roll))
    print(f"{lines:,} lines")


# --- The run --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"guanai serve did not answer {url} within {seconds:.0f} s")


def background_jobs(
    size: Size,
    env: dict[str, str],
    seconds: float,
    meter: CpuMeter,
    done: list[dict[str, Any]],
    stop: threading.Event,
) -> None:
    """Two roster imports and one payment roll at set moments of the run."""
    folder = paths(size)["folder"]
    guanai = str(harness.GUANAI)
    jobs = [
        (
            0.2,
            f"roster import 1 ({size.import_rows:,} rows)",
            [guanai, "import-roster", str(folder / "roster-1.xlsx"), "--org", "513322"],
        ),
        (
            0.35,
            "payment roll of the county",
            [sys.executable, str(BENCH / "load.py"), "--roll-child"],
        ),
        (
            0.5,
            f"roster import 2 ({size.import_rows:,} rows)",
            [guanai, "import-roster", str(folder / "roster-2.xlsx"), "--org", "513322"],
        ),
    ]
    began = time.monotonic()
    for fraction, what, command in jobs:
        if stop.wait(max(0.0, began + fraction * seconds - time.monotonic())):
            return
        at = time.monotonic() - began
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        meter.watch("background jobs", process.pid)
        out, err = process.communicate()
        result = (
            out.strip().splitlines()[-1]
            if process.returncode == 0 and out.strip()
            else (f"exit {process.returncode}: {err.strip()[-300:]}")
        )
        done.append(
            {
                "what": what,
                "at": at,
                "seconds": time.monotonic() - began - at,
                "result": result,
                "ok": process.returncode == 0,
            }
        )


def start_replica(url: str) -> Any:
    """Start a streaming replica of the cluster holding ``url`` (the standby the router's
    tests use, ``tests/support/standby.py``), with the primary's memory settings."""
    from urllib.parse import urlsplit

    import psycopg

    sys.path.insert(0, str(BENCH.parent))
    from tests.support.standby import primary_settings, start_standby

    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cursor:
        major, copied = primary_settings(cursor)
        own = {}
        for name in ("shared_buffers", "effective_cache_size", "work_mem"):
            cursor.execute(f"SHOW {name}")
            own[name] = f"'{cursor.fetchone()[0]}'"
    return start_standby(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        major=major,
        copied=copied,
        overrides=own,
    )


def run(
    size: Size, *, knee: bool, reuse: bool, minutes: float | None, replica: bool = False
) -> dict[str, Any]:
    files = paths(size)
    fresh = not (reuse and files["plan"].exists())
    url = database_url(size, fresh)
    env = server_env(url)
    if replica and size.engine != "postgresql":
        raise SystemExit("--replica needs PostgreSQL (--size county)")
    if fresh:
        print(f"Building the {size.name} county ({size.persons:,} persons) …", flush=True)
        subprocess.run(  # noqa: S603 - our own script
            [sys.executable, str(BENCH / "load.py"), "--build-child", size.name],
            env=env,
            check=True,
        )
    plan = json.loads(files["plan"].read_text(encoding="utf-8"))
    standby = None
    if replica:
        print("Starting a streaming replica of the cluster …", flush=True)
        standby = start_replica(url)
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(url)
        env["DATABASE_REPLICA_URL"] = urlunsplit(
            parts._replace(netloc=f"{parts.username or 'postgres'}@127.0.0.1:{standby.port}")
        )
    port = free_port()
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    log = files["log"].open("w")
    server = subprocess.Popen(  # noqa: S603
        [
            str(harness.GUANAI),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    meter = CpuMeter()
    jobs: list[dict[str, Any]] = []
    stop = threading.Event()
    try:
        wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        meter.watch("server (gunicorn + task worker)", server.pid)
        meter.start()
        seconds = (minutes if minutes is not None else size.minutes) * 60
        files["samples"].write_text("")
        locust_env = {**env, "LOAD_PLAN": str(files["plan"]), "LOAD_SAMPLES": str(files["samples"])}
        users = f"{size.helpers},{size.clerks},{size.leaders}"
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(BENCH / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "10",
        ]
        if knee:
            locust_env["LOAD_KNEE"] = ",".join(
                str(KNEE[k]) for k in ("start", "factor", "step", "max_users")
            )
            seconds = 60 * 60  # at most: the harness stops at the knee
        else:
            locust_env["LOAD_USERS"] = users
            total = size.helpers + size.clerks + size.leaders
            command += ["-u", str(total), "-r", str(max(1, total // 60)), "-t", f"{int(seconds)}s"]
        stats_before = database_stats(url, size.engine)
        started = time.time()
        locust = subprocess.Popen(command, env=locust_env, start_new_session=True)  # noqa: S603
        meter.watch("Locust (the load generator)", locust.pid)
        thread = threading.Thread(
            target=background_jobs,
            args=(size, env, 300 if knee else seconds, meter, jobs, stop),
            daemon=True,
        )
        thread.start()
        peak, knee_steps = 0, []
        while locust.poll() is None:
            time.sleep(5)
            if size.engine == "postgresql":
                peak = max(peak, database_stats(url, size.engine)["connections"])
            if knee:
                samples = load_report.read_samples(files["samples"])
                knee_steps = load_report.knee_steps(samples, started, KNEE["step"])
                done = [s for s in knee_steps[:-1] if s["p95"] > load_report.KNEE_MS]
                if done:
                    os.killpg(locust.pid, signal.SIGTERM)
                    locust.wait(60)
        ended = time.time()
        stop.set()
        thread.join(timeout=600)
        stats_after = database_stats(url, size.engine)
        cpu = meter.totals()
    finally:
        stop.set()
        meter.stopped.set()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(60)
        log.close()
        if standby is not None:
            standby.stop()
    samples = load_report.read_samples(files["samples"])
    measured = ended - started
    report: dict[str, Any] = {
        "size": plan["size"],
        "engine": "PostgreSQL" if size.engine == "postgresql" else "SQLite",
        "date": datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "locust": subprocess.run(  # noqa: S603 - the installed locust
            [command[0], "--version"], capture_output=True, text=True, check=False
        ).stdout.split()[1],
        "workers": WORKERS,
        # What settings.py makes of the environment the server was given.
        "conn_max_age": int(env.get("CONN_MAX_AGE", "600")),
        "replica": (
            f"a streaming replica on this machine (started in {standby.seconds_to_start:.0f} s)"
            if standby is not None
            else None
        ),
        "workers_why": WORKERS_WHY,
        "cores": CORES,
        "load_before": load_before,
        "build_seconds": plan["build_seconds"],
        "jobs": jobs,
        "seconds": measured,
        "users": (
            "stepped (knee mode), helpers:clerks:leaders 300:40:10"
            if knee
            else f"{size.helpers} helpers, {size.clerks} clerks, {size.leaders} leaders"
        ),
        "requests": len(samples),
        "failures": sum(not s.ok for s in samples),
        "requests_per_s": len(samples) / measured if measured else 0.0,
        "kinds": load_report.summarise(samples),
        "failure_statuses": load_report.failure_statuses(samples),
        "log_errors": load_report.log_errors(files["log"].read_text(errors="replace")),
        "cpu": cpu,
        "database": describe_database(
            size.engine, stats_before, stats_after, peak, files["sqlite"]
        ),
    }
    if knee:
        steps = load_report.knee_steps(samples, started, KNEE["step"])
        for step in steps:
            step["users"] = round(KNEE["start"] * KNEE["factor"] ** step["step"])
        crossed = next((s for s in steps if s["p95"] > load_report.KNEE_MS), None)
        verdict = (
            f"**Knee**: p95 crossed 1 s at {crossed['users']} users, "
            f"{crossed['requests_per_s']:.1f} requests/s."
            if crossed
            else "p95 never crossed 1 s within the steps run."
        )
        report["knee"] = {**KNEE, "steps": steps, "verdict": verdict}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--knee", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the built database")
    parser.add_argument("--minutes", type=float, help="length of the steady run")
    parser.add_argument("--no-section", action="store_true", help="do not write RESULTS.md")
    parser.add_argument(
        "--replica",
        action="store_true",
        help="serve with DATABASE_REPLICA_URL: a streaming replica started for the run",
    )
    parser.add_argument("--build-child", choices=sorted(SIZES))
    parser.add_argument("--roll-child", action="store_true")
    args = parser.parse_args()
    if args.build_child:
        build_child(SIZES[args.build_child], paths(SIZES[args.build_child])["plan"])
        return
    if args.roll_child:
        roll_child()
        return
    report = run(
        SIZES[args.size],
        knee=args.knee,
        reuse=args.reuse,
        minutes=args.minutes,
        replica=args.replica,
    )
    (paths(SIZES[args.size])["folder"] / "report.json").write_text(
        json.dumps(report, indent=1, default=str)
    )
    lines = load_report.section(report)
    print("\n".join(lines))
    if not args.no_section:
        text = harness.RESULTS.read_text(encoding="utf-8")
        harness.RESULTS.write_text(
            harness.splice(text, load_report.heading(report), lines), encoding="utf-8"
        )


if __name__ == "__main__":
    main()

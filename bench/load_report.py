"""The load test's figures: percentiles from Locust's samples, the server log's errors, and
the section of RESULTS.md (``load.py`` measures; this file only reads and writes)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Not an interactive page: the login hashes the password (Argon2) on purpose.
NOT_INTERACTIVE = frozenset({"login"})
TARGET_MS = 300
KNEE_MS = 1000


@dataclass(frozen=True)
class Sample:
    at: float
    kind: str
    ms: float
    ok: bool
    status: int


def read_samples(path: Path) -> list[Sample]:
    """Read the lines written by ``locustfile._sample`` (time, kind, ms, ok, status)."""
    samples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 5:
            samples.append(
                Sample(float(parts[0]), parts[1], float(parts[2]), parts[3] == "1", int(parts[4]))
            )
    return samples


def percentile(values: list[float], q: float) -> float:
    """Return the ``q``-th percentile (nearest rank) of ``values``, sorted or not.

    >>> percentile([5, 1, 4, 2, 3], 50)
    3
    >>> percentile(list(range(1, 101)), 95)
    95
    >>> percentile([], 95)
    0.0
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(samples: list[Sample]) -> dict[str, dict[str, float]]:
    """Per kind (and "all interactive"): count, failures, p50/p95/p99 and max in ms.

    >>> s = [Sample(0, "worklist", 100, True, 200), Sample(1, "worklist", 300, False, 500)]
    >>> summarise(s)["worklist"]["failures"], summarise(s)["worklist"]["p95"]
    (1, 300.0)
    """
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
        if sample.kind not in NOT_INTERACTIVE and sample.kind != "login page":
            by_kind["all interactive"].append(sample)
    out = {}
    for kind, group in sorted(by_kind.items()):
        times = [s.ms for s in group]
        out[kind] = {
            "count": len(group),
            "failures": sum(not s.ok for s in group),
            "p50": float(percentile(times, 50)),
            "p95": float(percentile(times, 95)),
            "p99": float(percentile(times, 99)),
            "max": max(times),
        }
    return out


def failure_statuses(samples: list[Sample]) -> dict[str, int]:
    """Failures counted by kind and status ("worklist 500": 3)."""
    counts: dict[str, int] = defaultdict(int)
    for sample in samples:
        if not sample.ok:
            counts[f"{sample.kind} {sample.status or 'no response'}"] += 1
    return dict(sorted(counts.items()))


def log_errors(text: str) -> dict[str, int]:
    """Count what went wrong in the server's log: "database is locked", tracebacks, 5xx
    responses in gunicorn's access log, workers killed by the timeout.

    >>> log_errors('x "GET /care/ HTTP/1.1" 500 12\\nOperationalError: database is locked\\n')
    {'database is locked': 1, 'tracebacks': 0, 'HTTP 5xx (access log)': 1, 'worker timeouts': 0}
    """
    return {
        "database is locked": text.count("database is locked"),
        "tracebacks": text.count("Traceback (most recent call last)"),
        "HTTP 5xx (access log)": len(re.findall(r'" 5\d\d ', text)),
        "worker timeouts": text.count("WORKER TIMEOUT"),
    }


def knee_steps(samples: list[Sample], start: float, step: float) -> list[dict[str, float]]:
    """Group the interactive samples by step of the knee mode: users, requests/s, p95."""
    steps: dict[int, list[Sample]] = defaultdict(list)
    for sample in samples:
        if sample.kind not in NOT_INTERACTIVE and sample.kind != "login page":
            steps[int((sample.at - start) // step)].append(sample)
    out = []
    for n in sorted(steps):
        group = steps[n]
        times = [s.ms for s in group]
        out.append(
            {
                "step": n,
                "requests_per_s": len(group) / step,
                "p50": float(percentile(times, 50)),
                "p95": float(percentile(times, 95)),
                "failures": sum(not s.ok for s in group),
            }
        )
    return out


def heading(report: dict[str, Any]) -> str:
    size = report["size"]
    mode = ", knee" if report.get("knee") else ""
    # A run with one connection per request (the "before" of issue 24 point 2) keeps its
    # own section beside the run with the default persistent connections.
    if report.get("conn_max_age") == 0:
        mode += ", one connection per request"
    if report.get("replica"):
        mode += ", read replica"
    return f"## Load test of a county's day — {size['name']} ({report['engine']}{mode})"


def connections(report: dict[str, Any]) -> str:
    age = report.get("conn_max_age")
    text = f"Database connections: persistent, `CONN_MAX_AGE` {age} s with health checks."
    if age == 0:
        text = (
            "Database connections: one per request (`CONN_MAX_AGE=0`, as before issue 24 point 2)."
        )
    if report.get("replica"):
        text += (
            f" `DATABASE_REPLICA_URL`: {report['replica']}, sharing its cores; the dashboards, "
            "KPI pages and the API's reports read it (`core.db_router`)."
        )
    return text


def section(report: dict[str, Any]) -> list[str]:
    """The RESULTS.md section of one run of ``load.py``."""
    size = report["size"]
    lines = [heading(report), ""]
    if size["name"] == "tiny":
        lines += [
            "**Tiny smoke run, not the acceptance figures**: it proves that the harness works end "
            "to end (`python bench/load.py --size tiny`); the acceptance figures are those of "
            "`--size small` (SQLite) and `--size county` (PostgreSQL).",
            "",
        ]
    lines += [
        f"Measured {report['date']} by `bench/load.py --size {size['name']}"
        f"{' --knee' if report.get('knee') else ''}` (Locust {report['locust']}, headless, "
        f"`bench/locustfile.py`) against `guanai serve` with {report['workers']} gunicorn "
        f"workers ({report['workers_why']}) on {report['cores']} cores; load average "
        f"{report['load_before']} before the run. Locust runs on the same machine and takes "
        f"its share of the CPU (below).",
        "",
        f"Data: {size['persons']:,} persons, {size['records']:,} care records on "
        f"{report['engine']} (`bench/load_data.py`, built in "
        f"{sum(report['build_seconds'].values()):.0f} s). Users: {report['users']}. Think "
        "times: helpers 20–60 s, clerks 5–15 s, leaders 10–30 s between actions. During the "
        "run, in the harness's background thread as subprocesses beside the server: "
        + "; ".join(
            f"{job['what']} at {job['at']:.0f} s took {job['seconds']:.1f} s ({job['result']})"
            for job in report["jobs"]
        )
        + ".",
        "",
        connections(report),
        "",
    ]
    if report.get("knee"):
        lines += [
            f"Users stepped ×{report['knee']['factor']} every {report['knee']['step']:.0f} s "
            f"from {report['knee']['start']:.0f}; p95 of the interactive pages per step "
            "(login excluded):",
            "",
            "| step | users | requests/s | p50 ms | p95 ms | failures |",
            "|---|---|---|---|---|---|",
        ]
        for step in report["knee"]["steps"]:
            lines.append(
                f"| {step['step']} | {step['users']} | {step['requests_per_s']:.1f} | "
                f"{step['p50']:.0f} | {step['p95']:.0f} | {step['failures']} |"
            )
        lines += ["", report["knee"]["verdict"], ""]
    lines += [
        f"Held {report['requests_per_s']:.1f} requests/s over {report['seconds']:.0f} s "
        f"({report['requests']:,} requests, {report['failures']} failed). Target: p95 under "
        f"{TARGET_MS} ms for every interactive page.",
        "",
        "| kind | requests | failed | p50 ms | p95 ms | p99 ms | max ms | p95 under 300 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, s in report["kinds"].items():
        ok = (
            "—"
            if kind in NOT_INTERACTIVE or kind == "login page"
            else ("yes" if s["p95"] < TARGET_MS else "**no**")
        )
        lines.append(
            f"| {kind} | {s['count']:,} | {s['failures']} | {s['p50']:.0f} | {s['p95']:.0f} | "
            f"{s['p99']:.0f} | {s['max']:.0f} | {ok} |"
        )
    errors = ", ".join(f"{k}: {v}" for k, v in report["log_errors"].items())
    failures = ", ".join(f"{k} ×{v}" for k, v in report["failure_statuses"].items()) or "none"
    lines += [
        "",
        f"Errors in the server's log: {errors}. Failed requests by kind and status: {failures}.",
        "",
        "CPU seconds (user + system, `psutil`, summed over every process seen): "
        + ", ".join(f"{k} {v:.1f}" for k, v in report["cpu"].items())
        + f" — of {report['cores']} × {report['seconds']:.0f} s = "
        f"{report['cores'] * report['seconds']:.0f} CPU-seconds available.",
        "",
        f"Database: {report['database']}",
        "",
    ]
    return lines

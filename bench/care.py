"""The care benchmark (issue 4): work list and early warnings for a county with 100,000
persons and 2,000,000 care records, on PostgreSQL; target under 200 ms per page.

Run by ``bench/run.py`` in a database of its own (``--care-child``): ``care_data.load``
builds the county, early warnings are detected once (timed: the nightly job), then each
page is requested through ``django.test.Client`` — middleware, session, scoping, the
queries and the template, as a browser would get it — and timed over repeated runs.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from typing import Any

RUNS = 15
TARGET_MS = 200


def _page(client: Any, url: str, runs: int = RUNS) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # warm-up, and the statement count
    assert response.status_code == 200, (url, response.status_code)
    queries = len(captured)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "median_ms": statistics.median(times),
        "best_ms": min(times),
        "worst_ms": max(times),
        "queries": queries,
        "bytes": len(response.content),
    }


def child() -> None:
    """Build the load in the (fresh) database of DATABASE_URL, time the pages, report."""
    import harness  # the bench's settings set-up

    harness.configure(os.environ["DATABASE_URL"])
    import care_data
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from guanai.accounts.models import Role
    from guanai.accounts.services import user_create
    from guanai.care.models import CareWarning
    from guanai.care.warnings import detect
    from guanai.core.actors import SYSTEM

    harness.migrate()
    today = timezone.localdate()
    start = time.perf_counter()
    loaded = care_data.load(today)
    load_seconds = time.perf_counter() - start
    county = loaded["county"]
    leader = user_create(
        acting_user=SYSTEM,
        username="bench_leader",
        full_name="县负责人",
        password="Bench-pass-2026",  # noqa: S106 - a throwaway database
        org_unit=county,
        role=Role.LEADER,
        must_change_password=False,
    )
    start = time.perf_counter()
    detected = detect(county, today=today)
    detect_seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    helper = loaded["users"][len(loaded["users"]) // 2]
    pages: dict[str, dict[str, Any]] = {}
    as_helper = Client()
    as_helper.force_login(helper)
    pages["work list of a helper (50 persons)"] = _page(as_helper, "/care/")
    as_leader = Client()
    as_leader.force_login(leader)
    pages["work list of the county, all persons (page 1)"] = _page(as_leader, "/care/?all=1")
    pages["work list of the county, all persons (page 2,000)"] = _page(
        as_leader, "/care/?all=1&page=2000"
    )
    pages["early warnings of the county (page 1)"] = _page(as_leader, "/care/warnings/")
    pages["early warnings of the county (page 50)"] = _page(as_leader, "/care/warnings/?page=50")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    report = {
        "version": version,
        "persons": care_data.PERSONS,
        "records": care_data.RECORDS,
        "load_seconds": load_seconds,
        "detect_seconds": detect_seconds,
        "detected": vars(detected) if hasattr(detected, "__dict__") else str(detected),
        "open_warnings": CareWarning.objects.filter(status="open").count(),
        "pages": pages,
    }
    print(json.dumps(report, ensure_ascii=False, default=str))


def section(report: dict[str, Any] | str) -> list[str]:
    lines = [
        "## Care: work list and early warnings (PostgreSQL)",
        "",
    ]
    if isinstance(report, str):
        return [*lines, report, ""]
    lines += [
        f"PostgreSQL {report['version']}; a county of {report['persons']:,} persons (every one "
        f"paired, one helper per 50) and {report['records']:,} care records over the last 12 "
        f"months, loaded by COPY in {report['load_seconds']:.0f} s (`bench/care_data.py`). "
        f"Detecting the early warnings of the whole county (the nightly job) took "
        f"{report['detect_seconds']:.1f} s and left {report['open_warnings']:,} open. Each page "
        f"is a full request through `django.test.Client`, {RUNS} runs after a warm-up; "
        f"target under {TARGET_MS} ms.",
        "",
        "| page | median ms | best ms | worst ms | SQL statements | under 200 ms |",
        "|---|---|---|---|---|---|",
    ]
    for label, t in report["pages"].items():
        ok = "yes" if t["median_ms"] < TARGET_MS else "**no**"
        lines.append(
            f"| {label} | {t['median_ms']:.1f} | {t['best_ms']:.1f} | {t['worst_ms']:.1f} | "
            f"{t['queries']} | {ok} |"
        )
    return [*lines, ""]


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    child()

"""The payment-roll benchmark (issue 5): a county's monthly roll for 1,000,000 persons on
PostgreSQL and 100,000 on SQLite; target under 60 s for the million.

Each engine runs in a fresh database and a process of its own (``child``):

* **build** — a county of 20 townships × (15 villages + 2 schools), then the persons,
  their categories and granted entitlements, each written by one ``INSERT … SELECT`` over a
  numbers series (``generate_series`` on PostgreSQL, a recursive CTE on SQLite): building
  a million persons through the services would take hours, and it is the roll that is
  measured. Every 20 persons: 6 scattered and 2 centralised orphans, 1 orphan without a
  support mode (a gap), 5 intellectually disabled at home, 1 mildly disabled (nothing),
  1 disabled in centralised care (nothing), 2 one-child-aid grants for 2 persons (one
  also severely disabled), 1 scattered orphan also disabled, 1 archived orphan; every
  second person is also a left-behind child. Local standards: the county raises the
  scattered-orphan standard, a township raises it again, a village raises Sunshine Home.
* **generate** — ``rolls.roll_generate`` for the county and the current month (create),
  then again (a draft regenerated: its lines deleted and written again);
* **review** — ``roll_submit`` and ``roll_approve``;
* **reads** — the first and a late page of ``roll_lines`` through a ``Paginator``, the
  summary and the gap count.

``run.py`` runs both engines and writes the section of RESULTS.md; ``python
bench/benefits.py --section`` runs them alone and replaces only this section there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from benefits_data import LINES_PER_20, PAYABLE_PER_20, build

PERSONS = {"sqlite": 100_000, "postgresql": 1_000_000}
TARGET_SECONDS = 60
HEADING = "## Payment roll (benefits)"


def _timed(work: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _page(roll: Any, number: int, *, counted: bool = False) -> dict[str, Any]:
    """Time one page of the roll's lines: with ``RollLinesPaginator`` (the roll's own line
    count), or ``counted`` with a plain ``Paginator`` (a ``COUNT(*)`` of the lines)."""
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guanai.benefits.rolls import RollLinesPaginator, roll_lines

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        paginator = Paginator(roll_lines(roll), 50) if counted else RollLinesPaginator(roll)
        page = paginator.page(number)
        rows = [(line.person.name, line.amount) for line in page]
        ms = (time.perf_counter() - start) * 1000
    return {"ms": ms, "queries": len(captured), "rows": len(rows)}


def child() -> None:
    """Build the load in the fresh database of DATABASE_URL, time the roll, report."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness  # the bench's settings set-up

    harness.configure(os.environ["DATABASE_URL"])
    from django.db import connection
    from django.utils import timezone

    from guanai.benefits.rolls import (
        roll_approve,
        roll_gaps_count,
        roll_generate,
        roll_submit,
        roll_summary,
    )

    persons = int(os.environ.get("BENCH_BENEFITS_PERSONS", PERSONS[connection.vendor]))
    report: dict[str, Any] = {"engine": connection.vendor, "persons": persons}
    report["migrate_seconds"] = harness.migrate()
    start = time.perf_counter()
    built = build(persons)
    report["build_seconds"] = time.perf_counter() - start
    report["build"] = built["timings"]
    report["categories"] = built["categories"]
    county, leader = built["county"], built["leader"]
    month = timezone.localdate().replace(day=1)
    report["load"] = os.getloadavg()[0]
    roll, report["generate_seconds"] = _timed(
        lambda: roll_generate(acting_user=leader, org_unit=county, month=month)
    )
    roll, report["regenerate_seconds"] = _timed(
        lambda: roll_generate(acting_user=leader, org_unit=county, month=month)
    )
    submitted, report["submit_seconds"] = _timed(
        lambda: roll_submit(acting_user=leader, roll=roll, version=roll.version)
    )
    approved, report["approve_seconds"] = _timed(
        lambda: roll_approve(acting_user=leader, roll=submitted, version=submitted.version)
    )
    report["lines"] = approved.lines_count
    report["payable_persons"] = approved.persons_count
    report["total"] = str(approved.total)
    report["expected_lines"] = persons // 20 * LINES_PER_20
    report["expected_persons"] = persons // 20 * PAYABLE_PER_20
    report["page_counted"] = _page(approved, 1, counted=True)
    report["page_1"] = _page(approved, 1)
    report["page_last"] = _page(approved, -(-approved.lines_count // 50))
    summary, report["summary_seconds"] = _timed(lambda: roll_summary(approved))
    report["summary"] = [[code, lines, str(amount)] for code, lines, amount in summary]
    report["gaps"], report["gaps_seconds"] = _timed(lambda: roll_gaps_count(approved))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            report["version"] = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        import sqlite3

        report["version"] = f"SQLite {sqlite3.sqlite_version}"
    print(json.dumps(report, ensure_ascii=False))


# --- The parent side: run by bench/run.py -------------------------------------------------


def run_child(database_url: str, persons: int) -> dict[str, Any] | str:
    """Run ``child`` in a new process on ``database_url``; return its report or why not."""
    result = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--child"],
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "BENCH_BENEFITS_PERSONS": str(persons),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return f"The payment-roll benchmark failed:\n{result.stderr[-2000:]}"
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def bench_all() -> dict[str, dict[str, Any] | str]:
    """Run the roll on SQLite (100,000 persons) and PostgreSQL (1,000,000), fresh databases."""
    import harness

    reports: dict[str, dict[str, Any] | str] = {}
    sqlite_file = harness.BENCH_VAR / "benefits.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    print(f"Payment roll of {PERSONS['sqlite']:,} persons on SQLite …", flush=True)
    reports["SQLite"] = run_child(f"sqlite:///{sqlite_file}", PERSONS["sqlite"])
    with harness.throwaway_postgres("benefits") as url:
        if url.startswith("postgres"):
            print(f"Payment roll of {PERSONS['postgresql']:,} persons on PostgreSQL …", flush=True)
            reports["PostgreSQL"] = run_child(url, PERSONS["postgresql"])
        else:
            reports["PostgreSQL"] = url
    return reports


def check(reports: dict[str, dict[str, Any] | str]) -> None:
    """Fail loudly when the roll came out wrong, so no figure is of a broken run."""
    for engine, report in reports.items():
        assert not isinstance(report, str), (engine, report)
        assert report["lines"] == report["expected_lines"], (engine, report)
        assert report["payable_persons"] == report["expected_persons"], (engine, report)


def section(reports: dict[str, dict[str, Any] | str]) -> list[str]:
    """Return the RESULTS.md section of the payment roll on each engine."""
    lines = [
        HEADING,
        "",
        "A county's monthly payment roll generated by `benefits.rolls.roll_generate`: one "
        "`INSERT … SELECT` of the union of one queryset per item, one `UPDATE` per local "
        "standard inside the county, one aggregate (`bench/benefits.py`). The persons, "
        "categories (orphans with and without a support mode, disabled persons at home and "
        "in care, left-behind children) and one-child-aid grants are written by "
        "`INSERT … SELECT` over a numbers series in a fresh database; 18 lines per 20 persons, "
        "1 in 20 archived. Each step runs once, as a clerk would run it. Pages of 50 lines go "
        "through the selector and `RollLinesPaginator` (the roll's stored line count, one "
        "statement a page; the last page is an `OFFSET` past every line); *counted* is page 1 "
        "through a plain `Paginator`, whose `COUNT(*)` of the lines costs more than the page. "
        f"Target: under {TARGET_SECONDS} s for the million on PostgreSQL.",
        "",
    ]
    rows = []
    for engine, report in reports.items():
        if isinstance(report, str):
            lines += [f"**{engine}**: {report}", ""]
            continue
        ok = "yes" if report["generate_seconds"] < TARGET_SECONDS else "**no**"
        rows.append(
            [
                report["version"],
                f"{report['persons']:,}",
                f"{report['categories']:,}",
                f"{report['build_seconds']:.0f}",
                f"{report['lines']:,}",
                f"¥{Decimal(report['total']):,.2f}",
                f"{report['generate_seconds']:.1f}",
                f"{report['regenerate_seconds']:.1f}",
                f"{report['submit_seconds'] + report['approve_seconds']:.2f}",
                f"{report['page_1']['ms']:.0f} / {report['page_last']['ms']:.0f} "
                f"({report['page_1']['queries']} / {report['page_last']['queries']})",
                f"{report['page_counted']['ms']:.0f} ({report['page_counted']['queries']})",
                f"{report['summary_seconds']:.2f}",
                f"{report['gaps_seconds']:.2f} ({report['gaps']:,})",
                ok if engine == "PostgreSQL" else "",
                f"{report['load']:.1f}",
            ]
        )
    if rows:
        headers = [
            "engine",
            "persons",
            "categories",
            "build s",
            "lines",
            "total",
            "generate s",
            "regenerate s",
            "submit + approve s",
            "lines page 1 / last, ms (SQL)",
            "page 1 counted, ms (SQL)",
            "summary s",
            "gap count s (gaps)",
            f"under {TARGET_SECONDS} s",
            "load at start",
        ]
        lines += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append("")
    return lines


def main() -> None:
    if "--child" in sys.argv:
        child()
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness

    reports = bench_all()
    new = section(reports)
    print("\n".join(new))
    if "--section" in sys.argv:
        harness.RESULTS.write_text(
            harness.splice(harness.RESULTS.read_text(encoding="utf-8"), HEADING, new), "utf-8"
        )
        print(f"Updated the payment-roll section of {harness.RESULTS}.")
    check(reports)


if __name__ == "__main__":
    main()

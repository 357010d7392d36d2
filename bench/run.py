"""Every benchmark, one after the other, into bench/RESULTS.md: ``make bench``.

This file only runs them in order and writes the results; each benchmark lives beside it:

* ``tree`` — the org hierarchy on a synthetic tree of 6,500 units (``synthetic``): the
  subtree query against its alternatives, ``accounts.scoping.org_units_visible``, the org
  list page and ``guanai import-orgs`` on SQLite, the subtree query on PostgreSQL (a child
  process, ``run.py --postgres-child``); ``tree_results`` writes its sections;
* ``roster`` — the 100,000-row roster import against its floor (``roster_data``);
* ``care`` — the care work list and warnings on PostgreSQL (``care_data``);
* ``benefits`` — the payment roll on SQLite and PostgreSQL (``benefits_data``);
* ``reports`` — the fact table and dashboards on PostgreSQL (``reports_data``);
* ``crosscheck`` — a list of N rows matched against N persons on SQLite and PostgreSQL
  (``crosscheck_data``); alone: ``make bench-crosscheck``;
* ``exports`` — a 100,000-row roster and a 900,000-line bank workbook streamed by the
  background job, beside XlsxWriter alone (``exports_data``); alone: ``make bench-exports``.
* ``partitions`` — removing the oldest 6 months of a 6,000,000-row access log on PostgreSQL:
  ``guanai archive-logs``' partition drop against a ``DELETE``; alone:
  ``make bench-partitions``.
* ``load`` — the load test of a county's day (Locust against ``guanai serve``; ``load_data``,
  ``locustfile``, ``load_measure``, ``load_report``), run by ``make bench`` after this file
  and alone by ``make bench-load``; its sections are kept when this file rewrites RESULTS.md.

``harness`` holds what they share: the settings set-up, timing, ``migrate`` and the
throwaway PostgreSQL databases (BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432/). ``python bench/run.py roster`` runs only the roster
import and replaces its section. Speed targets live here, not in tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import benefits
import care
import crosscheck
import exports as exports_bench
import partitions as partitions_bench
import reports as reports_bench
import roster
import synthetic
import tree
import tree_results
from harness import (
    BENCH_VAR,
    RESULTS,
    ROOT,
    busy_note,
    configure,
    machine,
    migrate,
    startup_seconds,
    table,
    throwaway_postgres,
)


def roster_bench() -> dict[str, dict[str, Any] | str]:
    """Import the generated rosters on SQLite and on PostgreSQL, each run in a fresh database:
    in process and as the ``guanai import-roster`` command (``bench/roster.py``)."""
    sqlite_file = BENCH_VAR / "roster.sqlite3"

    @contextmanager
    def fresh_sqlite() -> Iterator[str]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
        yield f"sqlite:///{sqlite_file}"

    return roster.runs(
        BENCH_VAR,
        {"SQLite": fresh_sqlite, "PostgreSQL": lambda: throwaway_postgres("roster")},
    )


def care_bench() -> dict[str, Any] | str:
    """Run ``bench/care.py`` in a PostgreSQL database made for it; return its report."""
    with throwaway_postgres("care") as url:
        if not url.startswith("postgres"):
            return url
        print("Care work list and warnings on PostgreSQL (100,000 persons) …", flush=True)
        result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [sys.executable, str(Path(__file__).with_name("care.py"))],
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if result.returncode != 0:
            return f"The care benchmark failed:\n{result.stderr[-2000:]}"
        report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        return report


def write_results(data: dict[str, Any]) -> str:
    info: dict[str, str] = data["machine"]
    lines = [
        "# Benchmark results",
        "",
        "Produced by `make bench` (`bench/run.py`); the file is rewritten on every run.",
        "Times are wall-clock medians of repeated runs in one process after a warm-up run.",
        "",
        "## Machine",
        "",
        *table(["", ""], [[k, v] for k, v in info.items()]),
        "",
        *busy_note(data["load"]),
    ]
    lines += tree_results.section(data)
    lines += roster.section(data["roster"])
    lines += care.section(data["care"])
    lines += benefits.section(data["benefits"])
    lines += reports_bench.section(data["reports"])
    lines += crosscheck.section(data["crosscheck"])
    lines += exports_bench.section(data["exports"])
    lines += partitions_bench.section(data["partitions"])
    lines += kept_load_sections()
    lines += ["## Reading the figures", "", *tree_results.conclusions(data), ""]
    text = "\n".join(lines)
    RESULTS.write_text(text, encoding="utf-8")
    return text


def kept_load_sections() -> list[str]:
    """The load test's sections of the old RESULTS.md (``load.py`` writes them, after this
    run in ``make bench``): kept, not wiped, when the file is rewritten."""
    if not RESULTS.exists():
        return []
    kept = []
    for part in RESULTS.read_text(encoding="utf-8").split("\n## ")[1:]:
        if part.startswith("Load test of a county's day"):
            kept += ("## " + part.rstrip("\n") + "\n").splitlines()
    return kept


def main() -> None:
    if "--postgres-child" in sys.argv:
        tree.postgres_child()
        return
    if sys.argv[1:] == ["roster"]:
        roster_only()
        return
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tree.SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    configure(f"sqlite:///{tree.SQLITE_FILE}")
    data: dict[str, Any] = {"machine": machine(), "load": os.getloadavg()[0]}
    print("Migrating the bench database …", flush=True)
    data["migrate_seconds"] = migrate()
    data["units"], data["load_seconds"] = tree.load_tree()
    print(f"Loaded {data['units']:,} units in {data['load_seconds']:.2f} s", flush=True)
    users = tree.bench_users()
    print("Subtree queries …", flush=True)
    data["subtrees"] = tree.bench_subtrees(runs=30)
    data["explain"] = tree.explain_subtree("513301")
    data["lookups"] = tree.explain_lookups()
    print("Scoping and the org list page …", flush=True)
    data["scoping"] = tree.bench_scoping(users, runs=30)
    data["pages"] = tree.bench_org_list(users, runs=15)
    print("Importing 2,000 rows twice …", flush=True)
    synthetic.write_import_csv(tree.IMPORT_CSV, tree.IMPORT_ROWS)
    data["startup"] = startup_seconds()
    data["imports"] = [tree.run_import(), tree.run_import()]
    print("PostgreSQL …", flush=True)
    data["postgres"] = tree.postgres_bench()
    data["roster"] = roster_bench()
    data["care"] = care_bench()
    data["benefits"] = benefits.bench_all()
    data["reports"] = reports_bench.bench()
    data["crosscheck"] = crosscheck.bench_all()
    data["exports"] = exports_bench.bench_all()
    data["partitions"] = partitions_bench.bench()
    text = write_results(data)
    print(text)
    print(f"\nWrote {RESULTS.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s.")
    first, again = data["imports"]
    # The bench fails loudly when what it measures went wrong, so numbers are never of
    # a broken run.
    assert first.returncode == 0 and first.created == tree.IMPORT_ROWS, first
    assert again.returncode == 0 and again.created == 0, again
    assert not isinstance(data["care"], str), data["care"]
    benefits.check(data["benefits"])
    reports_bench.check(data["reports"])
    crosscheck.check(data["crosscheck"])
    exports_bench.check(data["exports"])
    partitions_bench.check(data["partitions"])
    check_roster(data["roster"])


def check_roster(reports: dict[str, dict[str, Any] | str]) -> None:
    for engine, report in reports.items():
        assert not isinstance(report, str), (engine, report)
        assert report["import"]["created"] == roster.ROWS, (engine, report)
        assert report["again"]["unchanged"] == roster.ROWS, (engine, report)


def roster_only() -> None:
    """Run only the roster-import benchmark and replace its section of RESULTS.md."""
    # The rosters are written with the template's headers, which need Django.
    configure(f"sqlite:///{BENCH_VAR / 'roster.sqlite3'}")
    info = machine()
    reports = roster_bench()
    lines = roster.section(reports)
    lines[1:1] = [
        "",
        f"Measured on its own (`python bench/run.py roster`) on {info['Date']}: "
        f"{info['CPU']}, {info['Cores']} cores, Python {info['Python']}, SQLite "
        f"{info['SQLite']}; load average (1, 5, 15 min) "
        f"{info['Load average at start (1, 5, 15 min)']} at the start and "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} at the end. The other sections "
        "are from the full run dated above.",
    ]
    text = RESULTS.read_text()
    start = text.index("## Roster import")
    end = text.index("\n## ", start) + 1
    RESULTS.write_text(text[:start] + "\n".join(lines) + "\n" + text[end:])
    print("\n".join(lines))
    check_roster(reports)


if __name__ == "__main__":
    main()

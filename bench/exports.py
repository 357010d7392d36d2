"""The exports benchmark (issue 24, point 5): a roster export of 100,000 rows and a payment
roll's bank workbook of 900,000 lines, each written as the background job writes it
(``registry.export_jobs.roster_export_run``, ``benefits.roll_export.roll_export_run``:
streamed, XlsxWriter's constant-memory mode, the rows read 2,000 at a time), beside
XlsxWriter alone writing as many rows of the same cells (no database). Target: at least
10,000 rows/s and under 300 MB of memory.

Each step is a process of its own (``--child <step>``), so that its peak memory
(``ru_maxrss``) is its own: *build* makes the county in a fresh database
(``exports_data.fill``: 100,000 persons for the roster, exported with the filter "all",
so the archived twentieth too; 1,000,000 persons for the roll, 18 lines per 20 persons),
*roster* and *roll* export as the worker does, *xlsx-roster* and *xlsx-roll* write with XlsxWriter
alone. ``run.py`` runs it on SQLite and PostgreSQL and writes the section of RESULTS.md;
``python bench/exports.py --section`` (``make bench-exports``) runs it alone and replaces
only this section there; ``--sqlite-only`` skips PostgreSQL.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROSTER_PERSONS = 100_000
ROLL_PERSONS = 1_000_000  # 18 lines per 20 persons: 900,000 lines
TARGET_RATE = 10_000
TARGET_MB = 300
HEADING = "## Exports at scale (exports)"
# The figures before the writers read plain values (commit 24c089f: model instances, every
# number the ORM read decrypted one by one), measured on SQLite only on 2026-12-07, load 4-5.
BEFORE = (
    "Before (commit 24c089f, the writers building model instances and decrypting every number "
    "the ORM read, one by one; SQLite 3.40.1 only, 2026-12-07, load average 4–5): roster "
    "100,000 rows in 40.9 s, 2,446 rows/s, 3.5× XlsxWriter alone's time, 244 MB peak; bank "
    "900,000 lines in 99.4 s, 9,053 rows/s, 1.5× alone, 214 MB peak."
)
NOTE = (
    "Where XlsxWriter alone writes fewer than 10,000 rows/s (a busy machine), no xlsx export "
    "in Python meets the rate target there: compare *export / alone*. PostgreSQL is run by "
    "`make bench` and `make bench-exports` (not `--sqlite-only`)."
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _child_build(kind: str) -> dict[str, Any]:
    import harness
    from django.db import connection
    from exports_data import fill

    from guanai.benefits.rolls import roll_generate

    report: dict[str, Any] = {"migrate_seconds": harness.migrate()}
    persons = ROSTER_PERSONS if kind == "roster" else ROLL_PERSONS
    start = time.perf_counter()
    built = fill(persons)
    if kind == "roll":
        roll = roll_generate(
            acting_user=built["leader"],
            org_unit=built["county"],
            month=_month(),
        )
        report["roll"] = roll.pk
        report["lines"] = roll.lines_count
    report["persons"] = persons
    report["build_seconds"] = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            report["version"] = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        import sqlite3

        report["version"] = f"SQLite {sqlite3.sqlite_version}"
    return report


def _month() -> Any:
    from django.utils import timezone

    return timezone.localdate().replace(day=1)


def _child_export(kind: str, roll_id: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guanai.accounts.models import User
    from guanai.benefits.roll_export import roll_export_run
    from guanai.registry.export_jobs import roster_export_run
    from guanai.sheets import export_jobs

    leader = User.objects.get(username="bench_leader")
    if kind == "roster":
        params = {"q": "", "category": "", "unit": None, "school_class": ""}
        params |= {"status": "", "full": True, "purpose": "基准测试"}
        run = roster_export_run
    else:
        params = {"roll": roll_id, "full": True, "purpose": "基准测试"}
        run = roll_export_run
    job_kind = "roster" if kind == "roster" else "payment_roll"
    job = export_jobs.create(
        user=leader, kind=job_kind, file_name="bench.xlsx", total=0, params=params
    )
    before = _peak_mb()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        job = run(job)
    seconds = time.perf_counter() - start
    assert job.status == "done", job.message
    path = Path(job.path)
    report = {
        "rows": job.done,
        "seconds": seconds,
        "queries": len(queries),
        "bytes": path.stat().st_size,
        "baseline_mb": before,
        "peak_mb": _peak_mb(),
    }
    path.unlink()
    return report


def _roster_cells(n: int) -> list[str]:
    """A roster row as the export writes it (the general template's 25 columns)."""
    return [
        str(n), f"人{n}", "男", "513322195001011234", "1950-01-01", "", "13812345678", "",
        "留守儿童、孤儿", "", "", "", "", f"监护人{n}", "祖母", "13812345678", "", "", "",
        "", "", "", "", "", "",
    ]  # fmt: skip


def _child_xlsx(kind: str, rows: int) -> dict[str, Any]:
    """Write ``rows`` rows of the export's cells with XlsxWriter alone (constant memory)."""
    import harness
    import xlsxwriter

    path = harness.BENCH_VAR / f"xlsx-{kind}.xlsx"
    before = _peak_mb()
    start = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("bench")
    text = book.add_format({"num_format": "@"})
    money = book.add_format({"num_format": "#,##0.00"})
    for r in range(1, rows + 1):
        if kind == "roster":
            for col, value in enumerate(_roster_cells(r)):
                if value:
                    sheet.write_string(r + 1, col, value, text)
        else:
            sheet.write_number(r + 1, 0, r)
            for col, value in enumerate(
                (f"人{r}", "513322195001011234", "农业银行泸定支行", "6228480012345678901",
                 f"人{r}", "散居孤儿基本生活费"),
                start=1,
            ):  # fmt: skip
                sheet.write_string(r + 1, col, value, text)
            sheet.write_number(r + 1, 7, 650.0, money)
    book.close()
    seconds = time.perf_counter() - start
    report = {
        "rows": rows,
        "seconds": seconds,
        "bytes": path.stat().st_size,
        "baseline_mb": before,
        "peak_mb": _peak_mb(),
    }
    path.unlink()
    return report


def child() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness

    step, kind = sys.argv[sys.argv.index("--child") + 1].split("-", 1)
    if step == "xlsx":
        harness.configure("sqlite:///:memory:")  # the same process start as the others
        report = _child_xlsx(kind, int(os.environ["BENCH_EXPORT_ROWS"]))
    else:
        harness.configure(os.environ["DATABASE_URL"])
        if step == "build":
            report = _child_build(kind)
        else:
            report = _child_export(kind, int(os.environ.get("BENCH_EXPORT_ROLL", "0")))
    report["load"] = os.getloadavg()[0]
    print(json.dumps(report, ensure_ascii=False))


# --- The parent side -----------------------------------------------------------------------


def _run(step: str, env: dict[str, str]) -> dict[str, Any]:
    print(f"  {step} …", flush=True)
    result = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--child", step],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{result.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def engine_run(fresh: Any) -> dict[str, Any] | str:
    """Build and export on one engine: ``fresh()`` gives a new empty database's URL."""
    report: dict[str, Any] = {}
    try:
        with fresh("roster") as url:
            if not url.startswith(("postgres", "sqlite")):
                return url
            report["roster_build"] = _run("build-roster", {"DATABASE_URL": url})
            report["roster"] = _run("export-roster", {"DATABASE_URL": url})
        with fresh("roll") as url:
            built = _run("build-roll", {"DATABASE_URL": url})
            report["roll_build"] = built
            env = {"DATABASE_URL": url, "BENCH_EXPORT_ROLL": str(built["roll"])}
            report["roll"] = _run("export-roll", env)
    except RuntimeError as exc:
        return str(exc)
    return report


def bench_all(*, postgres: bool = True) -> dict[str, Any]:
    from contextlib import contextmanager

    import harness

    @contextmanager
    def fresh_sqlite(name: str) -> Any:
        path = harness.BENCH_VAR / f"exports-{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        yield f"sqlite:///{path}"

    harness.BENCH_VAR.mkdir(parents=True, exist_ok=True)
    reports: dict[str, Any] = {}
    print("Exports on SQLite …", flush=True)
    reports["SQLite"] = engine_run(fresh_sqlite)
    if postgres:
        print("Exports on PostgreSQL …", flush=True)
        reports["PostgreSQL"] = engine_run(
            lambda name: harness.throwaway_postgres(f"exports_{name}")
        )
    print("XlsxWriter alone …", flush=True)
    reports["xlsx"] = {
        kind: _run(f"xlsx-{kind}", {"BENCH_EXPORT_ROWS": str(rows)})
        for kind, rows in (("roster", ROSTER_PERSONS), ("roll", ROLL_PERSONS * 18 // 20))
    }
    return reports


def check(reports: dict[str, Any]) -> None:
    """Fail loudly when an export came out wrong, so no figure is of a broken run."""
    for engine, report in reports.items():
        if engine == "xlsx":
            continue
        assert not isinstance(report, str), (engine, report)
        assert report["roster"]["rows"] == ROSTER_PERSONS, (engine, report["roster"])
        assert report["roll"]["rows"] == report["roll_build"]["lines"] == 900_000, engine


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}"


def section(reports: dict[str, Any]) -> list[str]:
    lines = [
        HEADING,
        "",
        "Each export written as the background job writes it (`bench/exports.py`): the "
        "roster of a county's 100,000 persons as its leader exports it with full numbers "
        "(`registry.export_jobs.roster_export_run`: the persons 2,000 at a time as plain "
        "values with their current categories and contacts, a guardian each, the chunk's ID "
        "and phone numbers decrypted in one call) and a payment roll of 900,000 lines "
        "(1,000,000 persons) in the bank layout (`benefits.roll_export.roll_export_run`: the "
        "lines 2,000 at a time with person and account, 16 in 20 with a bank account, "
        "decrypted the same way). Every row's numbers are decrypted for that row, as real "
        "rows are (the bench stores one ciphertext per number, repeated). Both stream to a "
        "private file with "
        "XlsxWriter's constant-memory mode and write their progress to the job every 2,000 "
        "rows. *XlsxWriter alone*: as many rows of the same cells and formats written with "
        "constant memory and no database, the floor of any xlsx export in Python. Memory: "
        "the process's peak resident size (`ru_maxrss`), each step a process of its own; "
        "*start* is that of the process after Django's set-up, before the export. Each run "
        f"once. Target: ≥ {TARGET_RATE:,} rows/s and under {TARGET_MB} MB.",
        "",
    ]
    headers = [
        "engine",
        "export",
        "rows",
        "seconds",
        "rows/s",
        "SQL",
        "MB peak (start)",
        "file MB",
        "target met",
        "XlsxWriter alone: s, rows/s, MB peak",
        "export / alone",
        "build s",
        "load",
    ]
    rows = []
    alone = reports.get("xlsx", {})
    for engine, report in reports.items():
        if engine == "xlsx":
            continue
        if isinstance(report, str):
            lines += [f"**{engine}**: {report}", ""]
            continue
        for kind, label in (("roster", "roster"), ("roll", "bank (payment roll)")):
            r, built, floor = report[kind], report[f"{kind}_build"], alone[kind]
            rate = r["rows"] / r["seconds"]
            met = rate >= TARGET_RATE and r["peak_mb"] < TARGET_MB
            rows.append(
                [
                    built["version"],
                    label,
                    f"{r['rows']:,}",
                    f"{r['seconds']:.1f}",
                    _rate(r["rows"], r["seconds"]),
                    str(r["queries"]),
                    f"{r['peak_mb']:.0f} ({r['baseline_mb']:.0f})",
                    f"{r['bytes'] / 1e6:.1f}",
                    "yes" if met else "**no**",
                    f"{floor['seconds']:.1f}, {_rate(floor['rows'], floor['seconds'])}, "
                    f"{floor['peak_mb']:.0f}",
                    f"{r['seconds'] / floor['seconds']:.1f}×",
                    f"{built['build_seconds']:.0f}",
                    f"{r['load']:.1f}",
                ]
            )
    if rows:
        lines += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines += ["", BEFORE, "", NOTE, ""]
    return lines


def main() -> None:
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        return
    if "--child" in sys.argv:
        child()
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness

    started = harness.machine()
    reports = bench_all(postgres="--sqlite-only" not in sys.argv)
    harness.write_alone(
        HEADING, section(reports), command="make bench-exports", name="exports", started=started
    )
    check(reports)


if __name__ == "__main__":
    main()

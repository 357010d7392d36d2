"""The log-retention benchmark (issue 24, point 4): removing the oldest 6 months of a 12-month
access log on PostgreSQL as ``guanai archive-logs`` does it (each month copied to a gzip CSV
file, then its partition detached and dropped: ``core.log_archive``) against a ``DELETE … WHERE
at < …`` of the same rows from a plain table holding the same rows with the same indexes,
followed by the ``VACUUM`` that makes their space reusable; and the tables' sizes after.

The log is ``BENCH_PARTITION_MONTHS_ROWS`` rows a month (default 500,000: 6,000,000 rows),
written with ``generate_series`` in a throwaway database (``harness.throwaway_postgres``),
in the 12 months ending 6 months ago, so that ``archive-logs`` accepts the cut-off. The
benchmark runs in a child process (``--child``) of its own. ``run.py`` writes its section;
``python bench/partitions.py --section`` (``make bench-partitions``) runs it alone and
replaces only this section in RESULTS.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HEADING = "## Log retention: partition drop against DELETE (partitions)"
ROWS_PER_MONTH = int(os.environ.get("BENCH_PARTITION_MONTHS_ROWS", "500000"))
MONTHS = 12
REMOVED = 6
INDEXES = (
    "CREATE INDEX ON bench_plain (at)",
    "CREATE INDEX ON bench_plain (action, at)",
    "CREATE INDEX ON bench_plain (username)",
    "CREATE INDEX ON bench_plain (username varchar_pattern_ops)",
    "CREATE INDEX ON bench_plain (user_id)",
)


def _sql(statement: str, params: Any = None) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return list(cursor.fetchall()) if cursor.description else []


def _size(table: str) -> int:
    """Bytes of ``table`` with its indexes (of its partitions, for a partitioned one)."""
    found = _sql(
        "SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits "
        "WHERE inhparent = %s::regclass",
        [table],
    )[0][0]
    return int(found) or int(_sql("SELECT pg_total_relation_size(%s::regclass)", [table])[0][0])


def _timed(statement: str) -> float:
    start = time.perf_counter()
    _sql(statement)
    return time.perf_counter() - start


def _build(first: Any) -> dict[str, Any]:
    """The plain table first (with generate_series), its indexes, then the same rows copied
    into the partitioned access log, whose months' partitions the daily job makes."""
    from guanai.core import partitions
    from guanai.core.months import add_months

    rows = ROWS_PER_MONTH * MONTHS
    start = time.perf_counter()
    _sql("CREATE TABLE bench_plain (LIKE core_accesslog INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    _sql("ALTER TABLE bench_plain ALTER COLUMN id DROP DEFAULT")
    # Rows spread evenly over each month, local time (Asia/Shanghai).
    for n in range(MONTHS):
        month = add_months(first, n)
        _sql(
            "INSERT INTO bench_plain (id, at, username, action, object_type, object_id, "
            "object_repr, detail, ip, user_id) "
            "SELECT %s * %s + i + 1, (%s::timestamp AT TIME ZONE 'Asia/Shanghai') + "
            "(i * ((%s::timestamp + interval '1 month') - %s::timestamp) / %s), "
            "'clerk' || (i %% 1000), 'read', 'registry.person', i::text, '张三 ' || i, "
            "jsonb_build_object('page', i %% 50), NULL, NULL FROM generate_series(0, %s - 1) i",
            [n, ROWS_PER_MONTH, month, month, month, ROWS_PER_MONTH, ROWS_PER_MONTH],
        )
    _sql("ALTER TABLE bench_plain ADD PRIMARY KEY (id)")
    for statement in INDEXES:
        _sql(statement)
    plain_seconds = time.perf_counter() - start
    partitions.ensure_partitions(months_ahead=MONTHS - 1, today=first)
    start = time.perf_counter()
    _sql("INSERT INTO core_accesslog SELECT * FROM bench_plain")
    _sql("SELECT setval('core_accesslog_id_seq', (SELECT max(id) FROM core_accesslog))")
    partitioned_seconds = time.perf_counter() - start
    _sql("VACUUM ANALYZE bench_plain")
    _sql("VACUUM ANALYZE core_accesslog")
    count = _sql("SELECT count(*) FROM core_accesslog")[0][0]
    assert count == rows, (count, rows)
    return {"rows": rows, "plain_s": plain_seconds, "partitioned_s": partitioned_seconds}


def child() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness

    harness.configure(os.environ["DATABASE_URL"])
    harness.migrate()
    from django.utils import timezone

    from guanai.core import log_archive
    from guanai.core.months import add_months, month_bounds, this_month

    now = this_month(timezone.localdate())
    first = add_months(now, -(MONTHS + 5))
    cutoff = add_months(first, REMOVED)
    report: dict[str, Any] = {"build": _build(first), "cutoff": f"{cutoff:%Y-%m}"}
    hi = month_bounds(cutoff)[0]
    removed = _sql("SELECT count(*) FROM bench_plain WHERE at < %s", [hi])[0][0]
    assert removed == ROWS_PER_MONTH * REMOVED, removed
    report["removed"] = removed
    report["sizes_before"] = {"partitioned": _size("core_accesslog"), "plain": _size("bench_plain")}

    # The partitioned log: archive-logs, with the time of its removals (detach, drop) apart.
    dropping = [0.0]
    remove = log_archive._remove

    def timed_remove(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return remove(*args, **kwargs)
        finally:
            dropping[0] += time.perf_counter() - start

    log_archive._remove = timed_remove  # type: ignore[assignment]
    folder = harness.BENCH_VAR / "archive"
    start = time.perf_counter()
    done = log_archive.archive_logs(cutoff, to=folder)
    report["archive_logs_s"] = time.perf_counter() - start
    report["drop_s"] = dropping[0]
    report["archived_rows"] = done.total
    report["archive_bytes"] = sum(path.stat().st_size for path in done.files)
    for path in done.files:
        path.unlink()
    left = _sql("SELECT count(*) FROM core_accesslog WHERE at < %s", [hi])[0][0]
    assert done.total == removed and left == 0, (done.total, removed, left)

    # The plain table: the same rows deleted, then vacuumed.
    report["delete_s"] = _timed(f"DELETE FROM bench_plain WHERE at < '{hi.isoformat()}'")  # noqa: S608 - our names, not input
    report["vacuum_s"] = _timed("VACUUM bench_plain")
    report["sizes_after"] = {"partitioned": _size("core_accesslog"), "plain": _size("bench_plain")}
    report["postgres"] = _sql("SHOW server_version")[0][0]
    report["load"] = os.getloadavg()[0]
    print(json.dumps(report))


def bench() -> dict[str, Any] | str:
    """Run the child in a throwaway PostgreSQL database; its report, or why there is none."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness

    print("Log retention: partition drop against DELETE …", flush=True)
    with harness.throwaway_postgres("partitions") as url:
        if not url.startswith("postgres"):
            return url
        result = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--child"],
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        return f"The partitions benchmark failed:\n{result.stderr[-3000:]}"
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def check(report: dict[str, Any] | str) -> None:
    assert not isinstance(report, str), report
    assert report["archived_rows"] == report["removed"], report


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f}"


def section(report: dict[str, Any] | str) -> list[str]:
    from harness import table

    lines = [HEADING, ""]
    if isinstance(report, str):
        return [*lines, report, ""]
    build = report["build"]
    lines += [
        f"An access log of {build['rows']:,} rows ({MONTHS} months of {ROWS_PER_MONTH:,}) on "
        f"PostgreSQL {report['postgres']}, the oldest {REMOVED} months "
        f"({report['removed']:,} rows, before {report['cutoff']}) removed: from the "
        "partitioned `core_accesslog` by `guanai archive-logs` (each month written to a gzip "
        "CSV file with `COPY`, then its partition detached and dropped), and from a plain "
        "table of the same rows and indexes by `DELETE … WHERE at < …` and `VACUUM`. "
        f"Built in {build['plain_s']:.0f} s (plain) and {build['partitioned_s']:.0f} s "
        f"(copied into the partitions); load average {report['load']:.1f} at the end.",
        "",
    ]
    parts, plain = report["sizes_before"], report["sizes_after"]
    rows = [
        [
            "partitioned: detach + drop (archive-logs' removal)",
            f"{report['drop_s']:.2f}",
            _mb(parts["partitioned"]),
            _mb(plain["partitioned"]),
        ],
        [
            "partitioned: all of archive-logs (the gzip CSV archive, "
            f"{_mb(report['archive_bytes'])} MB, and the drop)",
            f"{report['archive_logs_s']:.1f}",
            _mb(parts["partitioned"]),
            _mb(plain["partitioned"]),
        ],
        ["plain: DELETE", f"{report['delete_s']:.1f}", _mb(parts["plain"]), "—"],
        [
            "plain: DELETE + VACUUM",
            f"{report['delete_s'] + report['vacuum_s']:.1f}",
            _mb(parts["plain"]),
            _mb(plain["plain"]),
        ],
    ]
    lines += table(["removal", "seconds", "MB before", "MB after"], rows)
    ratio = (report["delete_s"] + report["vacuum_s"]) / max(report["drop_s"], 1e-6)
    lines += [
        "",
        f"The drop is {ratio:,.0f} times faster than DELETE + VACUUM and gives the space back "
        "to the system at once; the plain table keeps its size after the DELETE and VACUUM "
        "(the space is only reusable by new rows: giving it back needs `VACUUM FULL`, which "
        "locks the table). The DELETE also writes every removed row to the WAL and leaves "
        "the indexes to clean. Archiving is most of `archive-logs`' time; it reads only the "
        "months removed.",
        "",
    ]
    return lines


def main() -> None:
    if "--child" in sys.argv:
        child()
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness

    started = harness.machine()
    report = bench()
    harness.write_alone(
        HEADING,
        section(report),
        command="make bench-partitions",
        name="partitions",
        started=started,
    )
    check(report)


if __name__ == "__main__":
    main()

"""What the load test measures beside Locust (``load.py``): the CPU of the server's
processes, Locust and the background jobs (psutil), and the database's own counters."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any


class CpuMeter(threading.Thread):
    """Sum the CPU seconds of process trees (by label), sampling every 2 s: a gunicorn
    worker recycled after its max requests is counted up to its last sample."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.roots: dict[str, int] = {}
        self.seen: dict[tuple[str, int], float] = {}
        self.stopped = threading.Event()

    def watch(self, label: str, pid: int) -> None:
        self.roots[f"{label}#{pid}"] = pid

    def sample(self) -> None:
        import psutil

        for key, pid in list(self.roots.items()):
            try:
                root = psutil.Process(pid)
                for process in [root, *root.children(recursive=True)]:
                    times = process.cpu_times()
                    self.seen[(key, process.pid)] = times.user + times.system
            except psutil.Error:
                continue

    def run(self) -> None:
        while not self.stopped.wait(2):
            self.sample()

    def totals(self) -> dict[str, float]:
        self.sample()
        out: dict[str, float] = {}
        for (key, _pid), seconds in self.seen.items():
            label = key.split("#")[0]
            out[label] = out.get(label, 0.0) + seconds
        return out


def database_stats(url: str, engine: str) -> dict[str, Any]:
    """A snapshot of the database's own counters (PostgreSQL), to subtract."""
    if engine != "postgresql":
        return {}
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT xact_commit, xact_rollback, blks_read, blks_hit, tup_returned, tup_fetched, "
            "tup_inserted, tup_updated, deadlocks, blk_read_time, blk_write_time, active_time, "
            "idle_in_transaction_time, sessions FROM pg_stat_database WHERE datname = "
            "current_database()"
        ).fetchone()
        names = [
            "xact_commit",
            "xact_rollback",
            "blks_read",
            "blks_hit",
            "tup_returned",
            "tup_fetched",
            "tup_inserted",
            "tup_updated",
            "deadlocks",
            "blk_read_time",
            "blk_write_time",
            "active_time",
            "idle_in_transaction_time",
            "sessions",
        ]
        stats = dict(zip(names, row, strict=True))
        has_pss = conn.execute(
            "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'"
        ).fetchone()[0]
        if has_pss:
            stats["statements_ms"] = conn.execute(
                "SELECT sum(total_exec_time) FROM pg_stat_statements"
            ).fetchone()[0]
        stats["connections"] = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        ).fetchone()[0]
    return stats


def describe_database(
    engine: str, before: dict[str, Any], after: dict[str, Any], peak: int, sqlite: Path
) -> str:
    if engine != "postgresql":
        size = sum(
            Path(f"{sqlite}{s}").stat().st_size
            for s in ("", "-wal")
            if Path(f"{sqlite}{s}").exists()
        )
        return (
            f"SQLite in the server's processes (its time is inside their CPU above); the "
            f"file and its WAL hold {size / 2**20:.0f} MB after the run."
        )
    d = {k: (after[k] or 0) - (before[k] or 0) for k in before if k != "connections"}
    used = ("`pg_stat_statements` (statement time) and " if "statements_ms" in d else "") + (
        "`pg_stat_database` (no `pg_stat_statements`: not in shared_preload_libraries)"
    )
    return (
        f"from {used}: {d['active_time'] / 1000:.1f} s executing statements"
        + (
            f" ({d['statements_ms'] / 1000:.1f} s by pg_stat_statements)"
            if "statements_ms" in d
            else ""
        )
        + f", {d['idle_in_transaction_time'] / 1000:.1f} s idle in transaction, "
        f"{d['xact_commit']:,} commits, {d['xact_rollback']:,} rollbacks, {d['deadlocks']} "
        f"deadlocks, {d['blks_read']:,} blocks read from disk against {d['blks_hit']:,} from "
        f"the cache ({d['blk_read_time']:.0f} ms reading), {d['sessions']:,} sessions opened "
        f"(CONN_MAX_AGE={os.environ.get('CONN_MAX_AGE', '600')}), at most {peak} connections "
        "at once."
    )

"""The database settings (``guanai.settings`` calls ``database_settings``): SQLite by
default, PostgreSQL from ``DATABASE_URL``, persistent connections, the web workers'
statement timeout and the optional read replica (issue 24)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def database_settings(sqlite_path: Path) -> tuple[dict[str, Any], int]:
    """Return ``DATABASES`` and ``GUANAI_STATEMENT_TIMEOUT_SECONDS`` from the environment."""
    # SQLite in WAL mode is the embedded default. IMMEDIATE transactions take the write lock
    # at BEGIN, so two writers queue on the busy timeout instead of failing with
    # "database is locked" when a read transaction tries to upgrade.
    # Persistent connections (issue 24 point 2): each gunicorn worker keeps its connection for
    # CONN_MAX_AGE seconds instead of opening one per request — on PostgreSQL a new server
    # process and a log-in each time, on SQLite the PRAGMAs below and a cold page cache. The
    # health check drops, before a request uses it, a connection the server has closed (a
    # restart of PostgreSQL fails no request). CONN_MAX_AGE=0 opens one per request again.
    databases = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or f"sqlite:///{sqlite_path}",
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
            conn_health_checks=True,
        )
    }
    if databases["default"]["ENGINE"] == "django.db.backends.sqlite3":
        databases["default"]["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=30000;"
                # 64 MB of page cache per connection (SQLite's default is 2 MB): a county's
                # roster and its indexes stay in memory, which an import of 100,000 rows needs.
                "PRAGMA cache_size=-65536;"
                # A large import lets the write-ahead log grow (it is copied into the database
                # once, at the end); once copied, the file is cut back to 64 MB.
                "PRAGMA journal_size_limit=67108864;"
            ),
        }
    # A request's statements stop after GUANAI_STATEMENT_TIMEOUT_SECONDS on PostgreSQL, which
    # ``guanai serve`` sets for its web workers a little below gunicorn's --timeout: a query
    # past it is cancelled in the database too, instead of running on after gunicorn has killed
    # the worker that waited for it. The task worker runs without one (long jobs are its work).
    timeout = int(os.environ.get("GUANAI_STATEMENT_TIMEOUT_SECONDS", "0") or 0)
    if timeout and databases["default"]["ENGINE"].endswith("postgresql"):
        databases["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c statement_timeout={timeout * 1000}"
        )
    # A PostgreSQL streaming replica for the heavy reads (guanai.core.db_router; operations
    # guide, "Read replica"). Without it every query goes to DATABASE_URL, as before.
    if os.environ.get("DATABASE_REPLICA_URL"):
        databases["replica"] = dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=databases["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        )
        if timeout:
            databases["replica"]["OPTIONS"] = dict(databases["default"].get("OPTIONS", {}))
        engines = {databases[alias]["ENGINE"] for alias in ("default", "replica")}
        if engines != {"django.db.backends.postgresql"}:
            raise ImproperlyConfigured(
                "DATABASE_REPLICA_URL must name a PostgreSQL streaming replica of the PostgreSQL "
                "database of DATABASE_URL (SQLite has no replicas); it was given with "
                f"{databases['replica']['ENGINE']} for the replica and "
                f"{databases['default']['ENGINE']} for the primary. Unset it, or point both "
                "at PostgreSQL."
            )
        # Tests make no test database on the replica: it is a copy of the primary's.
        databases["replica"]["TEST"] = {"MIRROR": "default"}
    return databases, timeout

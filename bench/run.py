"""Benchmarks of the org hierarchy on a synthetic county-style tree: ``make bench``.

Builds 1 province → 1 prefecture → 18 counties → 20 townships each → 15 villages and 2
schools per township (6,500 units) in a throwaway SQLite file under var/bench/ and
measures:

* the subtree of a county by materialized-path range, against a recursive CTE, a
  level-by-level walk and a naive walk by parent (one query per unit);
* ``accounts.scoping.org_units_visible`` for a township worker, a county sysadmin and a
  province viewer;
* the org list page rendered through ``django.test.Client`` (time and SQL statements);
* ``guanai import-orgs`` of a 2,000-row CSV, then the same file again (0 created).

If PostgreSQL answers (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/),
the subtree query runs there too, in a database created and dropped for the purpose, with
its EXPLAIN plan. Results go to bench/RESULTS.md. Speed targets live here, not in tests.
"""

from __future__ import annotations

import json
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
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import benefits
import care
import reports as reports_bench
import roster
import synthetic

ROOT = Path(__file__).resolve().parents[1]
BENCH_VAR = ROOT / "var" / "bench"
SQLITE_FILE = BENCH_VAR / "bench.sqlite3"
IMPORT_CSV = BENCH_VAR / "orgs-2000.csv"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
GUANAI = Path(sys.executable).with_name("guanai")
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
POSTGRES_DB = "guanai_bench"
SHAPE = synthetic.TreeShape()
IMPORT_ROWS = 2000


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


def load_tree() -> tuple[int, float]:
    """Insert the synthetic tree with ``bulk_create``; return (units, seconds).

    Creating 6,500 units through the service one by one would take most of the time
    budget; the service path is measured by the import instead.
    """
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from guanai.orgs.models import OrgUnit

    start = time.perf_counter()
    units = [
        OrgUnit(
            pk=u.pk,
            parent_id=u.parent_pk,
            kind=u.kind,
            name=u.name,
            code=u.code,
            path=u.path,
            depth=u.depth,
            province_code=synthetic.PROVINCE_CODE[:2],
        )
        for u in synthetic.tree(SHAPE)
    ]
    with transaction.atomic():
        OrgUnit.objects.bulk_create(units, batch_size=500)
        # Explicit keys leave PostgreSQL's sequence at 1; later inserts need it past them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [OrgUnit]):
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE orgs_orgunit")
    return len(units), time.perf_counter() - start


def bench_users() -> dict[str, Any]:
    """Create a township worker, a county sysadmin and a province viewer."""
    from guanai.accounts.models import Role
    from guanai.accounts.services import user_create
    from guanai.orgs.models import OrgUnit

    county = OrgUnit.objects.get(code="513301")
    township = OrgUnit.objects.get(code="513301101000")
    province = OrgUnit.objects.get(code=synthetic.PROVINCE_CODE)
    password = "Bench-pass-2026"  # noqa: S105 - a throwaway database
    return {
        "township worker": user_create(
            acting_user=None,
            username="bench_worker",
            full_name="乡镇干部",
            password=password,
            org_unit=township,
            role=Role.WORKER,
            must_change_password=False,
        ),
        "county sysadmin": user_create(
            acting_user=None,
            username="bench_sysadmin",
            full_name="县系统管理员",
            password=password,
            org_unit=county,
            role=Role.SYSADMIN,
            must_change_password=False,
        ),
        "province viewer": user_create(
            acting_user=None,
            username="bench_viewer",
            full_name="省级督导",
            password=password,
            org_unit=province,
            role=Role.VIEWER,
            must_change_password=False,
        ),
    }


# --- The subtree query -----------------------------------------------------------------


def subtree_methods(code: str) -> dict[str, Callable[[], int]]:
    """Return ways of listing the keys in the subtree of the unit with ``code``."""
    from django.db import connection

    from guanai.orgs.models import OrgUnit
    from guanai.orgs.selectors import org_units_in_subtrees

    root = OrgUnit.objects.get(code=code)

    def path_range() -> int:
        return len(list(org_units_in_subtrees([root]).values_list("pk", flat=True)))

    low, high = root.subtree_bounds()

    def path_range_sql() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM orgs_orgunit WHERE path >= %s AND path < %s", [low, high]
            )
            return len(cursor.fetchall())

    def recursive_cte() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH RECURSIVE sub(id) AS (SELECT CAST(%s AS BIGINT) UNION ALL "
                "SELECT o.id FROM orgs_orgunit o JOIN sub ON o.parent_id = sub.id) "
                "SELECT id FROM sub",
                [root.pk],
            )
            return len(cursor.fetchall())

    def by_level() -> int:
        found, frontier = [root.pk], [root.pk]
        while frontier:
            frontier = list(
                OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            found += frontier
        return len(found)

    def by_parent() -> int:
        # The naive walk: ask every unit for its children, one query per unit.
        found, stack = 0, [root.pk]
        while stack:
            pk = stack.pop()
            found += 1
            stack += OrgUnit.objects.filter(parent_id=pk).values_list("pk", flat=True)
        return found

    return {
        "path range (materialized path), ORM": path_range,
        "path range, raw SQL": path_range_sql,
        "recursive CTE on parent_id, raw SQL": recursive_cte,
        "walk by parent, one query per level": by_level,
        "walk by parent, one query per unit (naive)": by_parent,
    }


def bench_subtrees(runs: int) -> dict[str, dict[str, Timing]]:
    """Time every subtree method for a county and for the whole province."""
    results: dict[str, dict[str, Timing]] = {}
    for label, code, repeat in (
        ("county (361 units)", "513301", runs),
        ("province (6,500 units)", synthetic.PROVINCE_CODE, 2),
    ):
        methods = subtree_methods(code)
        results[label] = {name: measure(work, repeat) for name, work in methods.items()}
        counts = {timing.rows for timing in results[label].values()}
        assert len(counts) == 1, f"the methods disagree on the subtree of {code}: {counts}"
    return results


def explain_subtree(code: str) -> str:
    from django.db import connection

    from guanai.orgs.models import OrgUnit
    from guanai.orgs.selectors import org_units_in_subtrees

    root = OrgUnit.objects.get(code=code)
    query = org_units_in_subtrees([root]).values_list("pk", flat=True)
    if connection.vendor == "postgresql":
        return query.explain(analyze=True)
    return query.explain()


def explain_lookups() -> dict[str, str]:
    """Return the SQLite plans of the look-ups the import makes for every row."""
    from guanai.orgs.models import OrgUnit

    township = OrgUnit.objects.get(code="513301101000")
    return {
        "unit by division code": OrgUnit.objects.filter(code="513301101201").explain(),
        "unit by parent and name": OrgUnit.objects.filter(parent=township, name="第01村").explain(),
    }


# --- Scoping and the org list page -----------------------------------------------------


def bench_scoping(users: dict[str, Any], runs: int) -> dict[str, Timing]:
    from guanai.accounts import scoping

    def visible(user: Any) -> Callable[[], int]:
        def work() -> int:
            scoping.forget(user)  # as in a new request: memberships are read again
            return len(list(scoping.org_units_visible(user)))

        return work

    return {label: measure(visible(user), runs) for label, user in users.items()}


def bench_org_list(users: dict[str, Any], runs: int) -> dict[str, Timing]:
    from django.test import Client

    pages = {
        "county sysadmin, page 1": ("county sysadmin", "/orgs/"),
        "county sysadmin, page 7": ("county sysadmin", "/orgs/?page=7"),
        "county sysadmin, search “第03”": ("county sysadmin", "/orgs/?q=第03"),
        "township worker, page 1": ("township worker", "/orgs/"),
        "province viewer, page 1": ("province viewer", "/orgs/"),
        "province viewer, page 130 (last)": ("province viewer", "/orgs/?page=130"),
    }
    clients: dict[str, Client] = {}
    for label, user in users.items():
        clients[label] = Client()
        clients[label].force_login(user)

    def render(who: str, url: str) -> Callable[[], int]:
        def work() -> int:
            response = clients[who].get(url)
            assert response.status_code == 200, (url, response.status_code)
            return len(response.content)

        return work

    return {label: measure(render(who, url), runs) for label, (who, url) in pages.items()}


# --- The import ------------------------------------------------------------------------


@dataclass
class ImportRun:
    seconds: float
    created: int
    returncode: int
    output: str


def run_import() -> ImportRun:
    """Run ``guanai import-orgs`` on the CSV in a process of its own, as an operator would."""
    from guanai.orgs.models import OrgUnit

    before = OrgUnit.objects.count()
    start = time.perf_counter()
    # Our own console script with fixed arguments.
    result = subprocess.run(  # noqa: S603
        [str(GUANAI), "import-orgs", str(IMPORT_CSV)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    output = (result.stdout + result.stderr).strip().splitlines()
    return ImportRun(
        seconds=seconds,
        created=OrgUnit.objects.count() - before,
        returncode=result.returncode,
        output=output[-1] if output else "",
    )


def startup_seconds() -> float:
    """Return how long ``guanai`` takes to start and set Django up (``guanai version``)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([str(GUANAI), "version"], capture_output=True, check=True)  # noqa: S603
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- PostgreSQL ------------------------------------------------------------------------


def postgres_child() -> None:
    """Run inside ``bench/run.py --postgres-child``: build the tree, time, explain, report."""
    configure(os.environ["DATABASE_URL"])
    from django.db import connection

    migrate_seconds = migrate()
    units, load_seconds = load_tree()
    timings = {
        label: {name: vars(t) for name, t in methods.items()}
        for label, methods in bench_subtrees(runs=30).items()
    }
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    report = {
        "version": version,
        "units": units,
        "migrate_seconds": migrate_seconds,
        "load_seconds": load_seconds,
        "subtrees": timings,
        "explain_county": explain_subtree("513301"),
        "explain_township": explain_subtree("513301101000"),
    }
    print(json.dumps(report, ensure_ascii=False))


def postgres_bench() -> dict[str, Any] | str:
    """Create the bench database, run the child in it, drop it; return its report or why not."""
    with throwaway_postgres("tree") as url:
        if not url.startswith("postgres"):
            return url
        result = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--postgres-child"],
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if result.returncode != 0:
            return f"PostgreSQL run failed:\n{result.stderr[-2000:]}"
        report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        return report


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


def subtree_tables(subtrees: dict[str, dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for label, methods in subtrees.items():
        fastest = min(
            t.median_ms if isinstance(t, Timing) else t["median_ms"] for t in methods.values()
        )
        rows = []
        for name, raw in methods.items():
            timing = raw if isinstance(raw, Timing) else Timing(**raw)
            ratio = timing.median_ms / fastest if fastest else 0
            rows.append([name, *timing.cells(), f"{ratio:.1f}×"])
        lines += [f"**Subtree of the {label}**", ""]
        lines += [*table(["method", *TIMING_HEADERS, "vs fastest"], rows), ""]
    return lines


def write_results(data: dict[str, Any]) -> str:
    info: dict[str, str] = data["machine"]
    imports: list[ImportRun] = data["imports"]
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
        "## Data",
        "",
        f"A synthetic tree of {data['units']:,} org units (1 province, 1 prefecture, "
        f"{SHAPE.counties} counties × {SHAPE.townships} townships × ({SHAPE.villages} villages "
        f"+ {SHAPE.schools} schools)) in a SQLite file in WAL mode, loaded with bulk_create "
        f"in {data['load_seconds']:.2f} s after `migrate` ({data['migrate_seconds']:.1f} s).",
        "",
        "## Subtree query (SQLite)",
        "",
        *subtree_tables(data["subtrees"]),
        "Query plan of the path range on SQLite (`QuerySet.explain()`):",
        "",
        "```",
        data["explain"],
        "```",
        "",
        "## `scoping.org_units_visible` (SQLite)",
        "",
        "Memberships are read afresh each time, as in a new request; the units are fetched.",
        "",
        *table(
            ["user", *TIMING_HEADERS],
            [[label, *t.cells()] for label, t in data["scoping"].items()],
        ),
        "",
        "## Org list page `/orgs/` (SQLite, `django.test.Client`, 50 units a page)",
        "",
        "The whole request: middleware, session, scoping, paginator count, template.",
        "",
        *table(
            ["request", "median ms", "best ms", "SQL statements", "bytes"],
            [[label, *t.cells()] for label, t in data["pages"].items()],
        ),
        "",
        "## `guanai import-orgs` of a 2,000-row CSV (SQLite)",
        "",
        f"Each run is a new `guanai` process; starting it (`guanai version`) takes "
        f"{data['startup']:.2f} s of the time shown.",
        "",
        "Query plans of the look-ups the import makes for each row (a `SCAN` reads the "
        "whole table):",
        "",
        *[f"- {what}: `{plan.strip()}`" for what, plan in data["lookups"].items()],
        "",
        *table(
            [
                "run",
                "seconds",
                "units created",
                "rows/second",
                "rows/second without start-up",
                "exit code",
                "last line of output",
            ],
            [
                [
                    name,
                    f"{run.seconds:.2f}",
                    str(run.created),
                    f"{IMPORT_ROWS / run.seconds:,.0f}",
                    f"{IMPORT_ROWS / max(run.seconds - data['startup'], 1e-9):,.0f}",
                    str(run.returncode),
                    run.output,
                ]
                for name, run in zip(["first", "again (idempotent)"], imports, strict=True)
            ],
        ),
        "",
        "## PostgreSQL",
        "",
    ]
    pg = data["postgres"]
    if isinstance(pg, str):
        lines += [pg, ""]
    else:
        lines += [
            f"PostgreSQL {pg['version']}, database `{POSTGRES_DB}_tree` created for the run and "
            f"dropped after it; the same {pg['units']:,} units, then `ANALYZE`.",
            "",
            *subtree_tables(pg["subtrees"]),
            "`EXPLAIN ANALYZE` of the path range for a county:",
            "",
            "```",
            pg["explain_county"],
            "```",
            "",
            "and for a township:",
            "",
            "```",
            pg["explain_township"],
            "```",
            "",
        ]
    lines += roster.section(data["roster"])
    lines += care.section(data["care"])
    lines += benefits.section(data["benefits"])
    lines += reports_bench.section(data["reports"])
    lines += ["## Reading the figures", "", *conclusions(data), ""]
    text = "\n".join(lines)
    RESULTS.write_text(text, encoding="utf-8")
    return text


def conclusions(data: dict[str, Any]) -> list[str]:
    lines = []
    for label, methods in data["subtrees"].items():
        orm = methods["path range (materialized path), ORM"]
        raw = methods["path range, raw SQL"]
        cte = methods["recursive CTE on parent_id, raw SQL"]
        level = methods["walk by parent, one query per level"]
        naive = methods["walk by parent, one query per unit (naive)"]
        lines.append(
            f"- Subtree of the {label}: the path range takes {orm.median_ms:.2f} ms through "
            f"the ORM ({raw.median_ms:.2f} ms as raw SQL) in 1 statement; the naive walk by "
            f"parent takes {naive.median_ms:.1f} ms in {naive.queries:,} statements "
            f"({naive.median_ms / orm.median_ms:,.0f}× the ORM path range). A recursive CTE "
            f"takes {cte.median_ms:.2f} ms ({cte.median_ms / raw.median_ms:.1f}× the raw path "
            f"range) and a walk per level {level.median_ms:.2f} ms in {level.queries} "
            "statements."
        )
    first, again = data["imports"]
    net = IMPORT_ROWS / max(first.seconds - data["startup"], 1e-9)
    lines += [
        "- A recursive CTE is one statement too, but only the path range is a plain "
        "`WHERE path >= … AND path < …` that the ORM combines with "
        "other filters, joins (`org_unit__path`), counts and pagination in one statement; "
        "that is what every scoped list uses.",
        "- `org_units_visible` and the org list page run a fixed number of statements "
        "whatever the size of the subtree (DESIGN §5): compare the township worker with the "
        "province viewer.",
        f"- The import creates {first.created:,} units through the services ({net:,.0f} "
        f"rows/s after start-up); the same file again creates {again.created} (idempotent).",
    ]
    return lines


def main() -> None:
    if "--postgres-child" in sys.argv:
        postgres_child()
        return
    if sys.argv[1:] == ["roster"]:
        roster_only()
        return
    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    configure(f"sqlite:///{SQLITE_FILE}")
    data: dict[str, Any] = {"machine": machine(), "load": os.getloadavg()[0]}
    print("Migrating the bench database …", flush=True)
    data["migrate_seconds"] = migrate()
    data["units"], data["load_seconds"] = load_tree()
    print(f"Loaded {data['units']:,} units in {data['load_seconds']:.2f} s", flush=True)
    users = bench_users()
    print("Subtree queries …", flush=True)
    data["subtrees"] = bench_subtrees(runs=30)
    data["explain"] = explain_subtree("513301")
    data["lookups"] = explain_lookups()
    print("Scoping and the org list page …", flush=True)
    data["scoping"] = bench_scoping(users, runs=30)
    data["pages"] = bench_org_list(users, runs=15)
    print("Importing 2,000 rows twice …", flush=True)
    synthetic.write_import_csv(IMPORT_CSV, IMPORT_ROWS)
    data["startup"] = startup_seconds()
    data["imports"] = [run_import(), run_import()]
    print("PostgreSQL …", flush=True)
    data["postgres"] = postgres_bench()
    data["roster"] = roster_bench()
    data["care"] = care_bench()
    data["benefits"] = benefits.bench_all()
    data["reports"] = reports_bench.bench()
    text = write_results(data)
    print(text)
    print(f"\nWrote {RESULTS.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s.")
    first, again = data["imports"]
    # The bench fails loudly when what it measures went wrong, so numbers are never of
    # a broken run.
    assert first.returncode == 0 and first.created == IMPORT_ROWS, first
    assert again.returncode == 0 and again.created == 0, again
    assert not isinstance(data["care"], str), data["care"]
    benefits.check(data["benefits"])
    reports_bench.check(data["reports"])
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

"""Benchmarks of the org hierarchy on a synthetic county-style tree (run by ``run.py``).

Builds 1 province → 1 prefecture → 18 counties → 20 townships each → 15 villages and 2
schools per township (6,500 units) in a throwaway SQLite file under var/bench/ and
measures:

* the subtree of a county by materialized-path range, against a recursive CTE, a
  level-by-level walk and a naive walk by parent (one query per unit);
* ``accounts.scoping.org_units_visible`` for a township worker, a county sysadmin and a
  province viewer;
* the org list page rendered through ``django.test.Client`` (time and SQL statements);
* ``guanai import-orgs`` of a 2,000-row CSV, then the same file again (0 created).

If PostgreSQL answers, the subtree query runs there too (``run.py --postgres-child``), in
a database created and dropped for the purpose, with its EXPLAIN plan. ``tree_results``
writes these sections of RESULTS.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import synthetic
from harness import BENCH_VAR, GUANAI, ROOT, Timing, configure, measure, migrate, throwaway_postgres

SQLITE_FILE = BENCH_VAR / "bench.sqlite3"
IMPORT_CSV = BENCH_VAR / "orgs-2000.csv"
SHAPE = synthetic.TreeShape()
IMPORT_ROWS = 2000
# The child that runs the PostgreSQL part is ``run.py --postgres-child``.
RUN = Path(__file__).with_name("run.py")


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
    from guanai.core.actors import SYSTEM
    from guanai.orgs.models import OrgUnit

    county = OrgUnit.objects.get(code="513301")
    township = OrgUnit.objects.get(code="513301101000")
    province = OrgUnit.objects.get(code=synthetic.PROVINCE_CODE)
    password = "Bench-pass-2026"  # noqa: S105 - a throwaway database
    return {
        "township worker": user_create(
            acting_user=SYSTEM,
            username="bench_worker",
            full_name="乡镇干部",
            password=password,
            org_unit=township,
            role=Role.WORKER,
            must_change_password=False,
        ),
        "county sysadmin": user_create(
            acting_user=SYSTEM,
            username="bench_sysadmin",
            full_name="县系统管理员",
            password=password,
            org_unit=county,
            role=Role.SYSADMIN,
            must_change_password=False,
        ),
        "province viewer": user_create(
            acting_user=SYSTEM,
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
            [sys.executable, str(RUN), "--postgres-child"],
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

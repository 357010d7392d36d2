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
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

PERSONS = {"sqlite": 100_000, "postgresql": 1_000_000}
TARGET_SECONDS = 60
TOWNSHIPS = 20
VILLAGES = 15
SCHOOLS = 2
SINCE = "2024-01-01"
HEADING = "## Payment roll (benefits)"

# What every 20 persons (by id % 20) are: categories as (category, details JSON).
ORPHAN_SCATTERED = '{"support": "scattered"}'
ORPHAN_CENTRALISED = '{"support": "centralised"}'
CATEGORIES: list[tuple[str, str, tuple[int, ...]]] = [
    ("orphan", ORPHAN_SCATTERED, (0, 1, 2, 3, 4, 5, 18, 19)),
    ("orphan", ORPHAN_CENTRALISED, (6, 7)),
    ("orphan", '{"placement": "kinship"}', (8,)),
    ("disabled", '{"type": 5, "grade": 3}', (9, 10, 11, 12, 13, 18)),
    ("disabled", '{"type": 4, "grade": 3}', (14,)),
    ("disabled", '{"type": 6, "grade": 2}', (15,)),
    ("tekun", ORPHAN_CENTRALISED, (15,)),
    ("disabled", '{"type": 4, "grade": 1}', (17,)),
]
GRANTED = (16, 17)
ARCHIVED = 19
# Lines per 20 persons: 7 scattered + 2 centralised + 6 Sunshine Home (9–13, 18) + 1
# Sunshine Home (17) + 2 one-child aid = 18; payable persons: 16 of 20.
LINES_PER_20 = 18
PAYABLE_PER_20 = 16


def _numbers_sql(vendor: str, count: int) -> str:
    """Return a FROM clause yielding n = 1 … count."""
    if vendor == "postgresql":
        return f"generate_series(1, {count}) AS g(n)"
    return (
        f"(WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count}) "  # noqa: S608
        "SELECT n FROM g) AS g"
    )


def build(persons: int) -> dict[str, Any]:
    """Build the county and its persons; return the county, a leader and the timings."""
    from django.db import connection, transaction
    from django.utils import timezone

    from guanai.accounts.models import Role
    from guanai.accounts.services import user_create
    from guanai.benefits.models import PolicyRate
    from guanai.orgs.models import OrgKind, OrgUnit
    from guanai.orgs.services import org_unit_create

    province = org_unit_create(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    prefecture = org_unit_create(
        parent=province, kind=OrgKind.PREFECTURE, name="甘孜藏族自治州", code="513300"
    )
    county = org_unit_create(parent=prefecture, kind=OrgKind.COUNTY, name="泸定县", code="513322")
    leaves: list[OrgUnit] = []
    townships: list[OrgUnit] = []
    for t in range(TOWNSHIPS):
        code = f"513322{101 + t:03d}000"
        township = org_unit_create(
            parent=county, kind=OrgKind.TOWNSHIP, name=f"第{t + 1}镇", code=code
        )
        townships.append(township)
        for v in range(VILLAGES):
            leaves.append(
                org_unit_create(
                    parent=township,
                    kind=OrgKind.VILLAGE,
                    name=f"第{t + 1}镇{v + 1}村",
                    code=f"{code[:9]}{201 + v:03d}",
                )
            )
        for s in range(SCHOOLS):
            leaves.append(
                org_unit_create(
                    parent=township, kind=OrgKind.SCHOOL, name=f"第{t + 1}镇第{s + 1}小学"
                )
            )
    leader = user_create(
        acting_user=None,
        username="bench_leader",
        full_name="县负责人",
        password="Bench-pass-2026",  # noqa: S106 - a throwaway database
        org_unit=county,
        role=Role.LEADER,
        must_change_password=False,
    )
    for unit, item, amount in (
        (county, "orphan_scattered", "650"),
        (townships[0], "orphan_scattered", "700"),
        (leaves[1], "sunshine_home", "80"),
    ):
        PolicyRate.objects.create(
            item=item, org_unit=unit, effective_from=date.fromisoformat(SINCE), amount=amount
        )

    vendor = connection.vendor
    now = timezone.now()
    timings: dict[str, float] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute("CREATE TEMP TABLE bench_leaf (k integer PRIMARY KEY, unit_id bigint)")
        cursor.executemany(
            "INSERT INTO bench_leaf (k, unit_id) VALUES (%s, %s)",
            [(k, unit.pk) for k, unit in enumerate(leaves)],
        )
        # Persons n = 1 … N get id n (a fresh table); neighbours share a village.
        per_leaf = -(-persons // len(leaves))
        cursor.execute(
            "INSERT INTO registry_person (id, org_unit_id, province_code, name, name_pinyin, "  # noqa: S608 - constants, not input
            "name_initials, name_sort, gender, ethnicity, id_number, phone, hukou_place, address, "
            "grade, class_name, boarding, schooling_status, health, note, archived_at, "
            "archive_reason, version, created_at, updated_at) "
            "SELECT n, l.unit_id, '51', '人' || n, 'ren' || n, 'r', 'ren2人' || n, '', '', '', '', "
            "'', '', '', "
            "'', %s, '', 'healthy', '', "
            f"CASE WHEN n %% 20 = {ARCHIVED} THEN %s END, "
            f"CASE WHEN n %% 20 = {ARCHIVED} THEN 'deceased' ELSE '' END, 1, %s, %s "
            f"FROM {_numbers_sql(vendor, persons)} "
            f"JOIN bench_leaf l ON l.k = (n - 1) / {per_leaf}",
            [False, now, now, now],
        )
        timings["persons"] = time.perf_counter() - start
        start = time.perf_counter()
        for category, details, residues in CATEGORIES:
            wanted = ", ".join(str(r) for r in residues)
            cursor.execute(
                "INSERT INTO registry_personcategory "  # noqa: S608 - constants, not input
                "(person_id, category, started_on, details, note) "
                f"SELECT id, %s, %s, %s, '' FROM registry_person WHERE id %% 20 IN ({wanted})",
                [category, SINCE, details],
            )
        cursor.execute(
            "INSERT INTO registry_personcategory (person_id, category, started_on, details, note) "
            "SELECT id, 'left_behind', %s, '{}', '' FROM registry_person WHERE id %% 2 = 0",
            [SINCE],
        )
        wanted = ", ".join(str(r) for r in GRANTED)
        cursor.execute(
            "INSERT INTO benefits_entitlement "  # noqa: S608 - constants, not input
            "(person_id, item, quantity, started_on, reason, granted_at) "
            f"SELECT id, 'one_child_aid', 2, %s, '独生子女伤残', %s FROM registry_person "
            f"WHERE id %% 20 IN ({wanted})",
            [SINCE, now],
        )
        timings["categories"] = time.perf_counter() - start
    if vendor == "postgresql":
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval('registry_person_id_seq', %s)", [persons])
            cursor.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM registry_personcategory")
        categories = cursor.fetchone()[0]
    return {"county": county, "leader": leader, "timings": timings, "categories": categories}


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
    import run  # the bench's settings set-up

    run.configure(os.environ["DATABASE_URL"])
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
    report["migrate_seconds"] = run.migrate()
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
    import run

    reports: dict[str, dict[str, Any] | str] = {}
    sqlite_file = run.BENCH_VAR / "benefits.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    print(f"Payment roll of {PERSONS['sqlite']:,} persons on SQLite …", flush=True)
    reports["SQLite"] = run_child(f"sqlite:///{sqlite_file}", PERSONS["sqlite"])
    with run.throwaway_postgres("benefits") as url:
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


def splice(text: str, new: list[str]) -> str:
    """Replace this section of RESULTS.md (or put it before "Reading the figures")."""
    block = "\n".join(new).rstrip("\n") + "\n\n"
    if HEADING in text:
        start = text.index(HEADING)
        end = text.find("\n## ", start + len(HEADING))
        return text[:start] + block + (text[end + 1 :] if end != -1 else "")
    marker = "## Reading the figures"
    if marker in text:
        at = text.index(marker)
        return text[:at] + block + text[at:]
    return text.rstrip("\n") + "\n\n" + block


def main() -> None:
    if "--child" in sys.argv:
        child()
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import run

    reports = bench_all()
    new = section(reports)
    print("\n".join(new))
    if "--section" in sys.argv:
        run.RESULTS.write_text(splice(run.RESULTS.read_text(encoding="utf-8"), new), "utf-8")
        print(f"Updated the payment-roll section of {run.RESULTS}.")
    check(reports)


if __name__ == "__main__":
    main()

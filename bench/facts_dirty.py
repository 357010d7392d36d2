"""Figures minutes old (issue 24 point 6): the refresh of the units written to, beside the
full refresh, on the synthetic province of ``reports_data`` (PostgreSQL).

In a database made for the run and dropped after it, the child process (``--child``)
builds the province (``BENCH_FACTS_PERSONS`` persons, default 1,000,000, and
``BENCH_FACTS_RECORDS`` care records, default 2,000,000 — fewer than the reporting
benchmark's ten million, to keep the build short), then:

* **full** — ``facts.facts_refresh`` of this month and last month (the nightly job);
* **a township's day** — 200 care records (a talk each, with one person of the township)
  and 20 persons changed (their schooling status), each written in a transaction of its
  own as a clerk's request would, with the marks its commit makes (``reports.dirty``);
* **incremental** — ``dirty.facts_refresh_dirty`` as the task runs it: both months, the
  marked units and their ancestors; then a full refresh again, and the two fact tables
  compared row by row.

``python bench/facts_dirty.py`` prints the RESULTS.md section; ``--section`` also replaces
it in bench/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HEADING = "## Figures minutes old: incremental fact refresh (PostgreSQL)"
RECORDS_A_DAY = 200
PERSONS_CHANGED = 20


def _timed(work: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def child() -> None:
    os.environ.setdefault("BENCH_REPORTS_PERSONS", os.environ.get("BENCH_FACTS_PERSONS", "1000000"))
    os.environ.setdefault("BENCH_REPORTS_RECORDS", os.environ.get("BENCH_FACTS_RECORDS", "2000000"))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness
    import reports_data

    harness.configure(os.environ["DATABASE_URL"])
    from django.db import connection, transaction
    from django.utils import timezone

    from guanai.accounts.models import User
    from guanai.care.models import CareKind, CareRecord, CareRecordPerson
    from guanai.orgs.models import OrgKind, OrgUnit
    from guanai.registry.models import Person, SchoolingStatus
    from guanai.reports.dirty import facts_refresh_dirty
    from guanai.reports.jobs import facts_refresh_recent
    from guanai.reports.models import DirtyFact, Fact

    report: dict[str, Any] = {"load_start": os.getloadavg()}
    today = timezone.localdate()
    report["migrate_seconds"] = harness.migrate()
    print("Building the province …", file=sys.stderr, flush=True)
    report["data"], report["build_s"] = _timed(lambda: reports_data.load(today))
    report["persons"], report["records"] = reports_data.PERSONS, reports_data.RECORDS
    report["units"] = OrgUnit.objects.count()

    print("Full refresh …", file=sys.stderr, flush=True)
    report["full"], report["full_s"] = _timed(facts_refresh_recent)

    township = OrgUnit.objects.filter(kind=OrgKind.TOWNSHIP).order_by("path").first()
    assert township is not None
    report["township"] = township.name
    # The persons met are spread over the township's villages and schools, as its helpers'
    # visits are: as many from each.
    leaves = list(OrgUnit.objects.filter(parent=township).order_by("path"))
    persons = [
        person
        for leaf in leaves
        for person in Person.objects.filter(org_unit=leaf).order_by("pk")[
            : RECORDS_A_DAY // len(leaves)
        ]
    ]
    # Any account will do as the author: no figure reads it.
    helper = User.objects.filter(is_active=True).order_by("pk").first()
    assert helper is not None

    def day_of_writes() -> None:
        for person in persons:
            with transaction.atomic():
                record = CareRecord.objects.create(
                    kind=CareKind.TALK,
                    occurred_on=today,
                    author=helper,
                    org_unit_id=person.org_unit_id,
                    summary="谈心",
                )
                CareRecordPerson.objects.create(
                    record=record, person=person, kind=record.kind, occurred_on=today
                )
        for person in persons[:PERSONS_CHANGED]:
            with transaction.atomic():
                person.schooling_status = SchoolingStatus.DROPPED_OUT
                person.save(update_fields=["schooling_status"])

    print("A township's day of writes …", file=sys.stderr, flush=True)
    _none, report["writes_s"] = _timed(day_of_writes)
    report["writes"] = len(persons) + PERSONS_CHANGED
    report["marks"] = DirtyFact.objects.count()
    report["marked_units"] = DirtyFact.objects.values("org_unit").distinct().count()

    print("Incremental refresh …", file=sys.stderr, flush=True)
    report["incremental"], report["incremental_s"] = _timed(facts_refresh_dirty)

    def table() -> dict[tuple[int, Any, str], Any]:
        rows = Fact.objects.values_list("org_unit_id", "month", "indicator", "value")
        return {(u, m, i): v for u, m, i, v in rows.iterator(chunk_size=20_000)}

    incremental = table()
    print("Full refresh again, to compare …", file=sys.stderr, flush=True)
    _again, report["full_again_s"] = _timed(facts_refresh_recent)
    report["equal"] = incremental == table()
    report["fact_rows"] = Fact.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        report["version"] = cursor.fetchone()[0].split()[0]
    report["load_end"] = os.getloadavg()
    print(json.dumps(report, ensure_ascii=False, default=str))


def bench() -> dict[str, Any] | str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness

    with harness.throwaway_postgres("facts_dirty") as url:
        if not url.startswith("postgres"):
            return url
        result = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--child"],
            env={**os.environ, "DATABASE_URL": url},
            stdout=subprocess.PIPE,
            text=True,
            check=False,
            cwd=harness.ROOT,
        )
        if result.returncode != 0:
            return f"The incremental refresh benchmark failed (exit code {result.returncode})."
        report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        return report


def section(report: dict[str, Any] | str) -> list[str]:
    if isinstance(report, str):
        return [HEADING, "", report, ""]
    full, inc = report["full"], report["incremental"]
    load = ", ".join(f"{x:.1f}" for x in report["load_start"])
    return [
        HEADING,
        "",
        f"PostgreSQL {report['version']}, the synthetic province of `bench/reports_data.py` "
        f"with {report['persons']:,} persons and {report['records']:,} care records "
        f"({report['units']:,} units; built in {report['build_s']:.0f} s), measured by "
        f"`python bench/facts_dirty.py` (load {load} at the start). *A township's day*: "
        f"{RECORDS_A_DAY} care records (a talk each, one person of {report['township']}) and "
        f"{PERSONS_CHANGED} persons changed, each in a transaction of its own: "
        f"{report['writes_s']:.1f} s with the marks their commits make "
        f"({report['marks']} marks: {report['marked_units']} units × 2 months). The refreshes "
        f"recompute this month and last month.",
        "",
        "| refresh | months | fact rows written | seconds |",
        "|---|---|---:|---:|",
        f"| full (the nightly job) | {', '.join(full)} | {sum(full.values()):,} | "
        f"{report['full_s']:.2f} |",
        f"| incremental, after the township's day | {', '.join(inc)} | "
        f"{sum(inc.values()):,} | {report['incremental_s']:.2f} |",
        f"| full again | {', '.join(full)} | {report['fact_rows']:,} in the table | "
        f"{report['full_again_s']:.2f} |",
        "",
        f"The incremental refresh left the fact table equal, row for row, to the full refresh "
        f"that followed: **{report['equal']}**.",
        "",
    ]


def main() -> None:
    if "--child" in sys.argv:
        child()
        return
    report = bench()
    new = section(report)
    print("\n".join(new))
    if "--section" in sys.argv:
        import harness

        results = Path(__file__).resolve().with_name("RESULTS.md")
        text = harness.splice(results.read_text(encoding="utf-8"), HEADING, new)
        results.write_text(text, encoding="utf-8")
        print(f"Updated the incremental refresh section of {results}.")
    assert not isinstance(report, str), report
    assert report["equal"], "the incremental refresh differs from the full one"


if __name__ == "__main__":
    main()

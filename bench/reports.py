"""The reporting benchmark (issue 6): a synthetic province of 1,000,000 persons and
10,000,000 care records over five levels, on PostgreSQL; target under 300 ms per
dashboard page at any level.

In a database made for the run and dropped after it, ``reports_data.load`` builds the
province, then the child process (``--child``):

* **refresh** — times ``reports.facts.facts_refresh`` for last month (a whole month) and
  for the current one, as the background task runs it, and counts the fact rows; then
  times each source query of the refresh on its own, to show where the time goes;
* **trend** — the dashboard's twelve-month trend reads ten more months of facts: they are
  copied from last month's rows (one ``INSERT … SELECT``), not refreshed, to keep the
  run short; the pages read them the same way;
* **dashboards** — requests ``/reports/dashboard/<unit>/<month>/`` through
  ``django.test.Client`` as a leader of the province (middleware, session, scoping, the
  queries, the template) for a unit of each level, one warm-up then ``RUNS`` timed
  requests, and counts the SQL statements;
* **monthly reports** — opens, submits and accepts the townships' reports of one county
  through the services, then requests the county's month (its sub-units' reports with
  timeliness), the county's own report (pre-filled from the accepted reports and the
  facts) and a township's draft report (pre-filled live from the data).

``python bench/reports.py`` runs it and prints the RESULTS.md section; ``--section``
also replaces that section in bench/RESULTS.md. ``BENCH_REPORTS_PERSONS`` and
``BENCH_REPORTS_RECORDS`` make it smaller.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RUNS = 15
TARGET_MS = 300
HEADING = "## Reporting: fact table and dashboards (PostgreSQL)"
TREND_COPIED = 10


def _page(client: Any, url: str, runs: int = RUNS) -> dict[str, Any]:
    """Request ``url`` once (warm-up: statements counted), then ``runs`` times (timed)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    statements = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    slowest = max(statements, default=(0.0, ""))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "url": url,
        "median_ms": statistics.median(times),
        "best_ms": min(times),
        "worst_ms": max(times),
        "queries": len(statements),
        "sql_ms": sum(ms for ms, _sql in statements),
        "slowest_ms": slowest[0],
        "slowest_sql": slowest[1][:300],
        "bytes": len(response.content),
    }


def _timed(work: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _parts(month: Any) -> dict[str, float]:
    """Time each source query of a refresh on its own (what ``facts._own_values`` runs)."""
    from django.db.models import Count, F

    from guanai.reports.figures import PARTS, categories_part
    from guanai.reports.kpis import KPI_PARTS, survey_counts

    seconds = {}
    for make in (*PARTS, *KPI_PARTS):
        name = make.__name__.lstrip("_")
        _rows, seconds[name] = _timed(lambda make=make: list(make(month).by_unit()))
    _rows, seconds["categories"] = _timed(
        lambda: list(
            categories_part(month)
            .values("category", unit=F("person__org_unit_id"))
            .annotate(n=Count("person", distinct=True))
            .order_by()
        )
    )
    _rows, seconds["survey_counts"] = _timed(lambda: survey_counts(month))
    return seconds


def _monthly_reports(leader: Any, county: Any, month: Any) -> dict[str, Any]:
    """Open the county's townships' reports; submit 8 and accept 7 of them (as the
    province leader, who may fill and review them all); return timings and the units."""
    from guanai.reports import monthly

    townships = monthly.reporting_children(county)
    opened = []
    open_seconds = []
    for township in townships:
        report, seconds = _timed(
            lambda township=township: monthly.report_open(
                acting_user=leader, unit=township, month=month.first
            )
        )
        opened.append(report)
        open_seconds.append(seconds)
    for report in opened[:8]:
        report = monthly.report_submit(acting_user=leader, report=report, version=report.version)
        if report.org_unit_id != opened[7].org_unit_id:
            monthly.report_accept(acting_user=leader, report=report, version=report.version)
    county_report, county_seconds = _timed(
        lambda: monthly.report_open(acting_user=leader, unit=county, month=month.first)
    )
    return {
        "township_open_median_s": statistics.median(open_seconds),
        "county_open_s": county_seconds,
        "county_report": county_report.pk,
        "draft_township_report": opened[-1].pk,
        "townships": len(townships),
    }


def child() -> None:
    """Build the province in the (fresh) database of DATABASE_URL, time, print JSON."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness  # the bench's settings set-up
    import reports_data

    harness.configure(os.environ["DATABASE_URL"])
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from guanai.accounts.models import Role, User
    from guanai.accounts.services import user_create
    from guanai.core.actors import SYSTEM
    from guanai.orgs.models import OrgKind, OrgUnit
    from guanai.reports.facts import facts_refresh
    from guanai.reports.figures import month_starting

    report: dict[str, Any] = {"load_start": os.getloadavg()}
    today = timezone.localdate()
    reuse = os.environ.get("BENCH_REPORTS_REUSE") == "1"
    report["migrate_seconds"] = harness.migrate()
    if reuse and OrgUnit.objects.exists():
        report["data"] = json.loads(os.environ.get("BENCH_REPORTS_DATA", "{}"))
    else:
        print("Building the province …", file=sys.stderr, flush=True)
        start = time.perf_counter()
        report["data"] = reports_data.load(today)
        report["data"]["seconds"] = time.perf_counter() - start
    report["persons"] = reports_data.PERSONS
    report["records"] = reports_data.RECORDS
    last = month_starting((today.replace(day=1) - dt.timedelta(days=1)).replace(day=1))
    current = month_starting(today.replace(day=1))
    report["month"], report["current_month"] = last.label, current.label

    print("Refreshing the fact table …", file=sys.stderr, flush=True)
    report["fact_rows"], report["refresh_s"] = _timed(lambda: facts_refresh(last))
    report["fact_rows_current"], report["refresh_current_s"] = _timed(
        lambda: facts_refresh(current)
    )
    report["parts"] = _parts(last)
    with connection.cursor() as cursor:
        # Ten more months for the trend: last month's rows, copied (see the module doc).
        cursor.execute(
            "INSERT INTO reports_fact (org_unit_id, month, indicator, value, refreshed_at) "
            "SELECT org_unit_id, (month - make_interval(months => m))::date, indicator, "
            "value, refreshed_at FROM reports_fact, generate_series(1, %s) AS m "
            "WHERE month = %s",
            [TREND_COPIED, last.first],
        )
        cursor.execute("ANALYZE reports_fact")
        cursor.execute("SELECT COUNT(*) FROM reports_fact")
        report["fact_rows_total"] = cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        report["version"] = cursor.fetchone()[0].split()[0]

    province = OrgUnit.objects.get(kind=OrgKind.PROVINCE)
    leader = User.objects.filter(username="bench_leader").first() or user_create(
        acting_user=SYSTEM,
        username="bench_leader",
        full_name="省负责人",
        password="Bench-pass-2026",  # noqa: S106 - a throwaway database
        org_unit=province,
        role=Role.LEADER,
        must_change_password=False,
    )
    client = Client()
    client.force_login(leader)
    levels = [
        ("province", province),
        *[
            (kind, OrgUnit.objects.filter(kind=kind).order_by("path").first())
            for kind in (OrgKind.PREFECTURE, OrgKind.COUNTY, OrgKind.TOWNSHIP, OrgKind.VILLAGE)
        ],
    ]
    print("Dashboards …", file=sys.stderr, flush=True)
    report["load_pages"] = os.getloadavg()
    dashboards = {}
    for level, unit in levels:
        assert unit is not None
        timing = _page(client, f"/reports/dashboard/{unit.pk}/{last.label}/")
        timing["unit"] = unit.name
        timing["subunits"] = OrgUnit.objects.filter(parent=unit).count()
        dashboards[str(level)] = timing
    report["dashboards"] = dashboards

    print("Monthly reports …", file=sys.stderr, flush=True)
    county = levels[2][1]
    assert county is not None
    monthly = _monthly_reports(leader, county, last)
    report["monthly"] = monthly
    report["monthly_pages"] = {
        "county's month: its townships' reports with timeliness": _page(
            client, f"/reports/monthly/{county.pk}/{last.label}/"
        ),
        "county's own report (draft, from accepted reports + facts)": _page(
            client, f"/reports/monthly/report/{monthly['county_report']}/"
        ),
        "a township's report (draft, figures live from the data)": _page(
            client, f"/reports/monthly/report/{monthly['draft_township_report']}/"
        ),
        "reports index of the province leader (200 units)": _page(client, "/reports/"),
    }
    report["load_end"] = os.getloadavg()
    print(json.dumps(report, ensure_ascii=False, default=str))


# --- The parent side ------------------------------------------------------------------


def bench() -> dict[str, Any] | str:
    """Run ``child`` in a PostgreSQL database made for it; return its report or why not."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import harness

    with harness.throwaway_postgres("reports") as url:
        if not url.startswith("postgres"):
            return url
        print("Reporting on PostgreSQL (a province of 1,000,000 persons) …", flush=True)
        result = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--child"],
            env={**os.environ, "DATABASE_URL": url},
            stdout=subprocess.PIPE,
            text=True,
            check=False,
            cwd=harness.ROOT,
        )
        if result.returncode != 0:
            return f"The reporting benchmark failed (exit code {result.returncode})."
        report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        return report


def check(report: dict[str, Any] | str) -> None:
    """Fail loudly when the run went wrong, so that no figure is of a broken run."""
    assert not isinstance(report, str), report
    assert report["fact_rows"] > 0, report
    counts = report["data"].get("counts", {})
    if counts:
        assert counts["registry_person"] == report["persons"], counts
        assert counts["care_carerecord"] == report["records"], counts


def _load(values: list[float]) -> str:
    return ", ".join(f"{x:.1f}" for x in values)


def section(report: dict[str, Any] | str) -> list[str]:
    """Return the RESULTS.md section of the reporting benchmark."""
    lines = [HEADING, ""]
    if isinstance(report, str):
        return [*lines, report, ""]
    data = report["data"]
    counts = data.get("counts", {})
    timings = data.get("timings", {})
    lines += [
        f"PostgreSQL {report['version']} with its default settings (shared_buffers 128 MB, "
        f"work_mem 4 MB). A synthetic province (`bench/reports_data.py`): 1 province → 5 "
        f"prefectures → 40 counties → 400 townships → 4,000 villages and schools "
        f"({data.get('units', 4446):,} units); {report['persons']:,} persons, 250 per "
        f"village or school, with {counts.get('registry_personcategory', 0):,} categories; "
        f"{counts.get('care_pairing', 0):,} pairings; {report['records']:,} care records "
        f"(one person each) over the last 365 days; "
        f"{counts.get('care_assistanceplan', 0):,} assistance plans. Written by "
        f"`INSERT … SELECT` over `generate_series` with the big tables' indexes built after "
        f"the load, then `VACUUM ANALYZE`: {data.get('seconds', 0):.0f} s "
        f"({', '.join(f'{k} {v:.0f} s' for k, v in timings.items())}); "
        f"the database is {data.get('size', '?')}.",
        "",
        f"Load average (1, 5, 15 min) at the start: {_load(report['load_start'])}; before the "
        f"pages: {_load(report['load_pages'])}; at the end: {_load(report['load_end'])} — on 2 "
        "cores shared with other work, so times are inflated when it is above 2.",
        "",
        "**Fact-table refresh** (`reports.facts.facts_refresh`, as the background task and "
        "the dashboard's refresh button run it):",
        "",
        "| month | seconds | fact rows written |",
        "|---|---|---|",
        f"| {report['month']} (whole month) | {report['refresh_s']:.1f} | "
        f"{report['fact_rows']:,} |",
        f"| {report['current_month']} (current, to today) | "
        f"{report['refresh_current_s']:.1f} | {report['fact_rows_current']:,} |",
        "",
        "A refresh rewrites one month; twelve months for the trend take about twelve times "
        "as long (not run here).",
        "",
        "Where the time goes: each source query of the refresh on its own, for "
        f"{report['month']} (seconds): "
        + ", ".join(
            f"{name} {seconds:.1f}"
            for name, seconds in sorted(report["parts"].items(), key=lambda kv: -kv[1])
        )
        + ".",
        "",
        f"**Dashboard pages** for {report['month']}, as a leader of the province, through "
        f"`django.test.Client`: one warm-up request (SQL statements counted), then {RUNS} "
        f"timed; the twelve-month trend reads {TREND_COPIED} more months copied from "
        f"{report['month']}'s facts ({report['fact_rows_total']:,} fact rows in all). Target "
        f"under {TARGET_MS} ms.",
        "",
        "| level | unit | sub-units | median ms | best ms | worst ms | SQL statements | "
        f"SQL ms | slowest statement ms | under {TARGET_MS} ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for level, t in report["dashboards"].items():
        ok = "yes" if t["median_ms"] < TARGET_MS else "**no**"
        lines.append(
            f"| {level} | {t['unit']} | {t['subunits']} | {t['median_ms']:.1f} | "
            f"{t['best_ms']:.1f} | {t['worst_ms']:.1f} | {t['queries']} | {t['sql_ms']:.1f} | "
            f"{t['slowest_ms']:.1f} | {ok} |"
        )
    province = report["dashboards"].get("province", {})
    if province:
        lines += [
            "",
            f"The slowest statement of the province's page: `{province['slowest_sql'][:160]}`",
        ]
    monthly = report["monthly"]
    lines += [
        "",
        f"**Monthly reports** of a county for {report['month']}: its {monthly['townships']} "
        f"townships' reports opened through `monthly.report_open` (figures live from the "
        f"data: {monthly['township_open_median_s'] * 1000:.0f} ms each, median), 8 submitted "
        f"and 7 accepted; the county's own report opened in "
        f"{monthly['county_open_s'] * 1000:.0f} ms (accepted reports + facts). Pages as above:",
        "",
        "| page | median ms | best ms | worst ms | SQL statements | slowest statement ms |",
        "|---|---|---|---|---|---|",
    ]
    for label, t in report["monthly_pages"].items():
        lines.append(
            f"| {label} | {t['median_ms']:.1f} | {t['best_ms']:.1f} | {t['worst_ms']:.1f} | "
            f"{t['queries']} | {t['slowest_ms']:.1f} |"
        )
    return [*lines, ""]


def main() -> None:
    if "--child" in sys.argv:
        child()
        return
    report = bench()
    new = section(report)
    print("\n".join(new))
    if "--section" in sys.argv:
        import harness  # on the path since ``bench``

        results = Path(__file__).resolve().with_name("RESULTS.md")
        text = harness.splice(results.read_text(encoding="utf-8"), HEADING, new)
        results.write_text(text, encoding="utf-8")
        print(f"Updated the reporting section of {results}.")
    check(report)


if __name__ == "__main__":
    main()

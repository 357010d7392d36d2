"""The org hierarchy's sections of RESULTS.md: the data, the subtree query on SQLite and
PostgreSQL, scoping, the org list page, the import, and what the figures say."""

from __future__ import annotations

from typing import Any

from harness import POSTGRES_DB, TIMING_HEADERS, Timing, table
from tree import IMPORT_ROWS, SHAPE, ImportRun


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


def section(data: dict[str, Any]) -> list[str]:
    """Return the org hierarchy's sections, from "Data" to "PostgreSQL"."""
    imports: list[ImportRun] = data["imports"]
    lines = [
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
    return lines


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

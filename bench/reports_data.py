"""A synthetic province for the reporting benchmark (issue 6): five levels, 1,000,000
persons, 10,000,000 care records over the last 12 months, on PostgreSQL.

The tree is 1 province → 5 prefectures → 8 counties each (40) → 10 townships each (400)
→ 8 villages and 2 schools each (4,000 leaves); 4,446 units. Persons are spread evenly
over the leaves (250 each): those of a school are pupils aged 6–15, those of a village
are children (40 %) or adults, with the categories such units have — left-behind,
migrant-worker, single-parent children, orphans, de-facto unsupported children, disabled
persons, 低保, 特困 (three in eight in centralised support), 三无, major illness — and a
second category for some (a pupil of a 低保 family, a disabled 低保 adult). One helper
account per 50 persons; 90 % of persons paired with their helper, a third of the pupils
with a study buddy too; 3 % of pairings ended. Persons were registered over the last three
years, 2 % have been archived. Care records (talks 45 %, calls, visits, condolence visits,
tutoring, letters, counselling, birthdays) fall on days spread evenly over the last 365,
each with one person (``CareRecordPerson``). One person in ten has an assistance plan
(most active, some completed or draft). Each leaf has entered its survey count.

Everything is written by ``INSERT … SELECT`` over ``generate_series`` inside PostgreSQL,
with the secondary indexes and foreign keys of the big tables dropped during the load and
created again after it (the same definitions, read from the catalogue): building a million
persons and ten million records through the services would take days, and it is the
refresh and the pages that the benchmark measures. A ``VACUUM ANALYZE`` ends the load, as
autovacuum would do on a live database.
"""

from __future__ import annotations

import os
import re
import sys
import time
from datetime import date
from typing import Any

PERSONS = int(os.environ.get("BENCH_REPORTS_PERSONS", "1000000"))
RECORDS = int(os.environ.get("BENCH_REPORTS_RECORDS", "10000000"))
PREFECTURES = 5
COUNTIES = 8  # per prefecture
TOWNSHIPS = 10  # per county
VILLAGES = 8  # per township
SCHOOLS = 2  # per township
LEAVES_PER_TOWNSHIP = VILLAGES + SCHOOLS
PER_HELPER = 50
PROVINCE_CODE = "510000"

# The tables that get millions of rows: their indexes are built after the load.
BIG_TABLES = [
    "registry_person",
    "registry_personcategory",
    "care_pairing",
    "care_carerecord",
    "care_carerecordperson",
    "care_assistanceplan",
]
KINDS = [
    *["talk"] * 9,
    *["family_call"] * 3,
    *["home_visit"] * 2,
    "condolence_visit",
    "tutoring",
    "letter",
    "counselling",
    "birthday",
    "other",
]
SUMMARIES = [
    "谈心：最近学习积极，作业按时完成，鼓励继续保持。",
    "家访：与奶奶交流孩子在家情况，生活照料较好。",
    "亲情电话：孩子与在外务工的父亲通话，情绪明显好转。",
    "学习辅导：讲解数学应用题，孩子能独立完成练习。",
    "走访慰问：送去米油和棉被，了解生活困难。",
]
DOMAINS = ["study", "life", "psychology", "health", "activities"]

# The profile of person n is r = (37 n) mod 100, uniform within every leaf. Pupils'
# first category by r, then village persons' (r < 40: children, else adults).
PUPIL_CATEGORY = (
    "CASE WHEN r < 55 THEN 'left_behind' WHEN r < 65 THEN 'migrant_child' "
    "WHEN r < 80 THEN 'single_parent' WHEN r < 85 THEN 'orphan' "
    "WHEN r < 90 THEN 'unsupported_child' WHEN r < 95 THEN 'disabled' ELSE 'dibao' END"
)
VILLAGE_CATEGORY = (
    "CASE WHEN r < 25 THEN 'left_behind' WHEN r < 30 THEN 'single_parent' "
    "WHEN r < 33 THEN 'orphan' WHEN r < 35 THEN 'unsupported_child' "
    "WHEN r < 40 THEN 'disabled' WHEN r < 65 THEN 'dibao' WHEN r < 80 THEN 'disabled' "
    "WHEN r < 88 THEN 'tekun' WHEN r < 90 THEN 'sanwu' ELSE 'major_illness' END"
)


def _units() -> dict[str, Any]:
    """Create the 4,446 units with explicit keys and paths (one ``bulk_create``)."""
    from django.core.management.color import no_style
    from django.db import connection
    from django.utils import timezone

    from guanai.orgs.models import PATH_STEP, OrgKind, OrgUnit

    assert not OrgUnit.objects.exists(), "the reporting bench needs an empty database"
    now = timezone.now()
    units: list[OrgUnit] = []

    def make(parent: OrgUnit | None, kind: str, name: str, code: str = "") -> OrgUnit:
        pk = len(units) + 1
        unit = OrgUnit(
            pk=pk,
            parent_id=parent.pk if parent else None,
            kind=kind,
            name=name,
            code=code,
            path=(parent.path if parent else "") + str(pk).zfill(PATH_STEP),
            depth=parent.depth + 1 if parent else 0,
            province_code=PROVINCE_CODE[:2],
            created_at=now,
            updated_at=now,
        )
        units.append(unit)
        return unit

    province = make(None, OrgKind.PROVINCE, "四川省", PROVINCE_CODE)
    leaves: list[tuple[OrgUnit, bool]] = []  # (unit, is a school)
    for p in range(PREFECTURES):
        code = f"51{31 + p:02d}00"
        prefecture = make(province, OrgKind.PREFECTURE, f"第{p + 1}州", code)
        for c in range(COUNTIES):
            county_code = f"{code[:4]}{c + 1:02d}"
            county = make(prefecture, OrgKind.COUNTY, f"第{p + 1}州{c + 1}县", county_code)
            for t in range(TOWNSHIPS):
                township_code = f"{county_code}{101 + t:03d}000"
                township = make(county, OrgKind.TOWNSHIP, f"第{t + 1}镇", township_code)
                for v in range(VILLAGES):
                    leaves.append(
                        (
                            make(
                                township,
                                OrgKind.VILLAGE,
                                f"第{v + 1}村",
                                f"{township_code[:9]}{201 + v:03d}",
                            ),
                            False,
                        )
                    )
                for s in range(SCHOOLS):
                    leaves.append(
                        (make(township, OrgKind.SCHOOL, f"第{t + 1}镇第{s + 1}小学"), True)
                    )
    OrgUnit.objects.bulk_create(units, batch_size=1000)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [OrgUnit]):
            cursor.execute(sql)
        cursor.execute(
            "CREATE TEMP TABLE bench_leaf (k integer PRIMARY KEY, unit_id bigint, school boolean)"
        )
        cursor.executemany(
            "INSERT INTO bench_leaf (k, unit_id, school) VALUES (%s, %s, %s)",
            [(k, unit.pk, school) for k, (unit, school) in enumerate(leaves)],
        )
    return {"units": len(units), "leaves": len(leaves)}


def _drop_indexes(cursor: Any) -> list[str]:
    """Drop the big tables' foreign keys, unique constraints and secondary indexes;
    return the statements that create them again, in order."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')",
        [BIG_TABLES],
    )
    constraints = cursor.fetchall()
    for table, name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary",
        [BIG_TABLES],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in constraints
    ]


def _escaped(sql: str) -> str:
    """Double the modulo signs of ``sql`` so that the driver leaves them alone."""
    return re.sub(r"%(?![(s])", "%%", sql)


def _helper_of(person: str, first: int) -> str:
    """Return the SQL of the helper account of the person whose key is ``person``: one
    account per 50 persons, numbered from ``first`` + 1."""
    return f"{first} + ({person} - 1) / {PER_HELPER} + 1"


def _step(timings: dict[str, float], name: str, cursor: Any, sql: str, params: Any = None) -> None:
    start = time.perf_counter()
    print(f"  {name} …", file=sys.stderr, flush=True)
    cursor.execute(_escaped(sql) if params is not None else sql, params)
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def load(today: date) -> dict[str, Any]:
    """Build the province in the (fresh, migrated) database; return counts and timings."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    timings: dict[str, float] = {}
    start = time.perf_counter()
    built = _units()
    timings["org units"] = time.perf_counter() - start
    n_persons, n_records = PERSONS, RECORDS
    per_leaf = -(-n_persons // built["leaves"])
    helpers = -(-n_persons // PER_HELPER)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM accounts_user")
        u0 = cursor.fetchone()[0]
        _step(
            timings,
            "helpers",
            cursor,
            "INSERT INTO accounts_user (id, password, is_superuser, username, email, is_staff, "  # noqa: S608 - constants
            "is_active, date_joined, full_name, must_change_password) "
            f"SELECT {u0} + h, %s, false, 'helper' || h, '', false, true, %s, '帮扶人' || h, "
            f"false FROM generate_series(1, {helpers}) AS h",
            [make_password(None), now],
        )
        cursor.execute(
            "INSERT INTO accounts_membership (role, status, created_at, org_unit_id, user_id) "  # noqa: S608 - constants
            f"SELECT 'helper', 'active', %s, l.unit_id, {u0} + h "
            f"FROM generate_series(1, {helpers}) AS h "
            f"JOIN bench_leaf l ON l.k = ((h - 1) * {PER_HELPER}) / {per_leaf}",
            [now],
        )
        cursor.execute("SELECT setval('accounts_user_id_seq', (SELECT MAX(id) FROM accounts_user))")

        start = time.perf_counter()
        recreate = _drop_indexes(cursor)
        timings["drop indexes"] = time.perf_counter() - start

        # Persons: pupils at schools, children or adults in villages; registered over the
        # last three years; every 50th archived.
        _step(
            timings,
            "persons",
            cursor,
            "INSERT INTO registry_person (id, org_unit_id, province_code, name, name_pinyin, "  # noqa: S608 - constants
            "name_initials, name_sort, gender, birth_date, ethnicity, id_number, phone, "
            "hukou_place, address, grade, class_name, boarding, schooling_status, health, note, "
            "archived_at, archive_reason, version, created_at, updated_at, school_id, village_id, "
            "house_condition) "
            "SELECT n, unit_id, '51', '人' || n, 'ren' || n, 'r', 'ren2人' || n, "
            "CASE WHEN n % 2 = 0 THEN 'female' ELSE 'male' END, "
            "(%(today)s::date - make_interval(years => age, days => (n % 365)::int))::date, "
            "'', '', '', '', '', CASE WHEN school THEN (age - 5)::text || '年级' ELSE '' END, "
            "'', false, "
            "CASE WHEN school AND n % 100 = 0 THEN 'dropped_out' WHEN school THEN 'in_school' "
            "WHEN age BETWEEN 6 AND 15 AND n % 60 = 0 THEN 'not_enrolled' "
            "WHEN age BETWEEN 6 AND 15 THEN 'in_school' ELSE '' END, "
            "'healthy', '', "
            "CASE WHEN n % 50 = 0 THEN LEAST(created + make_interval(days => (n % 300)::int), "
            "%(now)s) END, CASE WHEN n % 50 = 0 THEN 'moved_away' ELSE '' END, 1, created, "
            "created, CASE WHEN school THEN unit_id END, CASE WHEN NOT school THEN unit_id END, "
            "'' FROM (SELECT n, l.unit_id, l.school, "
            "%(now)s - make_interval(days => (n % 1095)::int) AS created, "
            "CASE WHEN l.school THEN 6 + n % 10 WHEN (n * 37) % 100 < 40 THEN n % 18 "
            "ELSE 18 + n % 70 END AS age "
            f"FROM generate_series(1, {n_persons}) AS n "
            f"JOIN bench_leaf l ON l.k = (n - 1) / {per_leaf}) AS s",
            {"today": today, "now": now},
        )
        _step(
            timings,
            "categories",
            cursor,
            "INSERT INTO registry_personcategory (person_id, category, started_on, details, note) "  # noqa: S608 - constants
            "SELECT id, category, created_at::date, CASE WHEN category <> 'tekun' THEN '{}' "
            'WHEN r < 83 THEN \'{"support": "centralised"}\' '
            "ELSE '{\"support\": \"scattered\"}' END::jsonb, '' "
            f"FROM (SELECT id, created_at, r, CASE WHEN school_id IS NOT NULL "
            f"THEN {PUPIL_CATEGORY} ELSE {VILLAGE_CATEGORY} END AS category "
            "FROM (SELECT id, created_at, school_id, (id * 37) % 100 AS r "
            "FROM registry_person) AS p) AS c",
        )
        # A second category: pupils of 低保 families, disabled 低保 adults.
        _step(
            timings,
            "categories",
            cursor,
            "INSERT INTO registry_personcategory (person_id, category, started_on, details, note) "
            "SELECT id, CASE WHEN school_id IS NOT NULL THEN 'dibao' ELSE 'disabled' END, "
            "created_at::date, '{}', '' FROM registry_person "
            "WHERE (school_id IS NOT NULL AND id % 7 = 0 AND (id * 37) % 100 < 95) "
            "OR (school_id IS NULL AND id % 5 = 0 AND (id * 37) % 100 BETWEEN 40 AND 64)",
        )
        _step(
            timings,
            "pairings",
            cursor,
            "INSERT INTO care_pairing (buddy_name, role, started_on, ended_on, end_reason, note, "  # noqa: S608 - constants
            "created_at, helper_id, person_id) "
            "SELECT '', CASE WHEN school_id IS NOT NULL THEN 'class_teacher' "
            "ELSE 'paired_cadre' END, created_at::date + 7, "
            "CASE WHEN id % 33 = 0 AND created_at < %(now)s - interval '120 days' "
            "THEN created_at::date + 107 END, "
            "CASE WHEN id % 33 = 0 AND created_at < %(now)s - interval '120 days' "
            f"THEN '工作调动' ELSE '' END, '', created_at, {_helper_of('id', u0)}, id "
            "FROM registry_person WHERE id % 10 <> 9",
            {"now": now},
        )
        _step(
            timings,
            "pairings",
            cursor,
            "INSERT INTO care_pairing (buddy_name, role, started_on, end_reason, note, "
            "created_at, person_id) "
            "SELECT '同学' || id, 'study_buddy', created_at::date + 14, '', '', created_at, id "
            "FROM registry_person WHERE school_id IS NOT NULL AND id % 3 = 0",
        )
        kinds = "ARRAY[" + ", ".join(f"'{k}'" for k in KINDS) + "]"
        summaries = "ARRAY[" + ", ".join(f"'{s}'" for s in SUMMARIES) + "]"
        _step(
            timings,
            "care records",
            cursor,
            "INSERT INTO care_carerecord (id, kind, occurred_on, summary, mood, needs, parent, "  # noqa: S608 - constants
            "version, created_at, updated_at, author_id, org_unit_id) "
            f"SELECT g, ({kinds})[(g * 31) % {len(KINDS)} + 1], d, "
            f"({summaries})[g % {len(SUMMARIES)} + 1], (1 + g % 5)::smallint, '', '', 1, d, d, "
            f"{_helper_of(f'((g - 1) % {n_persons} + 1)', u0)}, l.unit_id "
            "FROM (SELECT g, %(today)s::date - ((g * 48271) % 365)::int AS d "
            f"FROM generate_series(1::bigint, {n_records}) AS g) AS s "
            f"JOIN bench_leaf l ON l.k = ((g - 1) % {n_persons}) / {per_leaf}",
            {"today": today},
        )
        _step(
            timings,
            "care record persons",
            cursor,
            "INSERT INTO care_carerecordperson (id, record_id, person_id, kind, occurred_on) "  # noqa: S608 - constants
            f"SELECT id, id, (id - 1) % {n_persons} + 1, kind, occurred_on FROM care_carerecord",
        )
        domains = "ARRAY[" + ", ".join(f"'{d}'" for d in DOMAINS) + "]"
        _step(
            timings,
            "plans",
            cursor,
            "INSERT INTO care_assistanceplan (domain, goals, measures, phase_targets, starts_on, "  # noqa: S608 - constants
            "ends_on, status, closing_note, created_at, version, person_id, responsible_id, "
            "created_by_id) "
            f"SELECT ({domains})[id % {len(DOMAINS)} + 1], '提高学习成绩，养成良好习惯', "
            "'每周辅导两次，每月家访一次', '', s, s + 180 + (id % 180)::int, "
            "CASE WHEN id % 7 = 0 THEN 'completed' WHEN id % 11 = 0 THEN 'draft' "
            "ELSE 'active' END, '', s, 1, id, h, h "
            "FROM (SELECT id, %(today)s::date - (id % 400)::int AS s, "
            f"{_helper_of('id', u0)} AS h "
            "FROM registry_person WHERE id % 10 = 3) AS p",
            {"today": today},
        )
        _step(
            timings,
            "survey counts",
            cursor,
            "INSERT INTO reports_surveycount (year, count, entered_at, org_unit_id) "  # noqa: S608 - constants
            f"SELECT %s, {per_leaf} + k % 7, %s, unit_id FROM bench_leaf",
            [today.year, now],
        )
        start = time.perf_counter()
        for statement in recreate:
            print(f"  {statement[:90]} …", file=sys.stderr, flush=True)
            cursor.execute(statement)
        timings["indexes and keys"] = time.perf_counter() - start
        for table in (
            "registry_person",
            "registry_personcategory",
            "care_pairing",
            "care_carerecord",
            "care_carerecordperson",
            "care_assistanceplan",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - constants
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        start = time.perf_counter()
        print("  VACUUM ANALYZE …", file=sys.stderr, flush=True)
        cursor.execute("VACUUM ANALYZE")
        timings["vacuum analyze"] = time.perf_counter() - start
        counts = {}
        for table in (*BIG_TABLES, "accounts_user"):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - constants
            counts[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database())), "
            "pg_database_size(current_database())"
        )
        size_text, _size = cursor.fetchone()
    return {**built, "counts": counts, "timings": timings, "size": size_text}

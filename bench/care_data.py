"""A county-sized care load for the care benchmark: 100,000 persons, 2,000,000 care records.

Written straight into a fresh PostgreSQL database with COPY (explicit keys, then the
sequences moved past them): building it through the services would take hours, and it is
the reads that the benchmark measures. The shape follows the demo county: 20 townships,
each with 15 villages and 2 schools; one helper account per 50 persons (a class teacher
or a paired cadre), every person paired; care records spread over the last 12 months with
ratings; 2 % of persons at high risk; an active plan for one person in ten.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

PERSONS = int(os.environ.get("BENCH_CARE_PERSONS", "100000"))
RECORDS = int(os.environ.get("BENCH_CARE_RECORDS", "2000000"))
PER_HELPER = 50
TOWNSHIPS = 20
VILLAGES = 15
SCHOOLS = 2
KINDS = ["talk"] * 5 + ["home_visit", "family_call", "family_call", "tutoring", "letter"]
SUMMARIES = [
    "谈心：最近学习积极，作业按时完成，鼓励继续保持。",
    "家访：与奶奶交流孩子在家情况，生活照料较好。",
    "亲情电话：孩子与在外务工的父亲通话，情绪明显好转。",
    "学习辅导：讲解数学应用题，孩子能独立完成练习。",
    "谈心：与同学发生小矛盾，已引导和好。",
]


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY ``rows`` into ``table``; return how many were written.

    On SQLite (the load test's smaller county) the rows are inserted by ``executemany``
    in batches instead: SQLite has no COPY.
    """
    from django.db import connection

    count = 0
    if connection.vendor != "postgresql":
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        batch: list[Sequence[Any]] = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(row)
                if len(batch) == 10000:
                    cursor.executemany(sql, batch)
                    count, batch = count + len(batch), []
            cursor.executemany(sql, batch)
        return count + len(batch)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def reset_sequences(*models: Any) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def load(
    today: date, seed: int = 2026, *, persons: int = PERSONS, records: int = RECORDS
) -> dict[str, Any]:
    """Build the county and its care data; return the county, users and counts.

    ``persons`` and ``records``: the sizes (the care benchmark's by default; the load test
    passes its own).
    """
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from guanai.accounts.models import Membership, Role, User
    from guanai.care.models import CareRecord, CareRecordPerson, Pairing, RiskAssessment
    from guanai.core.bulk import insert_rows
    from guanai.core.crypto import lookup_hash
    from guanai.core.idnumber import make_id
    from guanai.orgs.models import OrgKind, OrgUnit
    from guanai.orgs.services import org_unit_create
    from guanai.registry.models import Person, PersonCategory

    rng = random.Random(seed)
    province = org_unit_create(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    prefecture = org_unit_create(
        parent=province, kind=OrgKind.PREFECTURE, name="甘孜藏族自治州", code="513300"
    )
    county = org_unit_create(parent=prefecture, kind=OrgKind.COUNTY, name="泸定县", code="513322")
    leaves: list[OrgUnit] = []
    for t in range(TOWNSHIPS):
        code = f"513322{101 + t:03d}000"
        township = org_unit_create(
            parent=county, kind=OrgKind.TOWNSHIP, name=f"第{t + 1}镇", code=code
        )
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
                    parent=township, kind=OrgKind.SCHOOL, name=f"第{t + 1}镇第{s + 1}小学", code=""
                )
            )
    password = make_password(None)  # unusable: these accounts never log in
    helpers = persons // PER_HELPER
    with transaction.atomic():
        users = [
            User(
                username=f"helper{n:05d}",
                full_name=f"帮扶人{n}",
                password=password,
                must_change_password=False,
            )
            for n in range(helpers)
        ]
        User.objects.bulk_create(users, batch_size=1000)
        users = list(User.objects.order_by("pk"))
        Membership.objects.bulk_create(
            [
                Membership(user=u, org_unit=leaves[n % len(leaves)], role=Role.HELPER)
                for n, u in enumerate(users)
            ],
            batch_size=1000,
        )
        first = date(1950, 1, 1)
        # A fresh database: COPY numbers the rows 1, 2, 3 … in order.
        insert_rows(
            Person,
            [
                {
                    "org_unit": leaves[(n // PER_HELPER) % len(leaves)].pk,
                    "province_code": "51",
                    "name": f"张{n}",
                    "name_pinyin": f"zhang{n}",
                    "name_initials": "z",
                    "name_sort": f"zhang1张{n}",
                    "birth_date": first + timedelta(days=n % 20000),
                    "id_hash": lookup_hash(
                        make_id("513322", first + timedelta(days=n % 20000), n // 20000)
                    ),
                }
                for n in range(persons)
            ],
        )
        insert_rows(
            PersonCategory,
            [
                {
                    "person": n + 1,
                    "category": "left_behind" if n % 3 else "dibao",
                    "started_on": date(2024, 9, 1),
                }
                for n in range(persons)
            ],
        )
        insert_rows(
            Pairing,
            [
                {
                    "person": n + 1,
                    "helper": users[n // PER_HELPER].pk,
                    "role": "class_teacher",
                    "started_on": date(2025, 9, 1),
                }
                for n in range(persons)
            ],
        )
        insert_rows(
            RiskAssessment,
            [
                {"person": p + 1, "level": "high", "reason": "基准数据", "current": True}
                for p in range(0, persons, 50)
            ],
        )
        days = 365
        record_rows = []

        def record_tuples() -> Iterator[tuple[Any, ...]]:
            for r in range(records):
                person = r % persons
                on = today - timedelta(days=rng.randrange(days))
                kind = KINDS[r % len(KINDS)]
                mood = rng.randint(1, 5)
                record_rows.append((r + 1, r + 1, person + 1, kind, on))
                yield (
                    r + 1,
                    kind,
                    on,
                    users[person // PER_HELPER].pk,
                    leaves[(person // PER_HELPER) % len(leaves)].pk,
                    SUMMARIES[r % len(SUMMARIES)],
                    mood,
                    "",
                    "",
                    1,
                    today,
                    today,
                )

        copy_rows(
            "care_carerecord",
            [
                "id",
                "kind",
                "occurred_on",
                "author_id",
                "org_unit_id",
                "summary",
                "mood",
                "needs",
                "parent",
                "version",
                "created_at",
                "updated_at",
            ],
            record_tuples(),
        )
        copy_rows(
            "care_carerecordperson",
            ["id", "record_id", "person_id", "kind", "occurred_on"],
            record_rows,
        )
        reset_sequences(CareRecord, CareRecordPerson)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"county": county, "users": users, "leaves": leaves}

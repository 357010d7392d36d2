"""The payment-roll benchmark's load (``benefits.py``): a county of 20 townships × (15
villages + 2 schools), then its persons, their categories and granted entitlements, each
written by one ``INSERT … SELECT`` over a numbers series."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

TOWNSHIPS = 20
VILLAGES = 15
SCHOOLS = 2
SINCE = "2024-01-01"

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
    from guanai.core.actors import SYSTEM
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
        acting_user=SYSTEM,
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
            "grade, class_name, boarding, schooling_status, health, house_condition, note, "
            "archived_at, archive_reason, version, created_at, updated_at) "
            "SELECT n, l.unit_id, '51', '人' || n, 'ren' || n, 'r', 'ren2人' || n, '', '', '', '', "
            "'', '', '', "
            "'', %s, '', 'healthy', '', '', "
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

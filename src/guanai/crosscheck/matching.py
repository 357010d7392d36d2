"""Storing a list's rows and matching them with the persons: set-based, in SQL.

The rows are written in one stream (PostgreSQL's COPY, SQLite's executemany), then one
``UPDATE … FROM`` joins them with the persons on the ID number's look-up hash (the unique
index of ``registry_person``), flags a name that differs, and marks whether the person is
managed inside the unit that uploaded the list. Nothing is done row by row in Python.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from guanai.core.crypto import encrypt_many
from guanai.crosscheck.columns import ListEntry
from guanai.crosscheck.models import CheckList, ListRow
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

# Rows per executemany on SQLite.
CHUNK = 5000
_COLUMNS = (
    "check_list_id",
    "row",
    "id_hash",
    "id_number",
    "region",
    "name",
    "data",
    "name_differs",
    "in_scope",
)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def rows_store(
    check_list: CheckList,
    entries: Sequence[ListEntry],
    hashes: Sequence[str],
    *,
    keep_numbers: str | None = None,
) -> None:
    """Write the checked rows of ``check_list`` with their ID numbers' hashes.

    An ID number itself is kept (encrypted) only where a finding may need it to register
    someone: for the rows whose region code starts with ``keep_numbers`` (the unit's area,
    for the lists that find persons not registered); no number is kept when it is None.
    """
    kept = [
        e.id_number if keep_numbers is not None and e.region.startswith(keep_numbers) else ""
        for e in entries
    ]
    tokens = encrypt_many([k for k in kept if k])
    iter_tokens = iter(tokens)
    tokens = [next(iter_tokens) if k else "" for k in kept]
    records = (
        (
            check_list.pk,
            e.row,
            h,
            t,
            e.region,
            e.name,
            json.dumps(e.data, ensure_ascii=False),
            False,
            False,
        )
        for e, h, t in zip(entries, hashes, tokens, strict=True)
    )
    table = _q(ListRow._meta.db_table)
    columns = ", ".join(_q(c) for c in _COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
            return
        marks = ", ".join(["%s"] * len(_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        batch: list[tuple[Any, ...]] = []
        for record in records:
            batch.append(record)
            if len(batch) == CHUNK:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def rows_match(check_list: CheckList, unit: OrgUnit) -> None:
    """Join the rows of ``check_list`` with the persons, in one statement."""
    low, high = unit.subtree_bounds()
    rows = _q(ListRow._meta.db_table)
    persons = _q(Person._meta.db_table)
    units = _q(OrgUnit._meta.db_table)
    sql = (
        f"UPDATE {rows} SET {_q('person_id')} = p.{_q('id')}, "  # noqa: S608
        f"{_q('name_differs')} = (p.{_q('name')} <> {rows}.{_q('name')}), "
        f"{_q('in_scope')} = (u.{_q('path')} >= %s AND u.{_q('path')} < %s) "
        f"FROM {persons} p JOIN {units} u ON u.{_q('id')} = p.{_q('org_unit_id')} "
        f"WHERE p.{_q('id_hash')} = {rows}.{_q('id_hash')} "
        f"AND {rows}.{_q('check_list_id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [low, high, check_list.pk])


@dataclass(frozen=True)
class MatchCounts:
    matched: int
    not_found: int
    out_of_scope: int


def match_counts(check_list: CheckList) -> MatchCounts:
    """Count the rows matched inside the unit, not found, and matched outside it."""
    rows = _q(ListRow._meta.db_table)
    sql = (
        f"SELECT COUNT(*), "  # noqa: S608
        f"SUM(CASE WHEN {_q('person_id')} IS NULL THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {_q('person_id')} IS NOT NULL AND NOT {_q('in_scope')} "
        f"THEN 1 ELSE 0 END) "
        f"FROM {rows} WHERE {_q('check_list_id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [check_list.pk])
        total, not_found, outside = cursor.fetchone()
    total, not_found, outside = total or 0, not_found or 0, outside or 0
    return MatchCounts(
        matched=total - not_found - outside, not_found=not_found, out_of_scope=outside
    )


def area_prefix(unit: OrgUnit) -> str:
    """Return the ID-number region prefix of the unit's area ("" when it has none).

    The nearest administrative division at or above the unit names the area: a province
    its 2 digits, a prefecture 4, a county and anything below it the county's 6 (an ID
    number names the county of first registration, no township).
    """
    units = {u.path: u for u in OrgUnit.objects.filter(path__in=unit.ancestor_paths())}
    for path in reversed(unit.ancestor_paths()):
        found = units.get(path)
        if found is None or not found.is_admin_division or not found.code:
            continue
        digits = {"province": 2, "prefecture": 4}.get(found.kind, 6)
        return found.code[:digits]
    return ""

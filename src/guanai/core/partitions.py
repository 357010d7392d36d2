"""Monthly partitions of the largest tables on PostgreSQL (issue 24, point 4).

The care log and the two audit logs grow by tens of millions of rows a year in a province
(docs/scaling.md §2.1). On PostgreSQL each is one table partitioned by range of its date,
one partition a month (``care_carerecord_p2026_12``) and a DEFAULT partition
(``care_carerecord_default``) for any date without its month: a row of any year always has
somewhere to go, so nothing fails for lack of a partition. Removing the logs' old months
(``guanai archive-logs``, ``core.log_archive``) is then a partition drop instead of a
``DELETE`` of millions of rows. SQLite keeps plain tables: every function here does nothing
there.

A table is converted by ``partition`` (the migrations core 0010 and care 0007): the plain
table is renamed, a partitioned one made ``LIKE`` it (columns, defaults, CHECK constraints),
the rows copied, the plain table dropped, then its keys and indexes made again. What
PostgreSQL requires of a partitioned table changes three things:

* a primary key or unique constraint must hold the partition column: the key is
  ``(id, column)``, and a unique constraint gets the column added (``CareRecord.key`` is
  unique with ``occurred_on``: the same record sent twice carries the same date, and
  ``care.field.services`` looks a key up before writing, which also catches a resend with
  another date);
* a foreign key to the table must name the whole key, so the care log's incoming foreign
  keys (``care_carerecordperson.record_id``, ``care_carerecordphoto.record_id``) are dropped:
  their rows are written with their record in one transaction and deleted with it by the
  ORM (``on_delete=CASCADE`` is done by Django in Python, not by the database);
* PostgreSQL 15 has no identity columns on partitioned tables: ``id`` takes its values from
  a plain sequence ``<table>_id_seq`` owned by the column, started after the largest id.
  Django finds it with ``pg_get_serial_sequence`` (sequence resets, ``flush``).

``ensure_partitions`` (the daily job ``ensure_partitions``) makes the coming months'
partitions ahead of time; rows of such a month already in the DEFAULT partition are moved
into the new one. Months are local months (``TIME_ZONE``, Asia/Shanghai).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from guanai.core.months import add_months, month_label, next_month, this_month

__all__ = [
    "ACCESS_LOG",
    "AUDIT_LOG",
    "CARE_LOG",
    "MONTHS_AHEAD",
    "PARTITIONED",
    "Partitioned",
    "ensure_partitions",
    "is_partitioned",
    "month_partitions",
    "partition",
    "unpartition",
]

MONTHS_AHEAD = 3


@dataclass(frozen=True)
class Partitioned:
    table: str
    column: str
    kind: str  # "date" or "timestamp" (timestamptz: months are local months)
    # Foreign keys to this table's id that a partitioned table cannot keep (table, column).
    referenced_by: tuple[tuple[str, str], ...] = ()

    def month_table(self, month: dt.date) -> str:
        return f"{self.table}_p{month.year:04d}_{month.month:02d}"

    @property
    def default_table(self) -> str:
        return f"{self.table}_default"

    def bounds(self, month: dt.date) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime]:
        """The first value of ``month`` and of the month after, for this column."""
        if self.kind == "date":
            return month, next_month(month)
        zone = timezone.get_default_timezone()
        after = next_month(month)
        return dt.datetime.combine(month, dt.time(), zone), dt.datetime.combine(
            after, dt.time(), zone
        )


CARE_LOG = Partitioned(
    "care_carerecord",
    "occurred_on",
    "date",
    referenced_by=(("care_carerecordperson", "record_id"), ("care_carerecordphoto", "record_id")),
)
ACCESS_LOG = Partitioned("core_accesslog", "at", "timestamp")
AUDIT_LOG = Partitioned("auditlog_logentry", "timestamp", "timestamp")
PARTITIONED = (CARE_LOG, ACCESS_LOG, AUDIT_LOG)


def _is_postgres(connection: BaseDatabaseWrapper) -> bool:
    return bool(connection.vendor == "postgresql")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: dt.date | dt.datetime) -> str:
    """A bound written into DDL (``FOR VALUES`` takes no parameters); ours, never typed."""
    return "'" + value.isoformat() + "'"


def _rows(cursor: Any, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params)
    return list(cursor.fetchall())


def is_partitioned(cursor: Any, table: str) -> bool:
    found = _rows(
        cursor,
        "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s))",
        [table],
    )
    return bool(found[0][0])


def month_partitions(cursor: Any, spec: Partitioned) -> dict[dt.date, str]:
    """The months that have a partition of their own, with the partition's name."""
    pattern = re.compile(rf"{re.escape(spec.table)}_p(\d{{4}})_(\d{{2}})")
    names = _rows(
        cursor,
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = to_regclass(%s)",
        [spec.table],
    )
    months = {}
    for (name,) in names:
        match = pattern.fullmatch(name)
        if match:
            months[dt.date(int(match[1]), int(match[2]), 1)] = name
    return months


def _row_months(cursor: Any, spec: Partitioned, table: str) -> list[dt.date]:
    local = _q(spec.column) if spec.kind == "date" else f"{_q(spec.column)} AT TIME ZONE %s"
    params = [] if spec.kind == "date" else [settings.TIME_ZONE]
    found = _rows(
        cursor,
        f"SELECT DISTINCT date_trunc('month', {local})::date FROM {_q(table)}",  # noqa: S608
        params,
    )
    return [month for (month,) in found]


def _add_month(cursor: Any, spec: Partitioned, month: dt.date, *, attach: bool) -> int:
    """Make ``month``'s partition. With ``attach`` (a DEFAULT partition exists), the month's
    rows found there are moved into it first, so that attaching it cannot fail; returns
    how many were moved."""
    lo, hi = (_literal(value) for value in spec.bounds(month))
    name, table, column = _q(spec.month_table(month)), _q(spec.table), _q(spec.column)
    values = f"FOR VALUES FROM ({lo}) TO ({hi})"
    if not attach:
        cursor.execute(f"CREATE TABLE {name} PARTITION OF {table} {values}")
        return 0
    default = _q(spec.default_table)
    # ALTER TABLE refuses a table with foreign-key checks still deferred in this
    # transaction (rows written earlier in it): run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    in_month = f"{column} >= {lo} AND {column} < {hi}"
    cursor.execute(
        f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING STORAGE)"
    )
    cursor.execute(
        f"WITH moved AS (DELETE FROM {default} WHERE {in_month} RETURNING *) "  # noqa: S608 - our names, not input
        f"INSERT INTO {name} SELECT * FROM moved"
    )
    moved = int(cursor.rowcount)
    cursor.execute(f"ALTER TABLE {table} ATTACH PARTITION {name} {values}")
    return moved


def _coming(today: dt.date | None, months_ahead: int) -> list[dt.date]:
    first = this_month(today)
    return [add_months(first, n) for n in range(months_ahead + 1)]


def _columns(cursor: Any, table: str, contype: str) -> list[tuple[str, list[str]]]:
    """The constraints of one type ('p', 'u') of ``table``: name and columns in order."""
    return [
        (name, list(columns))
        for name, columns in _rows(
            cursor,
            "SELECT con.conname, ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY "
            "k(num, pos) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num "
            "ORDER BY k.pos) FROM pg_constraint con WHERE con.conrelid = to_regclass(%s) "
            "AND con.contype = %s ORDER BY con.conname",
            [table, contype],
        )
    ]


def _shape(cursor: Any, table: str) -> dict[str, Any]:
    """What is made again on the new table: its indexes (not those of its keys), unique
    constraints and outgoing foreign keys, and the type of its ``id``."""
    constraint_indexes = {
        name
        for (name,) in _rows(
            cursor,
            "SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s) "
            "AND contype IN ('p', 'u')",
            [table],
        )
    }
    indexes = []
    for name, definition, unique in _rows(
        cursor,
        "SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisunique FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(%s) "
        "ORDER BY c.relname",
        [table],
    ):
        if name in constraint_indexes:
            continue
        if unique:
            raise ValueError(
                f"{table}: the unique index {name} would need the partition column; "
                "make it a unique constraint holding that column first."
            )
        indexes.append(definition.replace(" ON ONLY ", " ON "))
    foreign = _rows(
        cursor,
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(%s) AND contype = 'f' ORDER BY conname",
        [table],
    )
    id_type = _rows(
        cursor,
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = to_regclass(%s) AND attname = 'id'",
        [table],
    )[0][0]
    return {
        "indexes": indexes,
        "unique": _columns(cursor, table, "u"),
        "primary": _columns(cursor, table, "p"),
        "foreign": foreign,
        "id_type": id_type,
    }


def _make_keys(cursor: Any, table: str, shape: dict[str, Any], keys: list[str]) -> None:
    """Primary key on ``keys``, then the unique constraints, indexes and foreign keys."""
    pk_name = shape["primary"][0][0] if shape["primary"] else f"{table}_pkey"
    cursor.execute(
        f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(pk_name)} "
        f"PRIMARY KEY ({', '.join(map(_q, keys))})"
    )
    for name, columns in shape["unique"]:
        cursor.execute(
            f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} "
            f"UNIQUE ({', '.join(map(_q, columns))})"
        )
    for definition in shape["indexes"]:
        cursor.execute(definition)
    for name, definition in shape["foreign"]:
        cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")


def partition(
    spec: Partitioned,
    *,
    connection: BaseDatabaseWrapper = default_connection,
    months_ahead: int = MONTHS_AHEAD,
    today: dt.date | None = None,
) -> bool:
    """Convert the plain table of ``spec`` (with its rows) into a partitioned one: a
    partition for each month its rows cover and the coming ``months_ahead`` months, and the
    DEFAULT partition. Run inside the migration's transaction. Returns whether it did
    anything (not on SQLite, nor on a table already partitioned)."""
    if not _is_postgres(connection):
        return False
    table, column = spec.table, spec.column
    old = f"{table}__plain"
    with connection.cursor() as cursor:
        if is_partitioned(cursor, table):
            return False
        shape = _shape(cursor, table)
        shape["unique"] = [
            (name, columns if column in columns else [*columns, column])
            for name, columns in shape["unique"]
        ]
        months = set(_row_months(cursor, spec, table)) | set(_coming(today, months_ahead))
        for name, referencing in _rows(
            cursor,
            "SELECT conname, conrelid::regclass::text FROM pg_constraint "
            "WHERE confrelid = to_regclass(%s) AND contype = 'f'",
            [table],
        ):
            cursor.execute(f"ALTER TABLE {_q(referencing)} DROP CONSTRAINT {_q(name)}")
        cursor.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
        cursor.execute(
            f"CREATE TABLE {_q(table)} (LIKE {_q(old)} INCLUDING DEFAULTS INCLUDING "
            f"CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ({_q(column)})"
        )
        for month in sorted(months):
            _add_month(cursor, spec, month, attach=False)
        cursor.execute(f"CREATE TABLE {_q(spec.default_table)} PARTITION OF {_q(table)} DEFAULT")
        cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(old)}")  # noqa: S608 - our names, not input
        top = _rows(cursor, f"SELECT max(id) FROM {_q(old)}")[0][0] or 0  # noqa: S608 - our names, not input
        cursor.execute(f"DROP TABLE {_q(old)}")  # with its identity sequence and indexes
        sequence = f"{table}_id_seq"
        cursor.execute(
            f"CREATE SEQUENCE {_q(sequence)} AS {shape['id_type']} START WITH {int(top) + 1} "
            f"OWNED BY {_q(table)}.id"
        )
        cursor.execute(
            f"ALTER TABLE {_q(table)} ALTER COLUMN id SET DEFAULT nextval('{sequence}'::regclass)"
        )
        _make_keys(cursor, table, shape, ["id", column])
        cursor.execute(f"ANALYZE {_q(table)}")
    return True


def unpartition(
    spec: Partitioned,
    *,
    connection: BaseDatabaseWrapper = default_connection,
    fk_name: Any = None,
) -> bool:
    """Convert the partitioned table of ``spec`` back into a plain one (the migrations'
    reverse): the rows copied, ``id`` an identity column again, the partition column taken
    out of the keys, and the foreign keys of ``spec.referenced_by`` made again (named by
    ``fk_name(table, column)``, Django's own names when the migration passes its schema
    editor's). Returns whether it did anything."""
    if not _is_postgres(connection):
        return False
    table, column = spec.table, spec.column
    old = f"{table}__partitioned"
    with connection.cursor() as cursor:
        if not is_partitioned(cursor, table):
            return False
        shape = _shape(cursor, table)
        shape["unique"] = [
            (name, [c for c in columns if c != column] or columns)
            for name, columns in shape["unique"]
        ]
        cursor.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
        cursor.execute(
            f"CREATE TABLE {_q(table)} (LIKE {_q(old)} INCLUDING DEFAULTS INCLUDING "
            "CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)"
        )
        cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id DROP DEFAULT")
        cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(old)}")  # noqa: S608 - our names, not input
        cursor.execute(f"DROP TABLE {_q(old)}")  # its partitions and its sequence with it
        cursor.execute(
            f"ALTER TABLE {_q(table)} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY"
        )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 1), "  # noqa: S608 - our names, not input
            f"max(id) IS NOT NULL) FROM {_q(table)}",
            [table],
        )
        _make_keys(cursor, table, shape, ["id"])
        for referencing, fk_column in spec.referenced_by:
            name = fk_name(referencing, fk_column) if fk_name else f"{referencing}_{fk_column}_fk"
            cursor.execute(
                f"ALTER TABLE {_q(referencing)} ADD CONSTRAINT {_q(name)} FOREIGN KEY "
                f"({_q(fk_column)}) REFERENCES {_q(table)} (id) DEFERRABLE INITIALLY DEFERRED"
            )
    return True


def ensure_partitions(
    months_ahead: int = MONTHS_AHEAD,
    *,
    today: dt.date | None = None,
    connection: BaseDatabaseWrapper = default_connection,
) -> dict[str, Any]:
    """Make the partitions of this month and the next ``months_ahead`` months where they
    are missing (the daily job ``ensure_partitions``); rows of such a month waiting in the
    DEFAULT partition are moved into it. A summary; nothing to do on SQLite."""
    if not _is_postgres(connection):
        return {"engine": connection.vendor, "created": [], "moved": 0}
    created: list[str] = []
    moved = 0
    for spec in PARTITIONED:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if not is_partitioned(cursor, spec.table):
                continue
            have = month_partitions(cursor, spec)
            for month in _coming(today, months_ahead):
                if month not in have:
                    moved += _add_month(cursor, spec, month, attach=True)
                    created.append(spec.month_table(month))
    return {
        "engine": connection.vendor,
        "created": created,
        "moved": moved,
        "through": month_label(_coming(today, months_ahead)[-1]),
    }

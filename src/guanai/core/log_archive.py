"""Archiving the audit logs' old months and removing them: ``guanai archive-logs``.

DESIGN §5 keeps audit records at least 6 months and makes them never deletable through the
application; removing older ones is an operator's act at the server, with this command. It
works on the access log (``core_accesslog``) and django-auditlog's log
(``auditlog_logentry``), never on the care log. For each whole month before ``--before``
that holds rows it

1. writes the month's rows to a gzip CSV file in the archive folder (``var/archive/``,
   readable by its owner only): ``core_accesslog-2025-05.csv.gz``, with a header line;
   PostgreSQL writes it with ``COPY … TO STDOUT``;
2. removes them: on PostgreSQL the month's partition is detached and dropped
   (``core.partitions``) and the month's rows left in the DEFAULT partition deleted; on
   SQLite the rows are deleted in batches of ``BATCH``.

A month less than 6 full months ago is refused before anything is touched. The run is
recorded in the access log (``AuditAction.LOG_ARCHIVE``) with the months and counts.
Months are local months (``TIME_ZONE``).
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import gzip
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.audit import access_log
from guanai.core.errors import ValidationFailed
from guanai.core.models import AccessLog, AuditAction
from guanai.core.months import add_months, month_label, next_month, this_month
from guanai.core.partitions import (
    ACCESS_LOG,
    AUDIT_LOG,
    Partitioned,
    is_partitioned,
    month_partitions,
)

__all__ = ["KEEP_MONTHS", "LOGS", "Archived", "archive_logs", "latest_cutoff"]

KEEP_MONTHS = 6
BATCH = 10_000
LOGS = (ACCESS_LOG, AUDIT_LOG)


@dataclass
class Archived:
    """What a run did (or, dry, would do): rows per table and month, and the files."""

    before: dt.date
    dry_run: bool
    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(sum(months.values()) for months in self.rows.values())


def latest_cutoff(today: dt.date | None = None) -> dt.date:
    """The latest ``--before`` allowed today: every row it removes is 6 months old or more."""
    return add_months(this_month(today or timezone.localdate()), -KEEP_MONTHS)


def _model(spec: Partitioned) -> Any:
    from auditlog.models import LogEntry

    return AccessLog if spec is ACCESS_LOG else LogEntry


def _bounds(spec: Partitioned, month: dt.date) -> tuple[Any, Any]:
    """The month's bounds as the database compares them (raw SQL is not adapted)."""
    lo, hi = spec.bounds(month)
    if not (isinstance(lo, dt.datetime) and isinstance(hi, dt.datetime)):
        raise TypeError(f"{spec.table} is not a log of times")  # the care log is not archived
    adapt = connection.ops.adapt_datetimefield_value
    return adapt(lo), adapt(hi)


def _months_with_rows(spec: Partitioned, before: dt.date) -> list[dt.date]:
    """The months before ``before`` holding rows, found by hopping from one to the next."""
    model, column = _model(spec), spec.column
    end = spec.bounds(before)[0]
    months: list[dt.date] = []
    start: Any = None
    while True:
        rows = model.objects.filter(**{f"{column}__lt": end})
        if start is not None:
            rows = rows.filter(**{f"{column}__gte": start})
        oldest = rows.aggregate(oldest=Min(column))["oldest"]
        if oldest is None:
            return months
        month = timezone.localdate(oldest).replace(day=1)
        months.append(month)
        start = spec.bounds(next_month(month))[0]


def _count(spec: Partitioned, month: dt.date) -> int:
    lo, hi = spec.bounds(month)
    rows = _model(spec).objects.filter(**{f"{spec.column}__gte": lo, f"{spec.column}__lt": hi})
    return int(rows.count())


def _archive_file(folder: Path, spec: Partitioned, month: dt.date) -> Path:
    return folder / f"{spec.table}-{month_label(month)}.csv.gz"


def _write(path: Path, spec: Partitioned, month: dt.date) -> None:
    """Write the month's rows, ordered by id, to ``path`` (gzip CSV with a header); through
    a partial file renamed at the end, readable by its owner only."""
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    lo, hi = _bounds(spec, month)
    table, column = connection.ops.quote_name(spec.table), connection.ops.quote_name(spec.column)
    select = f"SELECT * FROM {table} WHERE {column} >= %s AND {column} < %s ORDER BY id"  # noqa: S608 - our names, not input
    with (
        os.fdopen(descriptor, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) as out,
    ):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                from psycopg import sql

                statement = sql.SQL(select.replace("%s", "{}")).format(
                    sql.Literal(lo), sql.Literal(hi)
                )
                copy_sql = sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv, HEADER)").format(
                    statement
                )
                with cursor.cursor.copy(copy_sql) as copy:
                    for chunk in copy:
                        out.write(chunk)
            else:
                cursor.execute(select, [lo, hi])
                text = io.TextIOWrapper(out, encoding="utf-8", newline="")
                writer = csv.writer(text)
                writer.writerow([column[0] for column in cursor.description])
                while batch := cursor.fetchmany(BATCH):
                    writer.writerows(batch)
                text.flush()
                text.detach()
        raw.flush()
        out.flush()
        os.fsync(raw.fileno())
    partial.replace(path)


def _remove(spec: Partitioned, month: dt.date, partitions: dict[dt.date, str] | None) -> str | None:
    """Remove the month's rows: from its partition and the DEFAULT one (``partitions``
    given: the table is partitioned), else in batches. Returns the partition dropped."""
    quote = connection.ops.quote_name
    lo, hi = _bounds(spec, month)
    column = quote(spec.column)
    in_month = f"{column} >= %s AND {column} < %s"
    with connection.cursor() as cursor:
        if partitions is None:
            table = quote(spec.table)
            while True:
                cursor.execute(
                    f"DELETE FROM {table} WHERE id IN "  # noqa: S608 - our names, not input
                    f"(SELECT id FROM {table} WHERE {in_month} LIMIT {BATCH})",
                    [lo, hi],
                )
                if cursor.rowcount < BATCH:
                    return None
        cursor.execute(f"DELETE FROM {quote(spec.default_table)} WHERE {in_month}", [lo, hi])  # noqa: S608 - our names, not input
        name = partitions.get(month)
        if name:
            # ALTER TABLE refuses a table with foreign-key checks still deferred in this
            # transaction: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {quote(spec.table)} DETACH PARTITION {quote(name)}")
            cursor.execute(f"DROP TABLE {quote(name)}")
        return name


def _check(before: dt.date, today: dt.date | None) -> None:
    latest = latest_cutoff(today)
    if before > latest:
        raise ValidationFailed(
            _(
                "The audit and access logs are kept at least %(keep)s months: --before "
                "%(before)s would remove entries younger than that. The latest month that "
                "can be given today is %(latest)s. Nothing was changed."
            )
            % {"keep": KEEP_MONTHS, "before": month_label(before), "latest": month_label(latest)},
            field="before",
        )


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "system"


def archive_logs(
    before: dt.date,
    *,
    to: Path | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> Archived:
    """Archive and remove the logs' months before ``before`` (a first of a month)."""
    _check(before, today)
    folder = Path(to) if to is not None else settings.VAR_DIR / "archive"
    done = Archived(before=before, dry_run=dry_run)
    for spec in LOGS:
        partitions: dict[dt.date, str] | None = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if is_partitioned(cursor, spec.table):
                    partitions = month_partitions(cursor, spec)
        months = sorted(
            set(_months_with_rows(spec, before)) | {m for m in partitions or {} if m < before}
        )
        counts = done.rows.setdefault(spec.table, {})
        for month in months:
            counts[month_label(month)] = _count(spec, month)
            if dry_run:
                continue
            with transaction.atomic():
                if counts[month_label(month)]:
                    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                    path = _archive_file(folder, spec, month)
                    _write(path, spec, month)
                    done.files.append(path)
                dropped = _remove(spec, month, partitions)
                if dropped:
                    done.dropped.append(dropped)
    if not dry_run:
        with transaction.atomic():
            access_log(
                user=None,
                username=_operator(),
                action=AuditAction.LOG_ARCHIVE,
                object_repr=str(folder.resolve()),
                detail={
                    "before": month_label(before),
                    "rows": done.rows,
                    "files": [path.name for path in done.files],
                    "dropped": done.dropped,
                },
            )
    return done

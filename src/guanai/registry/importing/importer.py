"""The whole import: read the file, check its rows in chunks, write each chunk, report.

Speed (issue 3 asks for ≥ 8,000 rows/s): look-ups are set-based — the schools of the
subtree in one query, the stored persons of a chunk in one query with their open
categories and contacts — and a chunk is written with one statement per table in one
transaction, so a crash mid-import leaves no half-written person: a chunk is committed
whole or not at all. Rows are checked in a child process while this one writes, where a
second core allows (``batches``), or else on this thread while a writer thread writes
(``aside``, PostgreSQL). If the database refuses a chunk (a file registered by someone
else meanwhile, a value the database will not take) the chunk is written again row by
row, each in its own savepoint, and only the refused rows are rejected.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import chain
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.masking import mask_id, mask_phone
from guanai.orgs.models import OrgUnit
from guanai.registry.importing import aside, batches, planning
from guanai.registry.importing.planning import Plan, Prepared
from guanai.registry.importing.rows import Parser, Row
from guanai.registry.importing.vocabulary import COLUMNS, KINDS, REQUIRED
from guanai.registry.models import Person
from guanai.registry.services import require_roster_editor
from guanai.sheets.errors import ErrorRow, error_workbook
from guanai.sheets.limits import Limits
from guanai.sheets.reading import Table, find_columns, read_table

# progress(stage, done, total): stage "write" while an import checks and writes its rows,
# "check" while a dry run checks them; done counts the rows of the file handled so far.
Progress = Callable[[str, int, int], None]
# Rows written per transaction. Larger chunks write each touched index page once for many
# rows (a third less work for SQLite than chunks of 1,000 at 100,000 rows) while holding
# the write lock for about a second.
CHUNK_SIZE = 5000
# A roster sheet may have some columns besides the template's (a 序号, the 错误原因 of an
# error workbook, a clerk's own notes), not hundreds: a sheet beyond these is refused
# before it is read (issue 12).
READ_LIMITS = Limits(columns=len(COLUMNS) + 20)
# Columns whose cells an error workbook masks for a user who may not see full numbers.
MASKED_FIELDS: dict[str, Callable[[str], str]] = {
    "id_number": mask_id,
    "disability_certificate": mask_id,
    "phone": mask_phone,
    "guardian_phone": mask_phone,
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class RosterReport:
    """What an import did (or, for a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rejected_rows: list[tuple[int, ErrorRow]] = field(default_factory=list)
    dry_run: bool = False
    # Column index → the masking of the sheet's ID and phone columns.
    masks: dict[int, Callable[[str], str]] = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    def error_workbook(self, *, masked: bool = False) -> bytes:
        """Return the rejected rows as an xlsx to fix and import again.

        ``masked``: ID and phone numbers masked, for a user who may not see them in full.
        """
        return error_workbook(
            self.headers,
            [row for _no, row in self.rejected_rows],
            masks=self.masks if masked else None,
        )


def roster_import(
    table_or_file: Table | Path,
    *,
    acting_user: Actor,
    org_unit: OrgUnit,
    kind: str = "general",
    dry_run: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> RosterReport:
    """Import a roster into ``org_unit``; return what was created, updated and rejected.

    Raise ``PermissionRefused`` if the user may not edit the unit's roster and
    ``ValidationFailed`` if the file cannot be used at all (unreadable, missing columns).
    A dry run checks everything and writes nothing. ``progress``, if given, is called as
    ``progress(stage, done, total)`` before each chunk is written ("write"), or checked
    in a dry run ("check").
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    require_roster_editor(acting_user, org_unit)
    with _cyclic_gc_paused():
        return _import(table_or_file, acting_user, org_unit, kind, dry_run, chunk_size, progress)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the import.

    An import holds hundreds of thousands of objects (rows, values) until it ends; the
    collector would walk all of them again and again, a fifth of the time at 100,000 rows.
    They hold no reference cycles worth collecting; the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _checkpoint_once(*, enabled: bool) -> Iterator[None]:
    """On SQLite, copy the write-ahead log into the database once, after the last chunk.

    By default SQLite copies it after any commit that leaves it over 1,000 pages, so an
    index page that every chunk touches is copied (and the file synced) once per chunk.
    """
    if not enabled or connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        (pages,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint=0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")
            # PASSIVE: never waits for readers; what they still use is copied later.
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _import(
    table_or_file: Table | Path,
    acting_user: Actor,
    org_unit: OrgUnit,
    kind: str,
    dry_run: bool,
    chunk_size: int,
    progress: Progress | None,
) -> RosterReport:
    if isinstance(table_or_file, Path):
        with table_or_file.open("rb") as handle:
            table = read_table(handle, table_or_file.name, limits=READ_LIMITS)
    else:
        table = table_or_file
    mapping, warnings = find_columns(table.headers, COLUMNS, required=REQUIRED)
    report = RosterReport(
        headers=list(table.headers),
        warnings=[*table.warnings, *warnings],
        dry_run=dry_run,
        masks={
            table.headers.index(header): MASKED_FIELDS[name]
            for name, header in mapping.items()
            if name in MASKED_FIELDS
        },
    )
    parser = Parser(table, mapping, org_unit=org_unit, kind=kind)
    # Cached before any checking: a child process that checks rows has no database.
    ContentType.objects.get_for_model(Person)

    produce = partial(
        batches.batches,
        parser,
        chunk_size=chunk_size,
        org_unit=org_unit,
        acting_user=acting_user,
        prepare_new=not dry_run,
    )
    # PostgreSQL: chunks commit without waiting for their log to reach the disk, and the
    # import waits once, at the end (not inside a caller's transaction, whose own commit
    # would then not wait either).
    relaxed = not dry_run and connection.vendor == "postgresql" and not connection.in_atomic_block
    write = partial(
        _write_batch,
        parser=parser,
        org_unit=org_unit,
        acting_user=acting_user,
        dry_run=dry_run,
        relaxed=relaxed,
        progress=progress,
        total=len(table.rows),
    )
    rejected: list[tuple[Row, list[tuple[str, str]]]] = []

    def take(batch: batches.Batch) -> batches.Batch:
        """Keep what the batch reports about rows that are not written."""
        report.warnings += batch.warnings
        rejected.extend((row, row.errors) for row in batch.rejected)
        return batch

    rows = len(table.rows)
    if not dry_run and batches.child_available(rows, chunk_size):
        source = batches.in_child(partial(produce, lookup=None))
    else:
        source = produce(lookup=None if dry_run else planning.pks_by_hash)
    plans: list[Plan] = []
    # Closed however the loop ends, so that a child process checking rows is stopped at
    # once (and before the checkpoint, which waits for nothing of the child's).
    with _checkpoint_once(enabled=not dry_run and rows > chunk_size), closing(source):
        first = next(source, None)  # the child forks before a writer thread starts
        if first is not None and not dry_run and aside.writes_aside(rows, chunk_size):
            writer = aside.ChunkWriter()
            try:
                for batch in chain([first], source):
                    writer.submit(partial(write, take(batch)))
            except BaseException:
                writer.abandon()
                raise
            plans = writer.finish()
        elif first is not None:
            for batch in chain([first], source):
                plans += write(take(batch))
    if relaxed and plans:
        _wait_for_the_disk()
    for plan in plans:
        report.created += plan.created
        report.updated += plan.updated
        report.unchanged += plan.unchanged
        rejected.extend((row, [(name, reason)]) for row, name, reason in plan.rejected)
    index = {f: (h, table.headers.index(h)) for f, h in mapping.items()}
    for row, errors in sorted(rejected, key=lambda item: item[0].number):
        _reject(report, row, errors, index)
    return report


def _wait_for_the_disk() -> None:
    """Wait until PostgreSQL's log is on disk, up to now: every chunk committed is durable.

    A transaction given an ID writes a commit record, and a commit that waits (the
    default) waits for the log up to that record, which holds every commit before it.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()")


@contextmanager
def _commit_relaxed(enabled: bool = True) -> Iterator[None]:
    """A transaction whose commit does not wait for the disk (PostgreSQL), if ``enabled``."""
    with transaction.atomic():
        if enabled:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _write_batch(
    batch: batches.Batch,
    *,
    parser: Parser,
    org_unit: OrgUnit,
    acting_user: Actor,
    dry_run: bool,
    relaxed: bool,
    progress: Progress | None,
    total: int,
) -> list[Plan]:
    """Write a batch's rows (plan them, in a dry run); return what each plan did."""
    if progress is not None:
        # A job records its progress in the database: that commit need not wait either.
        with _commit_relaxed() if relaxed else nullcontext():
            progress("check" if dry_run else "write", batch.start, total)
    if not batch.offsets:
        return []

    @cache
    def rows() -> Sequence[Row]:
        """The batch's rows, checked again here (once) if the child did not send them."""
        return batch.rows if batch.rows is not None else [parser.parse(o) for o in batch.offsets]

    ready = batch.ready
    # Prepared as new persons without a look: if any is stored, the chunk is planned anew.
    if ready is not None and not batch.confirmed and planning.pks_by_hash(batch.hashes):
        ready = None
    plans = _run_chunk(
        rows,
        org_unit=org_unit,
        acting_user=acting_user,
        dry_run=dry_run,
        schools=parser.school_names,
        ready=ready,
        relaxed=relaxed,
    )
    return [plan.outcome() for plan in plans]


def _run_chunk(
    rows: Callable[[], Sequence[Row]],
    *,
    org_unit: OrgUnit,
    acting_user: Actor,
    dry_run: bool,
    schools: dict[int, str],
    ready: tuple[Plan, Prepared] | None = None,
    relaxed: bool = False,
) -> list[Plan]:
    """Write a chunk in one transaction; if the database refuses it, row by row.

    ``ready`` is the chunk's plan and its prepared rows when they were made already (only
    for a chunk of new persons); otherwise the chunk is planned here, its stored persons
    locked. If ``relaxed``, PostgreSQL confirms the commit before its log is on disk (a
    server crash could lose the chunk, never half of it); the caller then waits for the
    disk once, after the last chunk. This spares the import a wait for every chunk.
    """
    if dry_run:
        return [planning.plan_rows(rows(), org_unit=org_unit, lock=False, schools=schools)]
    try:
        with _commit_relaxed(relaxed):
            if ready is None:
                plan = planning.plan_rows(rows(), org_unit=org_unit, lock=True, schools=schools)
                planning.write_plan(plan, acting_user)
            else:
                plan, prepared = ready
                planning.write_prepared(prepared)
        return [plan]
    except (IntegrityError, DataError):
        pass
    plans = []
    for row in rows():
        try:
            with transaction.atomic():
                plan = planning.plan_rows([row], org_unit=org_unit, lock=True, schools=schools)
                planning.write_plan(plan, acting_user)
        except (IntegrityError, DataError):
            plan = Plan(
                rejected=[
                    (
                        row,
                        "id_number",
                        _(
                            "The row could not be saved: the ID number was registered by "
                            "someone else meanwhile, or a value is too long. Import it again."
                        ),
                    )
                ]
            )
        plans.append(plan)
    return plans


def _reject(report: RosterReport, row: Row, errors: list[tuple[str, str]], index: Any) -> None:
    for name, reason in errors:
        report.errors.append(RowError(row.number, index.get(name, ("", None))[0], reason))
    report.rejected_rows.append(
        (
            row.number,
            ErrorRow(
                cells=row.cells,
                errors=[(index.get(name, ("", None))[1], reason) for name, reason in errors],
            ),
        )
    )

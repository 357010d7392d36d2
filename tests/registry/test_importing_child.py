"""Roster import with rows checked in a child process (``importing.batches.in_child``).

The child is forked for a file of more than one chunk on a machine with a second core;
these tests make every machine such a machine, and compare with checking in-process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from guanai.accounts.models import User
from guanai.registry.importing import batches, importer, planning, roster_import, rows
from guanai.registry.models import Contact, Person
from guanai.sheets.reading import Table
from tests.conftest import Region
from tests.registry.test_importing import _table, crash_on_second_chunk


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Force checking in a child process; count the children started."""
    monkeypatch.setattr(batches, "_cores", lambda: 2)
    started: list[int] = []
    real = batches.in_child

    def counted(produce: Callable[[], Iterator[batches.Batch]]) -> Iterator[batches.Batch]:
        started.append(1)
        yield from real(produce)

    monkeypatch.setattr(batches, "in_child", counted)
    return started


@pytest.fixture(params=["child", "in-process"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with rows checked in a child process, then on this thread."""
    monkeypatch.setattr(batches, "_cores", lambda: 2)
    monkeypatch.setattr(batches, "CHECK_IN_CHILD", request.param == "child")
    return str(request.param)


def _persons() -> list[tuple[str, list[str], list[str]]]:
    return [
        (
            p.name,
            sorted(p.categories.values_list("category", flat=True)),
            list(p.contacts.values_list("name", flat=True)),
        )
        for p in Person.objects.order_by("pk")
    ]


def test_rows_checked_in_a_child_are_written_whole_and_in_the_files_order(
    region: Region, township_worker: User, children: list[int]
) -> None:
    report = roster_import(
        _table(8), acting_user=township_worker, org_unit=region.lengqi, chunk_size=3
    )
    assert children == [1]
    assert report.counts() == {"created": 8, "updated": 0, "unchanged": 0, "rejected": 0}
    assert _persons() == [(f"学生{n}", ["dibao", "left_behind"], [f"家长{n}"]) for n in range(8)]
    assert LogEntry.objects.filter(actor=township_worker).count() == 8
    # A second import: the chunks hold stored persons, so this process plans them itself.
    again = roster_import(
        _table(8), acting_user=township_worker, org_unit=region.lengqi, chunk_size=3
    )
    assert children == [1, 1]
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 8, "rejected": 0}
    assert Person.objects.count() == 8


def test_a_small_file_is_checked_without_a_child(
    region: Region, township_worker: User, children: list[int]
) -> None:
    report = roster_import(_table(3), acting_user=township_worker, org_unit=region.lengqi)
    assert report.created == 3
    assert children == []


def test_an_id_number_twice_in_the_file_rejects_both_rows_across_chunks(
    region: Region, township_worker: User, mode: str
) -> None:
    table = _table(9)
    table.rows[7][1] = table.rows[1][1]  # row 9 repeats row 3's number, two chunks apart
    # Row 5 repeats row 4's number, but row 5 has an error of its own: row 4 stands.
    table.rows[3][1] = table.rows[2][1]
    table.rows[3][5] = "12345"
    report = roster_import(table, acting_user=township_worker, org_unit=region.lengqi, chunk_size=3)
    assert report.counts() == {"created": 6, "updated": 0, "unchanged": 0, "rejected": 3}
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "身份证号"),
        (5, "监护人电话"),
        (9, "身份证号"),
    ]
    assert report.errors[0].reason == "本表第9行也有相同的身份证号。"
    assert report.errors[2].reason == "本表第3行也有相同的身份证号。"
    created = {p.name for p in Person.objects.all()}
    assert created == {f"学生{n}" for n in (0, 2, 4, 5, 6, 8)}


def test_rejected_rows_come_back_with_their_cells_in_the_callers_language(
    region: Region, township_worker: User, mode: str
) -> None:
    table = _table(7)
    table.rows[5][1] = "513322201201010000"  # a mistyped check digit
    with translation.override("en"):
        report = roster_import(
            table, acting_user=township_worker, org_unit=region.lengqi, chunk_size=2
        )
    assert report.counts()["rejected"] == 1
    assert report.errors[0].row == 7
    assert "check digit" in report.errors[0].reason
    assert report.rejected_rows[0][1].cells == table.rows[5]


def test_an_error_in_the_child_reaches_the_caller_and_stops_the_import(
    region: Region, township_worker: User, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = rows.Parser.parse

    def broken(self: rows.Parser, offset: int) -> rows.Row:
        if offset == 7:
            raise ZeroDivisionError("a bug in the checks")
        return real(self, offset)

    monkeypatch.setattr(rows.Parser, "parse", broken)
    with pytest.raises(ZeroDivisionError, match="a bug in the checks"):
        roster_import(_table(9), acting_user=township_worker, org_unit=region.lengqi, chunk_size=3)
    assert children == [1]
    # The child met row 9 in the third chunk: the two before it were written whole.
    assert _persons() == [(f"学生{n}", ["dibao", "left_behind"], [f"家长{n}"]) for n in range(6)]


def test_a_write_error_stops_the_child_and_leaves_no_half_person(
    region: Region, township_worker: User, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_on_second_chunk(monkeypatch)
    with pytest.raises(DatabaseError, match="disk full"):
        roster_import(_table(9), acting_user=township_worker, org_unit=region.lengqi, chunk_size=3)
    assert Person.objects.count() == 3
    assert Contact.objects.count() == 3
    # The child was stopped and waited for, not left running.
    assert multiprocessing.active_children() == []


def test_the_child_never_uses_the_parents_database_connection(
    region: Region, township_worker: User, children: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batches.plan_rows

    def querying(*args: Any, **kwargs: Any) -> planning.Plan:
        Person.objects.count()  # in the child: refused, never sent on the parent's socket
        return real(*args, **kwargs)

    monkeypatch.setattr(batches, "plan_rows", querying)
    with pytest.raises(RuntimeError, match="does not use the database"):
        roster_import(_table(6), acting_user=township_worker, org_unit=region.lengqi, chunk_size=3)
    # This process's connection (and the test's transaction) is whole.
    assert Person.objects.count() == 0
    report = roster_import(_table(2), acting_user=township_worker, org_unit=region.lengqi)
    assert report.created == 2


def test_progress_counts_the_rows_handled_before_each_chunk(
    region: Region, township_worker: User, children: list[int]
) -> None:
    calls: list[tuple[str, int, int]] = []
    table = Table(headers=_table(1).headers, rows=[*_table(4).rows, ["", "", "", "", "", ""]])
    table.rows += _table(3, start=10).rows
    roster_import(
        table,
        acting_user=township_worker,
        org_unit=region.lengqi,
        chunk_size=3,
        progress=lambda *call: calls.append(call),
    )
    # Eight lines, one of them blank: chunks start at lines 1, 4 and 8 (after the blank).
    assert calls == [("write", 0, 8), ("write", 3, 8), ("write", 7, 8)]
    assert Person.objects.count() == 7
    assert importer.CHUNK_SIZE == 5000


@pytest.mark.django_db(transaction=True)
def test_the_import_waits_for_the_disk_once_at_the_end(
    region: Region, township_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: chunks (and the progress a job records) commit without waiting for their
    log to reach the disk; the import then waits once, for all of them. SQLite: the log is
    copied into the database once, after the last chunk, not after each."""
    seen: list[str] = []
    real = planning.write_prepared

    def setting() -> str:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW synchronous_commit")
            else:
                cursor.execute("PRAGMA wal_autocheckpoint")
            return str(cursor.fetchone()[0])

    def spy(prepared: planning.Prepared) -> None:
        seen.append(setting())
        real(prepared)

    monkeypatch.setattr(planning, "write_prepared", spy)
    with CaptureQueriesContext(connection) as queries:
        report = roster_import(
            _table(6),
            acting_user=township_worker,
            org_unit=region.lengqi,
            chunk_size=3,
            progress=lambda *call: seen.append(f"progress {setting()}"),
        )
    assert report.created == 6
    if connection.vendor == "postgresql":
        assert seen == ["progress off", "off", "progress off", "off", "progress off"]
        assert setting() == "on"  # SET LOCAL: only inside the chunk
        # The last statement: a transaction whose commit waits for the log, up to now.
        assert "pg_current_xact_id" in queries.captured_queries[-2]["sql"]
    else:
        assert seen == ["progress 0", "0", "progress 0", "0", "progress 0"]
        assert setting() == "1000"  # as it was before the import
        assert "wal_checkpoint" in queries.captured_queries[-1]["sql"]


def test_a_child_whose_parent_is_gone_ends_instead_of_waiting() -> None:
    """Were the parent killed, nobody would read the pipe: the child must not wait for ever
    (it closes its own copy of the reading end, so its writes fail instead)."""

    def produce() -> Iterator[batches.Batch]:
        for n in range(100):  # far more than a pipe holds
            yield batches.Batch(offsets=[n], hashes=["0" * 64] * 1000, rows=None)

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=partial(batches._child, produce, receiver, sender))
    child.start()
    sender.close()
    receiver.close()  # the parent is gone
    child.join(timeout=60)
    exitcode = child.exitcode
    if exitcode is None:  # still waiting: stop it, or this test process would wait too
        child.kill()
        child.join()
    assert exitcode == 0

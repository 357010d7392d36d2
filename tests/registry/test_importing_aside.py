"""Roster import with chunks written on a thread of their own (``importing.aside``).

These tests commit (``transaction=True``): the writer thread has a database connection of
its own, which could not see the rows of a test's open transaction. They force writing
aside on whatever database the suite runs on (by default only PostgreSQL writes aside).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import DatabaseError, connection
from django.utils import translation

from guanai.accounts.models import User
from guanai.core.actors import SYSTEM
from guanai.registry import services
from guanai.registry.importing import aside, batches, planning, roster_import
from guanai.registry.models import Contact, Person, PersonCategory
from tests.conftest import Region
from tests.registry.test_importing import _table, crash_on_second_chunk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _write_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aside, "WRITE_ASIDE_VENDORS", frozenset({connection.vendor}))
    # Checked on this thread, not in a child process (see test_importing_child.py).
    monkeypatch.setattr(batches, "CHECK_IN_CHILD", False)


def _persons() -> list[tuple[str, list[str], list[str], int]]:
    """Each person's name, open categories, contact names and change-log entries."""
    return [
        (
            p.name,
            sorted(p.categories.values_list("category", flat=True)),
            list(p.contacts.values_list("name", flat=True)),
            LogEntry.objects.get_for_object(p).filter(object_id=p.pk).count(),
        )
        for p in Person.objects.order_by("pk")
    ]


def test_chunks_written_aside_are_whole_and_in_the_files_order(
    region: Region, township_worker: User
) -> None:
    calls: list[tuple[str, int, int]] = []
    writers: set[str] = set()

    def progress(stage: str, done: int, total: int) -> None:
        calls.append((stage, done, total))
        if stage == "write":
            writers.add(threading.current_thread().name)

    report = roster_import(
        _table(7),
        acting_user=township_worker,
        org_unit=region.lengqi,
        chunk_size=3,
        progress=progress,
    )
    assert report.counts() == {"created": 7, "updated": 0, "unchanged": 0, "rejected": 0}
    # The writes ran on the writer thread, not on this one.
    assert writers == {"roster-writer"}
    assert calls == [("write", 0, 7), ("write", 3, 7), ("write", 6, 7)]
    # Every person whole: two categories, the guardian, one change-log entry by the user.
    assert _persons() == [(f"学生{n}", ["dibao", "left_behind"], [f"家长{n}"], 1) for n in range(7)]
    assert LogEntry.objects.filter(actor=township_worker).count() == 7
    # No connection of the writer is left open (the thread closed its own).
    assert not any(t.name == "roster-writer" for t in threading.enumerate())


def test_a_second_import_aside_changes_nothing(region: Region, township_worker: User) -> None:
    roster_import(_table(7), acting_user=township_worker, org_unit=region.lengqi, chunk_size=3)
    before = _persons()
    # Given stored persons, the writer plans each chunk itself, with the persons locked.
    again = roster_import(
        _table(7), acting_user=township_worker, org_unit=region.lengqi, chunk_size=3
    )
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 7, "rejected": 0}
    assert _persons() == before


def test_a_crash_aside_leaves_the_written_chunks_whole_and_no_half_person(
    region: Region, township_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_on_second_chunk(monkeypatch)
    # The writer's error reaches the caller.
    with pytest.raises(DatabaseError, match="disk full"):
        roster_import(_table(9), acting_user=township_worker, org_unit=region.lengqi, chunk_size=3)
    # The first chunk is whole; of the second nothing was written, nor of the third.
    assert _persons() == [(f"学生{n}", ["dibao", "left_behind"], [f"家长{n}"], 1) for n in range(3)]
    assert Contact.objects.count() == 3


def test_an_id_registered_after_the_check_is_updated_by_the_row_by_row_retry(
    region: Region, township_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = _table(6)
    taken = services.person_register(
        acting_user=SYSTEM,
        org_unit=region.lengqi,
        data=services.PersonData(name="学生4", id_number=table.rows[4][1]),
    )
    real = planning.pks_by_hash

    def unseen_by_the_planner(hashes: Any) -> dict[str, int]:
        # As if the person were registered after this thread looked: only the writer sees it.
        if threading.current_thread() is threading.main_thread():
            return {}
        return real(hashes)

    monkeypatch.setattr(planning, "pks_by_hash", unseen_by_the_planner)
    report = roster_import(table, acting_user=township_worker, org_unit=region.lengqi, chunk_size=3)
    # The database refused the second chunk (the ID is taken); row by row, the taken
    # file is updated with the row's categories and guardian, and the rest are created.
    assert report.counts() == {"created": 5, "updated": 1, "unchanged": 0, "rejected": 0}
    assert Person.objects.count() == 6
    assert sorted(
        PersonCategory.objects.filter(person=taken).values_list("category", flat=True)
    ) == [
        "dibao",
        "left_behind",
    ]
    assert list(taken.contacts.values_list("name", flat=True)) == ["家长4"]


def test_a_file_outside_the_unit_is_refused_aside_in_the_callers_language(
    region: Region, township_worker: User
) -> None:
    table = _table(4)
    services.person_register(
        acting_user=SYSTEM,
        org_unit=region.xinglong,
        data=services.PersonData(name="别处", id_number=table.rows[3][1]),
    )
    languages: set[str] = set()
    with translation.override("en"):
        report = roster_import(
            table,
            acting_user=township_worker,
            org_unit=region.lengqi,
            chunk_size=2,
            progress=lambda stage, done, total: languages.add(translation.get_language()),
        )
    assert report.counts() == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 1}
    assert [(e.row, e.column) for e in report.errors] == [(5, "身份证号")]
    assert "outside the one you import into" in report.errors[0].reason
    # The writer thread worked in the caller's language.
    assert languages == {"en"}

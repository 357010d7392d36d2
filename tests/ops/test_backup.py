"""``guanai backup`` and ``guanai restore`` on the database of the test run.

The tests run on SQLite by default and on PostgreSQL when DATABASE_URL names it. They
commit (transaction=True) because backups are taken by another process, as in
production, and that process only sees committed rows.
"""

from __future__ import annotations

import getpass
import io
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone, translation

from guanai.core.models import AccessLog, AuditAction
from guanai.ops.backup import (
    POSTGRESQL,
    SQLITE,
    BackupFailed,
    database_backup,
    database_engine,
    database_restore,
)
from guanai.ops.backup import postgres as backup_module
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import org_unit_update
from tests import factories
from tests.ops.processes import Writers, guanai

pytestmark = pytest.mark.django_db(transaction=True)


def build_county() -> OrgUnit:
    """Create 四川省 → 甘孜州 → 泸定县 with two townships; return the county."""
    province = factories.org_unit(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    prefecture = factories.org_unit(
        parent=province, kind=OrgKind.PREFECTURE, name="甘孜藏族自治州", code="513300"
    )
    county = factories.org_unit(
        parent=prefecture, kind=OrgKind.COUNTY, name="泸定县", code="513322"
    )
    factories.org_unit(parent=county, kind=OrgKind.TOWNSHIP, name="冷碛镇", code="513322101000")
    factories.org_unit(parent=county, kind=OrgKind.TOWNSHIP, name="兴隆镇", code="513322102000")
    return county


def snapshot() -> list[tuple[int, str, str, str, int]]:
    """Return every org unit as (pk, name, code, path, version), in path order."""
    return list(
        OrgUnit.objects.order_by("path").values_list("pk", "name", "code", "path", "version")
    )


def change_data(county: OrgUnit) -> None:
    """Add a township and rename another, after the backup."""
    factories.org_unit(parent=county, kind=OrgKind.TOWNSHIP, name="磨西镇", code="513322103000")
    lengqi = OrgUnit.objects.get(name="冷碛镇")
    org_unit_update(
        unit=lengqi, version=lengqi.version, name="冷碛镇（新）", code=lengqi.code, is_active=True
    )


def log_rows(action: AuditAction) -> list[tuple[str, str, dict[str, object], int | None]]:
    """Return the access-log rows of ``action`` as (username, object, detail, user id)."""
    return list(
        AccessLog.objects.filter(action=action)
        .order_by("id")
        .values_list("username", "object_repr", "detail", "user_id")
    )


def operator() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "system"


def test_backup_by_another_process_then_restore_brings_the_rows_back(tmp_path: Path) -> None:
    county = build_county()
    before = snapshot()
    backup = tmp_path / "guanai.backup"

    result = guanai("backup", str(backup))
    assert result.returncode == 0, result.stderr
    assert backup.stat().st_mode & 0o077 == 0  # personal data: readable by the owner only
    # The backup is in the live access log, by the OS user, with the file and its size
    assert log_rows(AuditAction.BACKUP) == [
        (operator(), str(backup.resolve()), {"size": backup.stat().st_size}, None)
    ]

    change_data(county)
    assert snapshot() != before

    call_command("restore", str(backup), "--yes", stdout=io.StringIO())

    assert snapshot() == before
    assert not OrgUnit.objects.filter(name__in=["磨西镇", "冷碛镇（新）"]).exists()
    # The restored database accepts writes again, with fresh keys (sequences restored).
    new = factories.org_unit(
        parent=county, kind=OrgKind.TOWNSHIP, name="磨西镇", code="513322103000"
    )
    assert new.pk > max(pk for pk, *_ in before)


def test_backups_and_restores_are_in_the_access_log(tmp_path: Path) -> None:
    county = build_county()
    first, second = tmp_path / "first.backup", tmp_path / "second.backup"
    database_backup(first)
    change_data(county)
    database_backup(second)
    assert [row[1] for row in log_rows(AuditAction.BACKUP)] == [
        str(first.resolve()),
        str(second.resolve()),
    ]
    started = timezone.now()

    out = io.StringIO()
    call_command("restore", str(second), "--yes", stdout=out)

    # The restored log holds what the backup held: the row of the first backup, not the
    # row of the second (written after its snapshot), and then the restore from it.
    assert log_rows(AuditAction.BACKUP) == [
        (operator(), str(first.resolve()), {"size": first.stat().st_size}, None)
    ]
    assert log_rows(AuditAction.RESTORE) == [
        (operator(), str(second.resolve()), {"size": second.stat().st_size}, None)
    ]
    assert AccessLog.objects.get(action=AuditAction.RESTORE).at >= started
    assert snapshot()[-1][1] == "磨西镇"  # the data of the second backup
    assert "guanai migrate" in out.getvalue()


@pytest.fixture
def _drop_newer_table() -> Iterator[None]:
    """Drop the table a "newer migration" added, whatever the test did (flush would fail)."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS ops_newer_than_backup")


@pytest.mark.usefixtures("_drop_newer_table")
def test_older_backup_replaces_a_newer_schema_and_migrate_brings_it_up(tmp_path: Path) -> None:
    # Given a backup made before the latest migration of core had run
    county = build_county()
    recorder = MigrationRecorder(connection)
    latest = recorder.migration_qs.filter(app="core").latest("id").name
    recorder.record_unapplied("core", latest)
    backup = tmp_path / "older.backup"
    database_backup(backup)
    # And a database that has since been migrated further: the migration ran, and a newer
    # one added a table whose rows point at the org units
    recorder.record_applied("core", latest)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE ops_newer_than_backup (id integer PRIMARY KEY,"
            " unit_id bigint NOT NULL REFERENCES orgs_orgunit (id))"
        )
        cursor.execute("INSERT INTO ops_newer_than_backup VALUES (1, %s)", [county.pk])
    before = snapshot()

    # When the older backup is restored
    database_restore(backup)

    # Then the database is the backup's, tables and migration history alike
    assert snapshot() == before
    assert "ops_newer_than_backup" not in connection.introspection.table_names()
    assert ("core", latest) not in recorder.applied_migrations()
    assert log_rows(AuditAction.RESTORE) == [
        (operator(), str(backup.resolve()), {"size": backup.stat().st_size}, None)
    ]
    # And “guanai migrate” brings it up to this version again
    call_command("migrate", verbosity=0)
    assert ("core", latest) in recorder.applied_migrations()
    assert snapshot() == before


def access_log_columns() -> list[str]:
    with connection.cursor() as cursor:
        return [
            column.name
            for column in connection.introspection.get_table_description(cursor, "core_accesslog")
        ]


@pytest.fixture
def _access_log_detail_back() -> Iterator[None]:
    """Give the access log its ``detail`` column back, whatever the test did."""
    yield
    if "detail" not in access_log_columns():
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_accesslog RENAME COLUMN detail_old TO detail")


@pytest.mark.usefixtures("_access_log_detail_back")
def test_backup_or_restore_that_cannot_be_recorded_says_so(tmp_path: Path) -> None:
    # Given an access log without a column this version writes (as an older one might be)
    county = build_county()
    before = snapshot()
    backup = tmp_path / "old-log.backup"
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_accesslog RENAME COLUMN detail TO detail_old")
    # When a backup is made, it is written but the operator is told it was not recorded
    with translation.override("en"), pytest.raises(BackupFailed) as refused:
        database_backup(backup)
    assert str(refused.value.message).startswith(
        f"The backup was written to {backup} but could not be recorded in the access log: "
    )
    assert backup.is_file()
    # And when that backup is restored into a database migrated since
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_accesslog RENAME COLUMN detail_old TO detail")
    change_data(county)
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("restore", str(backup), "--yes", stdout=out, stderr=err)
    # Then the data is back, and the operator is told the restore was not recorded
    assert snapshot() == before
    assert "detail" not in access_log_columns()
    assert "The restore could not be recorded in the access log: " in err.getvalue()
    assert "guanai migrate" in out.getvalue()
    assert AccessLog.objects.filter(action=AuditAction.RESTORE).count() == 0


def test_restore_asks_and_a_no_changes_nothing(tmp_path: Path) -> None:
    county = build_county()
    backup = tmp_path / "guanai.backup"
    database_backup(backup)
    change_data(county)
    after_change = snapshot()

    result = guanai("restore", str(backup), stdin="no\n")

    assert result.returncode == 0, result.stderr
    assert "yes" in result.stdout  # the question was asked
    assert snapshot() == after_change
    assert log_rows(AuditAction.RESTORE) == []


def test_backup_while_others_write_is_a_consistent_snapshot(tmp_path: Path) -> None:
    county = build_county()
    township = OrgUnit.objects.get(name="兴隆镇")
    backup = tmp_path / "guanai.backup"
    schools = OrgUnit.objects.filter(parent=township)
    writers = Writers(2, seconds=2.0, parent_pk=township.pk)
    try:
        writers.start()
        # Back up once the writers are under way, while they go on writing.
        while not schools.exists() and any(p.poll() is None for p in writers.processes):
            time.sleep(0.02)
        database_backup(backup)
        reports = writers.reports()
    finally:
        writers.stop()
    assert [error for report in reports for error in report["errors"]] == []
    written = sum(report["units"] for report in reports)

    database_restore(backup)

    # The backup holds a prefix of the writers' commits, never half a transaction:
    # every school it holds has its path set (the second statement of the create) and
    # the names count up without a gap. The writers went on after it.
    count = schools.count()
    assert 0 < count < written
    assert set(schools.values_list("name", flat=True)) == {
        f"学校{n:05d}" for n in range(1, count + 1)
    }
    assert not schools.filter(path="pending").exists()
    assert OrgUnit.objects.get(pk=county.pk).name == "泸定县"


def _not_guanai_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()


def _cut_backup(keep: float) -> Callable[[Path], None]:
    """Return a maker of a real backup of this database cut short (a broken copy)."""

    def make(path: Path) -> None:
        whole = path.with_suffix(".whole")
        database_backup(whole)
        data = whole.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])

    return make


NOT_A = {SQLITE: "is not a SQLite backup", POSTGRESQL: "is not a PostgreSQL backup"}
PG_UNREADABLE = "cannot be read as a PostgreSQL backup"
# Each bad file, how to make it, and what the refusal says on each engine.
BAD_FILES: dict[str, tuple[Callable[[Path], object], dict[str, str]]] = {
    "missing": (lambda path: None, dict.fromkeys(NOT_A, "Backup file not found")),
    "text": (lambda path: path.write_text("hello"), NOT_A),
    "pg_dump_header_only": (
        lambda path: path.write_bytes(b"PGDMP\x01\x0e\x00"),
        {SQLITE: NOT_A[SQLITE], POSTGRESQL: PG_UNREADABLE},
    ),
    "other_sqlite_database": (
        _not_guanai_sqlite,
        {SQLITE: "is a SQLite database but not a backup of Guanai", POSTGRESQL: NOT_A[POSTGRESQL]},
    ),
    # Cut short: SQLite trips on whichever page is missing first; the header tells.
    "half_a_backup": (
        _cut_backup(0.5),
        {SQLITE: "is damaged", POSTGRESQL: PG_UNREADABLE},
    ),
    # On PostgreSQL the table of contents is whole, so pg_restore starts and fails on
    # the last data block: the single transaction must roll everything back.
    "backup_without_its_end": (
        _cut_backup(0.999),
        {SQLITE: "is damaged", POSTGRESQL: "The restore failed and nothing was changed"},
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_with_a_clear_error_and_changes_nothing(
    tmp_path: Path, case: str
) -> None:
    county = build_county()
    change_data(county)
    before = snapshot()
    path = tmp_path / "bad.backup"
    make, expected = BAD_FILES[case]
    make(path)

    with translation.override("en"), pytest.raises(BackupFailed) as refused:
        database_restore(path)

    assert expected[database_engine()] in str(refused.value.message)
    assert snapshot() == before


def test_restore_cut_off_before_its_end_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county = build_county()
    backup = tmp_path / "guanai.backup"
    database_backup(backup)
    change_data(county)
    before = snapshot()
    if database_engine() == POSTGRESQL:
        # As if Guanai were killed once pg_restore's script was through, before the end
        # marker: psql reads the end of its input and must not commit what it was given.
        monkeypatch.setattr(backup_module, "PG_COMPLETE", b"")
        expected = "the input ended before the whole backup was read"
    else:
        # SQLite reads the backup as one file: its end is the file's end.
        backup.write_bytes(backup.read_bytes()[:-4096])
        expected = "is damaged|cannot be read as a SQLite backup"

    with translation.override("en"), pytest.raises(BackupFailed, match=expected):
        database_restore(backup)

    assert snapshot() == before
    assert log_rows(AuditAction.RESTORE) == []


def test_restore_command_reports_a_missing_file(tmp_path: Path) -> None:
    build_county()
    before = snapshot()
    missing = tmp_path / "missing.backup"
    with translation.override("en"), pytest.raises(CommandError, match="Backup file not found"):
        call_command("restore", str(missing), "--yes")
    assert snapshot() == before

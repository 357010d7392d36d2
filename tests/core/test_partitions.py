"""The largest tables partitioned by month on PostgreSQL (core.partitions, issue 24 point 4):
made by the migrations from tables that already hold rows, rows of any date land somewhere,
the coming months are made ahead and take their rows out of the DEFAULT partition."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from guanai.accounts.models import Role, User
from guanai.care.models import CareKind, CareRecord
from guanai.core import partitions
from guanai.core.models import AccessLog, AuditAction
from guanai.core.months import add_months, this_month
from guanai.orgs.models import OrgKind
from tests import factories
from tests.conftest import Region

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite keeps plain tables (run with DATABASE_URL=postgres://…)",
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BEFORE = [("core", "0009_accesslog_log_archive_action"), ("care", "0006_record_key_and_photos")]
AFTER = [("core", "0010_partition_logs"), ("care", "0007_partition_care_log")]


def _sql(statement: str, params: Any = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return list(cursor.fetchall()) if cursor.description else []


def _where(table: str, pk: int) -> str:
    """The partition holding the row ``pk`` of ``table``."""
    return str(_sql(f"SELECT tableoid::regclass::text FROM {table} WHERE id = %s", [pk])[0][0])  # noqa: S608 - our names, not input


def _record(author: User, unit: Any, day: date, **values: Any) -> CareRecord:
    return CareRecord.objects.create(
        kind=CareKind.TALK, occurred_on=day, author=author, org_unit=unit, **values
    )


def test_the_three_tables_are_partitioned_with_a_sequence_of_their_own(db: None) -> None:
    found = _sql(
        "SELECT c.relname, t.partstrat FROM pg_partitioned_table t "
        "JOIN pg_class c ON c.oid = t.partrelid ORDER BY c.relname"
    )
    assert found == [("auditlog_logentry", "r"), ("care_carerecord", "r"), ("core_accesslog", "r")]
    for spec in partitions.PARTITIONED:
        sequence = _sql("SELECT pg_get_serial_sequence(%s, 'id')", [spec.table])[0][0]
        assert sequence == f"public.{spec.table}_id_seq"
        have = _sql(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [spec.table],
        )
        names = {name for (name,) in have}
        assert spec.default_table in names
        # This month and the three after have partitions of their own.
        for n in range(partitions.MONTHS_AHEAD + 1):
            assert spec.month_table(add_months(this_month(), n)) in names


def test_rows_of_any_date_land_in_their_month_or_the_default(
    region: Region, township_worker: User
) -> None:
    month = this_month()
    now = _record(township_worker, region.lengqi, month)
    old = _record(township_worker, region.lengqi, date(1999, 3, 4))
    assert _where("care_carerecord", now.pk) == f"care_carerecord_p{month:%Y_%m}"
    assert _where("care_carerecord", old.pk) == "care_carerecord_default"
    # The app's queries see both, through the partitioned table.
    assert list(CareRecord.objects.filter(author=township_worker)) == [now, old]
    # A new date moves the record to its month's partition.
    CareRecord.objects.filter(pk=old.pk).update(occurred_on=month)
    assert _where("care_carerecord", old.pk) == f"care_carerecord_p{month:%Y_%m}"
    entry = AccessLog.objects.create(username="tester", action=AuditAction.LOGIN)
    assert _where("core_accesslog", entry.pk) == f"core_accesslog_p{month:%Y_%m}"


def test_the_offline_key_is_still_unique_for_a_record_sent_twice(
    region: Region, township_worker: User
) -> None:
    key = uuid.uuid4()
    _record(township_worker, region.lengqi, date(2026, 11, 20), key=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        _record(township_worker, region.lengqi, date(2026, 11, 20), key=key)
    assert CareRecord.objects.filter(key=key).count() == 1


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_sequences_reset_as_on_plain_tables() -> None:
    """Django's sequence reset (reset_sequences, flush) finds the partitioned tables' own
    sequences: the first row after it is number 1."""
    assert AccessLog.objects.create(username="tester", action=AuditAction.LOGIN).pk == 1


def test_ensure_partitions_makes_the_coming_months_and_moves_the_default_rows(
    region: Region, township_worker: User
) -> None:
    coming = add_months(this_month(), 2)
    name = partitions.CARE_LOG.month_table(coming)
    _sql(f"DROP TABLE {name}")
    early = _record(township_worker, region.lengqi, coming.replace(day=28))
    other = _record(township_worker, region.lengqi, date(2001, 1, 1))
    assert _where("care_carerecord", early.pk) == "care_carerecord_default"

    done = partitions.ensure_partitions()
    assert done["created"] == [name] and done["moved"] == 1
    assert _where("care_carerecord", early.pk) == name
    assert _where("care_carerecord", other.pk) == "care_carerecord_default"
    assert partitions.ensure_partitions()["created"] == []  # nothing missing any more


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_migrations_partition_tables_that_hold_rows_and_go_back() -> None:
    county = factories.org_unit(parent=None, kind=OrgKind.COUNTY, name="泸定县", code="513322")
    author = factories.user(unit=county, role=Role.WORKER, username="helper")
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        assert _sql("SELECT count(*) FROM pg_partitioned_table") == [(0,)]
        Record = old.get_model("care", "CareRecord")
        days = [date(2001, 3, 15), date(2026, 11, 20), date(2031, 1, 9)]
        records = [
            Record.objects.create(
                kind="talk",
                occurred_on=day,
                author_id=author.pk,
                org_unit_id=county.pk,
                version=1,
                key=uuid.uuid4(),
            )
            for day in days
        ]
        Met = old.get_model("care", "CareRecordPerson")
        person = factories.person(county)
        Met.objects.create(record=records[0], person_id=person.pk, kind="talk", occurred_on=days[0])
        Log = old.get_model("core", "AccessLog")
        entries = [Log.objects.create(username="u", action="login") for _ in range(3)]
        at = [(2001, 3, 15, 1), (2026, 11, 30, 23), (2031, 1, 1, 0)]
        for entry, moment in zip(entries, at, strict=True):
            Log.objects.filter(pk=entry.pk).update(at=datetime(*moment, tzinfo=SHANGHAI))

        _migrate(AFTER)
        for record, day in zip(records, days, strict=True):
            assert _where("care_carerecord", record.pk) == f"care_carerecord_p{day:%Y_%m}"
        assert [_where("core_accesslog", e.pk) for e in entries] == [
            "core_accesslog_p2001_03",
            "core_accesslog_p2026_11",
            "core_accesslog_p2031_01",
        ]
        assert CareRecord.objects.count() == 3
        assert CareRecord.objects.get(pk=records[0].pk).met.get().person_id == person.pk
        fresh = CareRecord.objects.create(
            kind="talk", occurred_on=date(2026, 12, 1), author=author, org_unit=county
        )
        assert fresh.pk == max(r.pk for r in records) + 1
        entry = AccessLog.objects.create(username="u", action=AuditAction.LOGIN)
        assert entry.pk == max(e.pk for e in entries) + 1

        _migrate(BEFORE)
        assert _sql("SELECT count(*) FROM pg_partitioned_table") == [(0,)]
        assert Record.objects.count() == 4 and Log.objects.count() == 4
        foreign = _sql(
            "SELECT conrelid::regclass::text FROM pg_constraint "
            "WHERE confrelid = 'care_carerecord'::regclass ORDER BY 1"
        )
        assert foreign == [("care_carerecordperson",), ("care_carerecordphoto",)]
    finally:
        MigrationExecutor(connection).migrate(leaves)
    assert len(_sql("SELECT 1 FROM pg_partitioned_table")) == 3

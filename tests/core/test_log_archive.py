"""``guanai archive-logs``: the logs' months before the cut-off are archived to gzip CSV files
and removed, exactly those, on both engines (PostgreSQL: their partitions dropped); a month
less than 6 months ago is refused with nothing changed."""

from __future__ import annotations

import csv
import gzip
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from guanai.core import partitions
from guanai.core.models import AccessLog, AuditAction

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 12, 8, 10, tzinfo=SHANGHAI)
# Local times: the last instant of May goes, the first of June stays (--before 2026-06).
GONE = [
    datetime(1999, 1, 1, 8, tzinfo=SHANGHAI),
    datetime(2026, 4, 30, 23, 30, tzinfo=SHANGHAI),
    datetime(2026, 5, 31, 23, 59, 59, tzinfo=SHANGHAI),
]
KEPT = [datetime(2026, 6, 1, 0, 0, tzinfo=SHANGHAI), datetime(2026, 7, 10, tzinfo=SHANGHAI)]


def _access(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return AccessLog.objects.create(username="clerk", action=AuditAction.READ).pk


def _audit(moment: datetime) -> int:
    kind = ContentType.objects.get_for_model(AccessLog)
    entry = LogEntry.objects.create(
        content_type=kind, object_pk="1", object_repr="x", action=0, timestamp=moment
    )
    return int(entry.pk)


def _ids(path: Path) -> set[int]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return {int(row["id"]) for row in rows}


@pytest.fixture
def logs(db: None) -> dict[str, dict[str, list[int]]]:
    if connection.vendor == "postgresql":
        # Partitions for April to July, as the daily job would have made them then.
        partitions.ensure_partitions(today=date(2026, 4, 2))
    found: dict[str, dict[str, list[int]]] = {}
    for table, write in (("core_accesslog", _access), ("auditlog_logentry", _audit)):
        found[table] = {
            "gone": [write(moment) for moment in GONE],
            "kept": [write(moment) for moment in KEPT],
        }
    return found


def _run(*args: str) -> str:
    out = io.StringIO()
    with time_machine.travel(TODAY, tick=False), translation.override("en"):
        call_command("archive_logs", *args, stdout=out)
    return out.getvalue()


def test_archive_logs_removes_exactly_the_months_before_the_cut_off(
    logs: dict[str, dict[str, list[int]]], tmp_path: Path
) -> None:
    output = _run("--before", "2026-06", "--to", str(tmp_path))

    assert not AccessLog.objects.filter(pk__in=logs["core_accesslog"]["gone"]).exists()
    assert set(
        AccessLog.objects.filter(pk__in=logs["core_accesslog"]["kept"]).values_list("pk", flat=True)
    ) == set(logs["core_accesslog"]["kept"])
    assert not LogEntry.objects.filter(pk__in=logs["auditlog_logentry"]["gone"]).exists()
    assert LogEntry.objects.filter(pk__in=logs["auditlog_logentry"]["kept"]).count() == 2

    for table, ids in logs.items():
        names = sorted(p.name for p in tmp_path.glob(f"{table}-*"))
        assert names == [f"{table}-{m}.csv.gz" for m in ("1999-01", "2026-04", "2026-05")]
        archived = set().union(*(_ids(tmp_path / name) for name in names))
        assert archived == set(ids["gone"])
        assert all((tmp_path / name).stat().st_mode & 0o777 == 0o600 for name in names)
    assert "Archived and removed 6 rows in 6 files" in output

    record = AccessLog.objects.get(action=AuditAction.LOG_ARCHIVE)
    assert record.detail["before"] == "2026-06"
    assert record.detail["rows"]["core_accesslog"] == {"1999-01": 1, "2026-04": 1, "2026-05": 1}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            have = partitions.month_partitions(cursor, partitions.ACCESS_LOG)
        assert date(2026, 4, 1) not in have and date(2026, 5, 1) not in have
        assert date(2026, 6, 1) in have and date(2026, 7, 1) in have
        assert sorted(record.detail["dropped"]) == [
            f"{table}_p2026_{m}"
            for table in ("auditlog_logentry", "core_accesslog")
            for m in ("04", "05")
        ]


def test_a_dry_run_says_what_would_go_and_changes_nothing(
    logs: dict[str, dict[str, list[int]]], tmp_path: Path
) -> None:
    before = AccessLog.objects.count(), LogEntry.objects.count()
    output = _run("--before", "2026-06", "--to", str(tmp_path), "--dry-run")
    assert "core_accesslog 2026-05: 1" in output
    assert "Dry run: 6 rows would be archived and removed; nothing was changed." in output
    assert (AccessLog.objects.count(), LogEntry.objects.count()) == before
    assert list(tmp_path.iterdir()) == []


def test_a_month_less_than_six_months_ago_is_refused(
    logs: dict[str, dict[str, list[int]]], tmp_path: Path
) -> None:
    before = AccessLog.objects.count(), LogEntry.objects.count()
    with pytest.raises(CommandError) as refused:
        _run("--before", "2026-07", "--to", str(tmp_path))
    assert str(refused.value) == (
        "The audit and access logs are kept at least 6 months: --before 2026-07 would remove "
        "entries younger than that. The latest month that can be given today is 2026-06. "
        "Nothing was changed."
    )
    assert (AccessLog.objects.count(), LogEntry.objects.count()) == before
    assert list(tmp_path.iterdir()) == []


def test_a_month_that_is_not_one_is_refused(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        _run("--before", "2026-13", "--to", str(tmp_path))
    assert not AccessLog.objects.filter(action=AuditAction.LOG_ARCHIVE).exists()

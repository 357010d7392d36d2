"""Concurrent writers: no "database is locked", no lost write (DESIGN §3).

SQLite runs in WAL mode with BEGIN IMMEDIATE and a busy timeout so that several gunicorn
workers and the task worker can write at once. Eight processes write for three seconds
each, with both plain inserts and read-then-write transactions (the kind that fails at
once with "database is locked" under SQLite's default DEFERRED transactions). On a
PostgreSQL run (DATABASE_URL) the same test proves the same on PostgreSQL.
"""

from __future__ import annotations

import pytest

from guanai.core.models import AccessLog
from guanai.orgs.models import OrgKind, OrgUnit
from tests import factories
from tests.ops.processes import Writers
from tests.ops.writer import LOG_TYPE

WRITERS = 8
SECONDS = 3.0


@pytest.mark.django_db(transaction=True)
def test_eight_processes_write_at_once_without_lock_errors_or_lost_writes() -> None:
    province = factories.org_unit(parent=None, kind=OrgKind.PROVINCE, code="510000")
    prefecture = factories.org_unit(parent=province, kind=OrgKind.PREFECTURE, code="513300")
    county = factories.org_unit(parent=prefecture, kind=OrgKind.COUNTY, code="513322")
    township = factories.org_unit(parent=county, kind=OrgKind.TOWNSHIP, code="513322101000")

    writers = Writers(WRITERS, seconds=SECONDS, parent_pk=township.pk)
    try:
        writers.start()
        reports = writers.reports()
    finally:
        writers.stop()

    assert [error for report in reports for error in report["errors"]] == []
    # Every writer did both kinds of transaction, and all of them were writing at the
    # same time: the last to start began before the first to finish ended.
    assert all(report["logs"] > 0 and report["units"] > 0 for report in reports)
    assert max(r["started"] for r in reports) < min(r["ended"] for r in reports)
    # No lost write: the rows in the database are exactly those the writers reported.
    logs = sum(report["logs"] for report in reports)
    units = sum(report["units"] for report in reports)
    assert AccessLog.objects.filter(object_type=LOG_TYPE).count() == logs
    names = set(OrgUnit.objects.filter(parent=township).values_list("name", flat=True))
    # Each read-then-write saw every earlier commit: the names count up without a gap.
    assert names == {f"学校{n:05d}" for n in range(1, units + 1)}

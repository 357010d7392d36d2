"""A writer process for the concurrency tests: ``python -m tests.ops.writer ...``.

Arguments: worker number, seconds to write, the pk of the org unit to add schools under.
It sets Django up on the database named by DATABASE_URL, prints ``ready``, waits for a
line on stdin (so that all writers start together), then for the given time alternates
two transactions:

* an insert: one access-log row;
* a read-then-write: lock the parent unit, count its children and create the next one,
  named by that count. If two such transactions ever overlapped, two would read the same
  count and the second create would fail on the unique name (or a name would be missing).

Errors are collected, not raised, and the last stdout line is a JSON report.
"""

from __future__ import annotations

import json
import sys
import time

import django

LOG_TYPE = "test.concurrency"


def main(argv: list[str]) -> None:
    worker, seconds, parent_pk = int(argv[0]), float(argv[1]), int(argv[2])
    django.setup()
    from django.db import DatabaseError, transaction

    from guanai.core.audit import access_log
    from guanai.core.errors import DomainError
    from guanai.core.models import AuditAction
    from guanai.orgs.models import OrgKind, OrgUnit
    from guanai.orgs.services import org_unit_create

    print("ready", flush=True)
    sys.stdin.readline()
    logs = units = 0
    errors: list[str] = []
    started = time.time()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with transaction.atomic():
                access_log(
                    user=None,
                    action=AuditAction.READ,
                    object_type=LOG_TYPE,
                    object_id=f"{worker}-{logs}",
                    username=f"writer{worker}",
                )
            logs += 1
        except DatabaseError as exc:
            errors.append(f"insert: {exc}")
        try:
            with transaction.atomic():
                # select_for_update serialises creators on PostgreSQL; on SQLite it is a
                # no-op and BEGIN IMMEDIATE does the same for the whole transaction.
                parent = OrgUnit.objects.select_for_update().get(pk=parent_pk)
                taken = OrgUnit.objects.filter(parent=parent).count()
                org_unit_create(parent=parent, kind=OrgKind.SCHOOL, name=f"学校{taken + 1:05d}")
            units += 1
        except (DatabaseError, DomainError) as exc:
            errors.append(f"read-then-write: {exc}")
    report = {
        "worker": worker,
        "logs": logs,
        "units": units,
        "errors": errors[:20],
        "started": started,
        "ended": time.time(),
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

"""A recorder process for the claims concurrency test.

``python -m tests.benefits.claim_recorder <worker> <person pk> <user pk>`` sets Django up
on the database named by DATABASE_URL, prints ``ready``, waits for a line on stdin (so
that all recorders start together), then records one claim of ¥20,000 out of pocket for
the person, discharged on the worker's day of March 2025, through
``benefits.claims.claim_record``. The last stdout line is a JSON report.
"""

from __future__ import annotations

import json
import sys

import django


def main(argv: list[str]) -> None:
    worker, person_pk, user_pk = int(argv[0]), int(argv[1]), int(argv[2])
    django.setup()
    from django.db import DatabaseError

    from guanai.accounts.models import User
    from guanai.benefits.claims import claim_record
    from guanai.registry.models import Person

    user = User.objects.get(pk=user_pk)
    person = Person.objects.select_related("org_unit").get(pk=person_pk)
    day = f"2025-03-{worker + 1:02d}"
    print("ready", flush=True)
    sys.stdin.readline()
    report: dict[str, str] = {"worker": str(worker)}
    try:
        claim = claim_record(
            acting_user=user,
            person=person,
            data={
                "hospital": "泸定县人民医院",
                "admitted": day,
                "discharged": day,
                "total_cost": "20000",
            },
        )
        report["assistance"] = str(claim.medical_assistance)
    except DatabaseError as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(report, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

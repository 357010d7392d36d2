"""Two claims of one person recorded at the same moment never both use the same rest of
the yearly cap (claims.claim_record locks the person; SQLite transactions are IMMEDIATE).

Each recorder is a process of its own on the test database, as gunicorn workers would be.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest

from guanai.accounts.models import User
from guanai.benefits.claims import year_so_far
from guanai.benefits.models import MedicalClaim
from tests.benefits.fixtures_medical import adult
from tests.conftest import Region
from tests.ops.processes import REPO, child_env

RECORDERS = 4


def run_recorders(person_pk: int, user_pk: int) -> list[dict[str, Any]]:
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.benefits.claim_recorder",
                str(n),
                str(person_pk),
                str(user_pk),
            ],
            env=child_env(),
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(RECORDERS)
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            if line.strip() != "ready":
                _, stderr = process.communicate(timeout=30)
                raise AssertionError(f"recorder did not start: {line}{stderr}")
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        reports = []
        for process in processes:
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
            reports.append(json.loads(stdout.strip().splitlines()[-1]))
        return reports
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()


@pytest.mark.django_db(transaction=True)
def test_claims_recorded_at_once_share_the_cap_and_no_more(
    region: Region, township_worker: User
) -> None:
    # Given a patient with nothing received in 2025, when four processes record at the same
    # moment a claim worth ¥14,000 each (20,000 × 70 %, ¥56,000 in all)
    person = adult(township_worker, region.ganlusi)
    reports = run_recorders(person.pk, township_worker.pk)

    # Then all are recorded, and together they pay exactly the ¥50,000 cap: three in full
    # and one with the ¥8,000 left, whichever came last.
    assert [r.get("error") for r in reports] == [None] * RECORDERS
    paid = sorted(Decimal(r["assistance"]) for r in reports)
    assert paid == [Decimal("8000.00")] + [Decimal("14000.00")] * 3
    assert MedicalClaim.objects.filter(person=person).count() == RECORDERS
    assert year_so_far(person, 2025).assistance == Decimal("50000.00")

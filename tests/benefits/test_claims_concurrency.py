"""Two claims of one person recorded at the same moment never both use the same rest of
the yearly cap (claims.claim_record locks the person; SQLite transactions are IMMEDIATE).

Each recorder is a process of its own on the test database, as gunicorn workers would be.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from guanai.accounts.models import User
from guanai.benefits.claims import year_so_far
from guanai.benefits.models import MedicalClaim
from tests.benefits.fixtures_medical import adult
from tests.conftest import Region
from tests.ops.processes import released_together

RECORDERS = 4


def run_recorders(person_pk: int, user_pk: int) -> list[dict[str, Any]]:
    """Run the recorder processes (tests/benefits/claim_recorder.py) at the same moment."""
    return released_together(
        "tests.benefits.claim_recorder",
        [[str(n), str(person_pk), str(user_pk)] for n in range(RECORDERS)],
    )


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

"""The fund never goes below zero, even when leaders make grants at the same moment.

Each grant maker is a process of its own on the test database (SQLite file, or PostgreSQL
on a run with DATABASE_URL), as gunicorn workers would be: the guard is the one conditional
UPDATE in ``community.giving.ledger``, with the database's CHECK constraint behind it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from guanai.accounts.models import User
from guanai.community.models.giving import CharityFund, FundEntry, Grant
from tests.community.giving_support import county_fund
from tests.conftest import Region
from tests.ops.processes import released_together

MAKERS = 4


def run_makers(
    fund: CharityFund, leader: User, unit_pk: int, amount: str, times: int
) -> list[dict[str, Any]]:
    """Start the makers, let them all go at once when all are ready, return their reports."""
    arguments = [str(fund.pk), str(leader.pk), str(unit_pk), amount, str(times)]
    return released_together(
        "tests.community.grant_maker", [[str(n), *arguments] for n in range(MAKERS)]
    )


@pytest.mark.django_db(transaction=True)
def test_of_grants_made_at_the_same_moment_only_what_the_balance_covers_is_made(
    region: Region, county_leader: User
) -> None:
    # Given ¥100 in the fund, when four leaders' processes each grant ¥60 at once
    fund = county_fund(county_leader, region, balance="100")
    reports = run_makers(fund, county_leader, region.lengqi.pk, "60", times=1)

    # Then exactly one grant is made and three are refused, in so many words
    assert [e for r in reports for e in r["errors"]] == []
    assert [b for r in reports for b in r["accepted"]] == ["40.00"]
    assert [m for r in reports for m in r["refused"]] == [
        "Not enough money in the fund: the balance is ¥40.00, this grant ¥60.00."
    ] * 3
    fund.refresh_from_db()
    assert fund.balance == Decimal("40.00")
    assert Grant.objects.count() == 1
    spent = FundEntry.objects.filter(fund=fund, direction="spending")
    assert list(spent.values_list("balance_after", flat=True)) == [Decimal("40.00")]


@pytest.mark.django_db(transaction=True)
def test_many_grants_at_once_take_the_fund_to_the_last_covered_fen_and_no_further(
    region: Region, county_leader: User
) -> None:
    # Given ¥100, when four processes each try eight grants of ¥3.50 (¥112 in all)
    fund = county_fund(county_leader, region, balance="100")
    reports = run_makers(fund, county_leader, region.lengqi.pk, "3.50", times=8)

    # Then 28 are made (¥98), 4 refused, and each balance after is a step of ¥3.50
    assert [e for r in reports for e in r["errors"]] == []
    assert sum(len(r["accepted"]) for r in reports) == 28
    assert sum(len(r["refused"]) for r in reports) == 4
    fund.refresh_from_db()
    assert fund.balance == Decimal("2.00")
    spent = FundEntry.objects.filter(fund=fund, direction="spending")
    balances = sorted(spent.values_list("balance_after", flat=True), reverse=True)
    assert balances == [Decimal(100) - Decimal("3.50") * n for n in range(1, 29)]

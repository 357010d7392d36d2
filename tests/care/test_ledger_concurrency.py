"""The balance never goes negative, even when several processes spend at the same moment.

Each spender is a process of its own on the test database (SQLite file, or PostgreSQL on
a run with DATABASE_URL), as gunicorn workers would be: the guard is the one conditional
UPDATE in ``care.ledger``, with the database's CHECK constraint behind it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from guanai.accounts.models import User
from guanai.care.models import LedgerDirection, LedgerEntry, PocketMoneyAccount
from guanai.registry.models import Person
from tests.care.ledger_support import OPENED, balance_of, deposit, open_account, pupil
from tests.conftest import Region
from tests.ops.processes import released_together

SPENDERS = 4


def spend_at_once(
    account: PocketMoneyAccount, user: User, amount: str, times: int
) -> list[dict[str, Any]]:
    """Run the spender processes (tests/care/ledger_spender.py) at the same moment."""
    arguments = [str(account.pk), str(user.pk), amount, str(times)]
    return released_together(
        "tests.care.ledger_spender", [[str(n), *arguments] for n in range(SPENDERS)]
    )


@pytest.fixture
def account(region: Region, township_worker: User, school_helper: User) -> PocketMoneyAccount:
    child: Person = pupil(township_worker, region.lengqi_school)
    account = open_account(township_worker, child, school_helper)
    deposit(school_helper, account, "100", on=OPENED)
    return account


@pytest.mark.django_db(transaction=True)
def test_of_spendings_at_the_same_moment_only_what_the_balance_covers_succeeds(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    # Given ¥100, when four processes each spend ¥60 at the same moment
    reports = spend_at_once(account, school_helper, "60", times=1)

    # Then exactly one is recorded and the other three are refused, in so many words
    accepted = [balance for r in reports for balance in r["accepted"]]
    refused = [message for r in reports for message in r["refused"]]
    assert [error for r in reports for error in r["errors"]] == []
    assert accepted == ["40.00"]
    assert refused == ["Not enough money: the balance is ¥40.00, this spending ¥60.00."] * 3
    # The processes start together (a common start time), but on a busy machine the OS may
    # still run one to its end before another begins: the outcome must be the same, so
    # their overlap is not asserted (it made the test fail now and then in CI).
    assert balance_of(account) == Decimal("40.00")
    spent = LedgerEntry.objects.filter(account=account, direction=LedgerDirection.SPENDING)
    assert list(spent.values_list("balance_after", flat=True)) == [Decimal("40.00")]


@pytest.mark.django_db(transaction=True)
def test_many_spendings_at_once_take_the_balance_to_the_last_covered_fen_and_no_further(
    account: PocketMoneyAccount, school_helper: User
) -> None:
    # Given ¥100, when four processes each try ten spendings of ¥3 (¥120 in all)
    reports = spend_at_once(account, school_helper, "3", times=10)

    # Then 33 are recorded (¥99), 7 refused, and every recorded balance is a step of ¥3
    accepted = [balance for r in reports for balance in r["accepted"]]
    assert [error for r in reports for error in r["errors"]] == []
    assert len(accepted) == 33
    assert sum(len(r["refused"]) for r in reports) == 7
    assert balance_of(account) == Decimal("1.00")
    spent = LedgerEntry.objects.filter(account=account, direction=LedgerDirection.SPENDING)
    balances = sorted(spent.values_list("balance_after", flat=True), reverse=True)
    assert balances == [Decimal(100 - 3 * n) for n in range(1, 34)]
    assert sorted(map(Decimal, accepted), reverse=True) == balances


@pytest.mark.django_db
def test_the_database_itself_refuses_a_negative_balance(account: PocketMoneyAccount) -> None:
    rows = PocketMoneyAccount.objects.filter(pk=account.pk)

    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(balance=Decimal("-0.01"))

    assert balance_of(account) == Decimal("100.00")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "balance_after"), [(Decimal("0"), Decimal("1")), (Decimal("1"), Decimal("-1"))]
)
def test_the_database_refuses_an_entry_without_money_or_below_zero(
    account: PocketMoneyAccount, school_helper: User, amount: Decimal, balance_after: Decimal
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            account=account,
            direction=LedgerDirection.SPENDING,
            on=OPENED,
            amount=amount,
            what="文具",
            balance_after=balance_after,
            author=school_helper,
        )

    assert LedgerEntry.objects.filter(account=account).count() == 1

"""Shared set-up of the pocket-money tests: a pupil, a surrogate parent, an open account."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from guanai.accounts.models import User
from guanai.care import ledger
from guanai.care.models import HelperRole, LedgerEntry, Pairing, PocketMoneyAccount
from guanai.care.pairing import pairing_start
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests import factories

OPENED = date(2025, 1, 1)
# Each pupil needs its own ID number; start high, away from the numbers other tests use.
# ID numbers have a 3-digit sequence: the counter wraps (each test rolls back).
_sequence = itertools.cycle(range(700, 1000))


def pupil(worker: User, school: OrgUnit, name: str = "张小花") -> Person:
    return factories.pupil(worker, school, name, next(_sequence))


def pair(
    worker: User, person: Person, helper: User, role: str = HelperRole.SURROGATE_PARENT
) -> Pairing:
    return pairing_start(
        acting_user=worker, person=person, role=role, started_on=OPENED, helper=helper
    )


def open_account(
    worker: User,
    person: Person,
    keeper: User,
    *,
    quota: str | None = None,
    paired: bool = True,
) -> PocketMoneyAccount:
    """Pair ``keeper`` as surrogate parent (unless ``paired`` is False) and open the account."""
    if paired:
        pair(worker, person, keeper)
    return ledger.ledger_open(
        acting_user=worker,
        person=person,
        keeper=keeper,
        monthly_quota=None if quota is None else Decimal(quota),
        opened_on=OPENED,
    )


def deposit(
    user: User,
    account: PocketMoneyAccount,
    amount: str,
    on: date = OPENED,
    source: str = "父亲汇款",
) -> LedgerEntry:
    return ledger.ledger_deposit(
        acting_user=user, account=account, amount=Decimal(amount), source=source, on=on
    )


def spend(
    user: User, account: PocketMoneyAccount, amount: str, on: date = OPENED, purpose: str = "文具"
) -> LedgerEntry:
    return ledger.ledger_spend(
        acting_user=user, account=account, amount=Decimal(amount), purpose=purpose, on=on
    )


def balance_of(account: PocketMoneyAccount) -> Decimal:
    return PocketMoneyAccount.objects.values_list("balance", flat=True).get(pk=account.pk)

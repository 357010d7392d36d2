"""Pocket money kept by a surrogate parent (代家长代管零花钱) through the API.

The same scoping, checks and refusals as the pages (``guanai.care.ledger``): a spending that
the balance does not cover is refused with 400 and the message the page shows.
Amounts are yuan with at most two decimals, sent as text ("12.50", "¥1,234.5", "20元")
or whole JSON numbers, read by the one money reader (``core.money``; "1e6", "1_000" and
JSON numbers with a fraction are refused with 400), and answered as strings.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PersonRefOut,
    RefOut,
    Text100,
    UnitRefOut,
)
from guanai.api.types import Date
from guanai.care import ledger
from guanai.care.models import LedgerDirection, LedgerEntry, PocketMoneyAccount
from guanai.core.errors import ValidationFailed
from guanai.core.money import MoneyIn, OptionalMoneyIn
from guanai.registry.selectors import access_person

router = Router(tags=["care"])


class LedgerAccountOut(Schema):
    id: int
    person: PersonRefOut
    org_unit: UnitRefOut
    keeper: RefOut
    balance: Decimal
    monthly_quota: Decimal | None
    opened_on: date
    version: int
    month_spent: Decimal = Field(description="Spent this month (Asia/Shanghai).")
    over_quota: bool = Field(description="This month's spending is over the quota.")

    @staticmethod
    def resolve_person(obj: PocketMoneyAccount) -> dict[str, Any]:
        return {"id": obj.person_id, "name": obj.person.name}

    @staticmethod
    def resolve_org_unit(obj: PocketMoneyAccount) -> dict[str, Any]:
        return {"id": obj.person.org_unit_id, "name": obj.person.org_unit.name}

    @staticmethod
    def resolve_keeper(obj: PocketMoneyAccount) -> dict[str, Any]:
        return {"id": obj.keeper_id, "name": obj.keeper.get_full_name()}

    @staticmethod
    def resolve_over_quota(obj: PocketMoneyAccount) -> bool:
        return ledger.is_over_quota(obj.month_spent, obj.monthly_quota)  # type: ignore[attr-defined]


class EntryOut(Schema):
    id: int
    direction: LedgerDirection
    on: date
    amount: Decimal
    what: str = Field(description="A deposit: from whom. A spending: what for.")
    balance_after: Decimal
    author: str
    created_at: datetime
    month_spent: Decimal = Field(description="Spent in the entry's month, up to and with it.")
    over_quota: bool = Field(description="A spending that took its month over the quota.")

    @staticmethod
    def resolve_author(obj: LedgerEntry) -> str:
        return obj.author.get_full_name()

    @staticmethod
    def resolve_over_quota(obj: LedgerEntry) -> bool:
        return ledger.entry_over_quota(obj)


class SpendingOut(EntryOut):
    warning: str = Field(description="Said when the spending took its month over the quota.")

    @staticmethod
    def resolve_warning(obj: LedgerEntry) -> str:
        return ledger.quota_warning(obj)


class MonthOut(Schema):
    month: str = Field(description="2026-01")
    deposits: Decimal
    spending: Decimal
    quota: Decimal | None
    over_by: Decimal | None = Field(
        description="Spending minus quota: over it when positive, left when negative."
    )
    over_quota: bool
    closing_balance: Decimal


class AccountIn(Schema):
    person_id: Id
    keeper_id: Id = Field(description="A surrogate parent paired with the person now.")
    monthly_quota: OptionalMoneyIn = None
    opened_on: Date | None = Field(None, description="Today when left out.")


class AccountPatchIn(Schema):
    """Only the fields sent change; ``monthly_quota: null`` removes the quota."""

    version: int
    keeper_id: Id | None = None
    monthly_quota: OptionalMoneyIn = None


class DepositIn(Schema):
    amount: MoneyIn
    source: Text100 = Field(description="From whom, e.g. 父亲汇款.")
    on: Date | None = Field(None, description="Today when left out.")


class SpendingIn(Schema):
    amount: MoneyIn
    purpose: Text100 = Field(description="What for, e.g. 文具.")
    on: Date | None = Field(None, description="Today when left out.")


def _keeper(person_keepers: QuerySet[User], pk: int) -> User:
    """Return the chosen keeper among the person's surrogate parents, else refuse."""
    keeper = person_keepers.filter(pk=pk).first()
    if keeper is None:
        raise ValidationFailed(
            _("Choose a surrogate parent paired with this child as keeper."), field="keeper_id"
        )
    return keeper


@contextmanager
def _fields_named(names: dict[str, str]) -> Iterator[None]:
    """Name a refused field as the API's input names it (the service says "what")."""
    try:
        yield
    except ValidationFailed as exc:
        if exc.field in names:
            raise ValidationFailed(exc.message, field=names[exc.field]) from exc
        raise


def _account(user: User, pk: int) -> PocketMoneyAccount:
    return ledger.access_account(user, pk)


@router.get("/care/ledgers", response={200: list[LedgerAccountOut], **AUTH_ERRORS})
@paginate(Pages)
def ledger_list(request: HttpRequest) -> QuerySet[PocketMoneyAccount]:
    """List the accounts the caller keeps, or of the persons on their rosters, by pinyin."""
    return ledger.accounts_visible(acting_user(request))


@router.post("/care/ledgers", response={201: LedgerAccountOut, **WRITE_ERRORS, **AUTH_ERRORS})
def ledger_open(request: HttpRequest, payload: AccountIn) -> Status:
    """Open a person's account, kept by a surrogate parent paired with them (roster keepers)."""
    user = acting_user(request)
    person = access_person(user, payload.person_id)
    with _fields_named({"keeper": "keeper_id"}):
        account = ledger.ledger_open(
            acting_user=user,
            person=person,
            keeper=_keeper(ledger.keepers_for(person), payload.keeper_id),
            monthly_quota=payload.monthly_quota,
            opened_on=payload.opened_on,
        )
    return Status(201, _account(user, account.pk))


@router.get("/care/ledgers/{account_id}", response={200: LedgerAccountOut, **READ_ERRORS})
def ledger_detail(request: HttpRequest, account_id: Id) -> PocketMoneyAccount:
    """Return an account with its balance and this month's spending."""
    return _account(acting_user(request), account_id)


@router.patch(
    "/care/ledgers/{account_id}",
    response={200: LedgerAccountOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def ledger_update(
    request: HttpRequest, account_id: Id, payload: AccountPatchIn
) -> PocketMoneyAccount:
    """Hand the account to another surrogate parent or change its quota (roster keepers)."""
    user = acting_user(request)
    account = _account(user, account_id)
    sent = payload.model_dump(exclude_unset=True)
    keeper = account.keeper
    if sent.get("keeper_id") is not None and sent["keeper_id"] != account.keeper_id:
        keeper = _keeper(ledger.keepers_for(account.person), sent["keeper_id"])
    with _fields_named({"keeper": "keeper_id"}):
        ledger.ledger_update(
            acting_user=user,
            account=account,
            version=payload.version,
            keeper=keeper,
            monthly_quota=sent.get("monthly_quota", account.monthly_quota),
        )
    return account


@router.get(
    "/care/ledgers/{account_id}/entries",
    response={200: list[EntryOut], **READ_ERRORS},
)
@paginate(Pages)
def ledger_entries(request: HttpRequest, account_id: Id) -> QuerySet[LedgerEntry]:
    """List an account's entries, newest first."""
    return ledger.entries_of(_account(acting_user(request), account_id))


@router.post(
    "/care/ledgers/{account_id}/deposits",
    response={201: EntryOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def ledger_deposit(request: HttpRequest, account_id: Id, payload: DepositIn) -> Status:
    """Record money received for the child, and from whom."""
    user = acting_user(request)
    account = _account(user, account_id)
    with _fields_named({"what": "source"}):
        entry = ledger.ledger_deposit(
            acting_user=user,
            account=account,
            amount=payload.amount,
            source=payload.source,
            on=payload.on,
        )
    return Status(201, entry)


@router.post(
    "/care/ledgers/{account_id}/spendings",
    response={201: SpendingOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def ledger_spend(request: HttpRequest, account_id: Id, payload: SpendingIn) -> Status:
    """Record money spent for the child, and on what.

    A spending the balance does not cover is refused (400) and nothing is written; one
    over the month's quota is recorded, with ``over_quota`` and a ``warning``.
    """
    user = acting_user(request)
    account = _account(user, account_id)
    with _fields_named({"what": "purpose"}):
        entry = ledger.ledger_spend(
            acting_user=user,
            account=account,
            amount=payload.amount,
            purpose=payload.purpose,
            on=payload.on,
        )
    return Status(201, entry)


@router.get(
    "/care/ledgers/{account_id}/months",
    response={200: list[MonthOut], **READ_ERRORS},
)
def ledger_months(request: HttpRequest, account_id: Id) -> list[MonthOut]:
    """Return each month with entries, newest first: received, spent, quota, closing balance."""
    account = _account(acting_user(request), account_id)
    return [
        MonthOut(
            month=f"{m.month:%Y-%m}",
            deposits=m.deposits,
            spending=m.spending,
            quota=m.quota,
            over_by=m.over_by,
            over_quota=m.over_quota,
            closing_balance=m.closing,
        )
        for m in ledger.month_summaries(account)
    ]

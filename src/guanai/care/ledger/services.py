"""Pocket money kept by a surrogate parent (代家长代管零花钱).

篇二: "落实好'代家长'……代为管理学生的财物……用钱有定额". A roster keeper opens an account
for a child and names its keeper, a surrogate parent paired with the child; the keeper
(or a roster keeper of the child's unit) writes what came in and from whom, and what was
spent on what. The rules:

* The balance never goes negative. A spending takes the money in one conditional
  ``UPDATE … WHERE balance >= amount``, so two spendings at the same moment cannot both
  take the last yuan; the database's CHECK constraint is the last guard behind it.
* Entries are never edited or deleted. A mistake is put right by a counter-entry (冲正).
* Entries are written in date order, as in a paper ledger: an entry is not dated before
  the last one, so each entry's ``balance_after`` is the balance on its date and a month's
  statement opens and closes on recorded balances.
* Spending over the monthly quota is recorded, with a warning; whether an entry went over
  is computed from the month's entries, not stored.

Only the surrogate parent keeps the money: a class teacher who keeps the class roster
(a worker of the unit) may write and print entries, but is not the keeper.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.care.ledger.access import (
    keeps_as_surrogate_parent,
    require_can_open,
    require_can_write,
)
from guanai.care.ledger.amounts import (
    MAX_BALANCE,
    MONEY,
    WHAT_LENGTH,
    ZERO,
    amount_clean,
)
from guanai.care.models import LedgerDirection, LedgerEntry, PocketMoneyAccount
from guanai.core.balances import balance_apply
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.money import yuan
from guanai.core.months import month_start, next_month
from guanai.core.text import within
from guanai.registry.models import Person
from guanai.registry.services import require_open_file


def _quota_clean(quota: Decimal | None) -> Decimal | None:
    return None if quota is None else amount_clean(quota, field="monthly_quota", allow_zero=True)


def _date_clean(on: date | None, *, field: str) -> date:
    today = timezone.localdate()
    on = today if on is None else on
    if on > today:
        raise ValidationFailed(_("The date is in the future."), field=field)
    return on


def _require_keeper(keeper: User, person: Person) -> None:
    if not keeper.is_active or not keeps_as_surrogate_parent(keeper, person):
        raise ValidationFailed(
            _("The keeper must be a surrogate parent paired with %(name)s now.")
            % {"name": person.name},
            field="keeper",
        )


@transaction.atomic
def ledger_open(
    *,
    acting_user: User,
    person: Person,
    keeper: User,
    monthly_quota: Decimal | None = None,
    opened_on: date | None = None,
) -> PocketMoneyAccount:
    """Open a child's pocket-money account, kept by a surrogate parent paired with the child."""
    require_can_open(acting_user, person)
    require_open_file(person)
    _require_keeper(keeper, person)
    quota = _quota_clean(monthly_quota)
    opened_on = _date_clean(opened_on, field="opened_on")
    refusal = ValidationFailed(
        _("%(name)s has a pocket-money account already.") % {"name": person.name}
    )
    if PocketMoneyAccount.objects.filter(person=person).exists():
        raise refusal
    try:
        with transaction.atomic():
            return PocketMoneyAccount.objects.create(
                person=person, keeper=keeper, monthly_quota=quota, opened_on=opened_on
            )
    except IntegrityError:  # opened by someone else at the same moment
        raise refusal from None


@transaction.atomic
def ledger_update(
    *,
    acting_user: User,
    account: PocketMoneyAccount,
    version: int,
    keeper: User,
    monthly_quota: Decimal | None,
) -> PocketMoneyAccount:
    """Hand the account to another surrogate parent, or change its monthly quota.

    Return ``account`` itself, changed as stored.
    """
    require_can_open(acting_user, account.person)
    current = PocketMoneyAccount.objects.select_for_update(of=("self",)).get(pk=account.pk)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone else changed this account after you opened it. Reload it and try again."
        ),
    )
    if keeper.pk != current.keeper_id:
        _require_keeper(keeper, account.person)
    current.keeper = keeper
    current.monthly_quota = _quota_clean(monthly_quota)
    bump(current)
    current.save(update_fields=["keeper", "monthly_quota", "version"])
    # The caller's object (read with what its page shows) now shows the change too.
    account.keeper = current.keeper
    account.monthly_quota = current.monthly_quota
    account.version = current.version
    account.balance = current.balance
    return account


def _not_enough(balance: Decimal, amount: Decimal) -> ValidationFailed:
    return ValidationFailed(
        _("Not enough money: the balance is %(balance)s, this spending %(amount)s.")
        % {"balance": yuan(balance), "amount": yuan(amount)},
        field="amount",
    )


def _move(account_pk: int, direction: LedgerDirection, amount: Decimal) -> Decimal:
    """Add or take ``amount`` in one conditional UPDATE (``core.balances``) and return the
    new balance; the account's row stays locked until the transaction ends, so the
    caller's reads after it see no other writer."""
    rows = PocketMoneyAccount.objects.filter(pk=account_pk)
    signed = -amount if direction == LedgerDirection.SPENDING else amount
    changed = balance_apply(rows, signed, ceiling=MAX_BALANCE)
    balance: Decimal = rows.values_list("balance", flat=True).get()
    if changed:
        return balance
    if direction == LedgerDirection.SPENDING:
        raise _not_enough(balance, amount)
    raise ValidationFailed(
        _("The balance would be more than %(limit)s; the account cannot hold more.")
        % {"limit": yuan(MAX_BALANCE)},
        field="amount",
    )


def _record(
    acting_user: User,
    account: PocketMoneyAccount,
    direction: LedgerDirection,
    amount: Decimal,
    on: date | None,
    what: str,
) -> LedgerEntry:
    require_can_write(acting_user, account)
    require_open_file(account.person)
    amount = amount_clean(amount)
    on = _date_clean(on, field="on")
    if on < account.opened_on:
        raise ValidationFailed(
            _("The account was opened on %(date)s; an entry cannot be dated earlier.")
            % {"date": date_format(account.opened_on)},
            field="on",
        )
    what = " ".join(what.split())
    if not what:
        message = (
            _("Say what the money was spent on.")
            if direction == LedgerDirection.SPENDING
            else _("Say from whom the money came.")
        )
        raise ValidationFailed(message, field="what")
    within(what, WHAT_LENGTH, field="what")
    balance = _move(account.pk, direction, amount)
    # Read after the UPDATE took the row: no entry can be written between this check
    # and the insert below.
    last = (
        LedgerEntry.objects.filter(account=account)
        .order_by("-on", "-pk")
        .values_list("on", flat=True)
        .first()
    )
    if last is not None and on < last:
        raise ValidationFailed(
            _(
                "Entries are written in date order: the last one is dated %(date)s. "
                "Date this one %(date)s or later."
            )
            % {"date": date_format(last)},
            field="on",
        )
    entry = LedgerEntry.objects.create(
        account=account,
        direction=direction,
        on=on,
        amount=amount,
        what=what,
        balance_after=balance,
        author=acting_user,
    )
    account.balance = balance
    month = month_start(on)
    spent = LedgerEntry.objects.filter(
        account=account,
        direction=LedgerDirection.SPENDING,
        on__gte=month,
        on__lt=next_month(month),
    ).aggregate(total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY))["total"]
    entry.month_spent = spent  # type: ignore[attr-defined]
    return entry


@transaction.atomic
def ledger_deposit(
    *,
    acting_user: User,
    account: PocketMoneyAccount,
    amount: Decimal,
    source: str,
    on: date | None = None,
) -> LedgerEntry:
    """Record money given to the keeper for the child, and from whom (父亲汇款)."""
    return _record(acting_user, account, LedgerDirection.DEPOSIT, amount, on, source)


@transaction.atomic
def ledger_spend(
    *,
    acting_user: User,
    account: PocketMoneyAccount,
    amount: Decimal,
    purpose: str,
    on: date | None = None,
) -> LedgerEntry:
    """Record money spent for the child, and on what (文具); never more than the balance.

    A spending that takes its month over the quota is recorded all the same: the entry
    comes back with its month's spending (``month_spent``): ``entry_over_quota`` tells
    whether it went over and ``quota_warning`` says so.
    """
    return _record(acting_user, account, LedgerDirection.SPENDING, amount, on, purpose)

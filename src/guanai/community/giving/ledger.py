"""A charity fund's ledger: one conditional UPDATE moves its balance, an entry records it.

The shape of the pocket-money ledger (``care.ledger``), with the same balance helper
(``core.balances``):

* The balance never goes negative. A spending takes the money in one conditional
  ``UPDATE … WHERE balance >= amount``, so two grants approved at the same moment cannot
  both take the last yuan; the database's CHECK constraint is the last guard behind it.
* Entries are never edited or deleted, and are written in date order, as in a paper
  ledger: each entry's ``balance_after`` is the balance on its date, and a year's
  statement opens and closes on recorded balances.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.community.giving.amounts import MAX_BALANCE
from guanai.community.models.giving import (
    CharityFund,
    Donation,
    FundDirection,
    FundEntry,
    Grant,
)
from guanai.core.balances import balance_apply
from guanai.core.errors import ValidationFailed
from guanai.core.money import yuan
from guanai.core.text import column_limit, within

WHAT_LENGTH = column_limit(FundEntry, "what")


def not_enough(balance: Decimal, amount: Decimal) -> ValidationFailed:
    return ValidationFailed(
        _("Not enough money in the fund: the balance is %(balance)s, this grant %(amount)s.")
        % {"balance": yuan(balance), "amount": yuan(amount)},
        field="amount",
    )


def _move(fund_pk: int, direction: FundDirection, amount: Decimal) -> Decimal:
    """Add or take ``amount`` in one conditional UPDATE (``core.balances``) and return the
    new balance; the fund's row stays locked until the transaction ends."""
    rows = CharityFund.objects.filter(pk=fund_pk)
    signed = -amount if direction == FundDirection.SPENDING else amount
    changed = balance_apply(rows, signed, ceiling=MAX_BALANCE)
    balance: Decimal = rows.values_list("balance", flat=True).get()
    if changed:
        return balance
    if direction == FundDirection.SPENDING:
        raise not_enough(balance, amount)
    raise ValidationFailed(
        _("The fund would hold more than %(limit)s; it cannot take this amount.")
        % {"limit": yuan(MAX_BALANCE)},
        field="amount",
    )


def entry_write(
    *,
    fund: CharityFund,
    direction: FundDirection,
    amount: Decimal,
    on: date,
    what: str,
    author_id: int | None,
    donation: Donation | None = None,
    grant: Grant | None = None,
) -> FundEntry:
    """Move the balance and write the entry; call inside the service's transaction."""
    if on < fund.opened_on:
        raise ValidationFailed(
            _("The fund was opened on %(date)s; an entry cannot be dated earlier.")
            % {"date": date_format(fund.opened_on)},
            field="on",
        )
    balance = _move(fund.pk, direction, amount)
    # Read after the UPDATE took the row: no entry can be written between this check
    # and the insert below.
    last = (
        FundEntry.objects.filter(fund_id=fund.pk)
        .order_by("-on", "-pk")
        .values_list("on", flat=True)
        .first()
    )
    if last is not None and on < last:
        raise ValidationFailed(
            _(
                "The fund's entries are written in date order: the last one is dated "
                "%(date)s. Date this one %(date)s or later."
            )
            % {"date": date_format(last)},
            field="on",
        )
    fund.balance = balance
    return FundEntry.objects.create(
        fund=fund,
        direction=direction,
        on=on,
        amount=amount,
        # Made from a donor's name or a grant's reason, each checked against its own
        # column, which this one is wide enough to hold with its recipient.
        what=within(what, WHAT_LENGTH, field="reason"),
        balance_after=balance,
        donation=donation,
        grant=grant,
        author_id=author_id,
    )

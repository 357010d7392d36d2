"""A balance column that never goes below zero: one conditional UPDATE moves it.

The pocket-money ledger (``care.ledger``) and the charity fund's (``community.giving``)
both keep a running balance on a row. ``balance_apply`` adds a signed amount to it in one
``UPDATE … WHERE balance + amount BETWEEN 0 AND ceiling``, so two spendings at the same
moment cannot both take the last yuan: the UPDATE locks the row until the transaction ends
(on SQLite the IMMEDIATE transaction holds the whole database) and the second one finds
the balance the first left. The table's CHECK constraint is the last guard behind it. The
new balance is rounded to the fen in SQL: SQLite computes decimals as binary floats, and
0.30 − 0.10 would otherwise be stored as 0.19999999999999998, which a spending of 0.20
could no longer take.

The caller reads the balance after the call (its row is locked by then) and words its own
refusal: "not enough money" or "more than the limit".
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Round


def covers(column: str, amount: Decimal) -> Q:
    """The guard of a spending, checked by the UPDATE itself: the balance covers it."""
    return Q(**{f"{column}__gte": amount})


def balance_apply(
    rows: models.QuerySet[models.Model],
    amount: Decimal,
    *,
    ceiling: Decimal,
    column: str = "balance",
) -> bool:
    """Add ``amount`` (negative: take it) to ``column`` of ``rows`` only if the result
    stays from zero to ``ceiling``; return whether it did.

    Call it inside the service's transaction: the row stays locked until it ends.
    """
    floor_or_ceiling = (
        covers(column, -amount) if amount < 0 else Q(**{f"{column}__lte": ceiling - amount})
    )
    try:
        with transaction.atomic():
            changed = rows.filter(floor_or_ceiling).update(**{column: Round(F(column) + amount, 2)})
    except IntegrityError:  # the CHECK constraint: the last guard, if the filter failed
        return False
    return bool(changed)

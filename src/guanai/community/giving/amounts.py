"""Amounts and quantities as giving reads them, with its limits.

Money is read by ``core.money.parse_money`` and counts by ``core.numbers.parse_count``;
the limits are giving's: far above any real gift to a county, far below the columns.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.core.money import parse_money, yuan
from guanai.core.numbers import parse_count

# One donation or grant: at most ten million yuan; a fund at most a hundred million.
MAX_AMOUNT = Decimal("10000000.00")
MAX_BALANCE = Decimal("100000000.00")
# Goods: at most a hundred thousand of one item (exercise books for a county).
MAX_QUANTITY = 100_000
ZERO = Decimal("0.00")


def amount_clean(amount: object, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """Return ``amount`` to the fen, or refuse a negative, zero or huge one."""
    value = parse_money(amount, field=field, allow_negative=True)
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationFailed(_("The amount must be more than zero."), field=field)
    if value > MAX_AMOUNT:
        raise ValidationFailed(
            _("The amount is more than %(limit)s.") % {"limit": yuan(MAX_AMOUNT)}, field=field
        )
    return value


def quantity_clean(quantity: object, *, field: str = "quantity") -> int:
    """Return ``quantity`` as a whole number from 1 to ``MAX_QUANTITY``, or refuse it."""
    if isinstance(quantity, bool):
        raise ValidationFailed(_("The quantity must be a whole number."), field=field)
    value = parse_count(quantity, field=field, maximum=MAX_QUANTITY)
    if value == 0:
        raise ValidationFailed(_("The quantity must be more than zero."), field=field)
    return value

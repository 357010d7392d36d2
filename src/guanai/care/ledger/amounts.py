"""Amounts as the pocket-money ledger reads them, with the ledger's limits.

Months are ``core.months``'s.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField
from django.utils.translation import gettext as _

from guanai.care.models import LedgerEntry
from guanai.core.errors import ValidationFailed
from guanai.core.money import parse_money, yuan
from guanai.core.text import column_limit

# One entry: at most 100,000 yuan (a year's money sent home at once fits); an account at
# most a million, well inside the columns (12 digits) so that no sum overflows them.
MAX_AMOUNT = Decimal("100000.00")
MAX_BALANCE = Decimal("1000000.00")
WHAT_LENGTH = column_limit(LedgerEntry, "what")
ZERO = Decimal("0.00")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=12, decimal_places=2)


def amount_clean(amount: object, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """Return ``amount`` to the fen, or refuse a negative, zero or huge one.

    ``amount`` is what a clerk typed ("12.5", "¥1,234.50", "２０元") or a Decimal already
    read; it is read by the one money reader (``core.money.parse_money``), which refuses
    "1e6", "1_000" and a third decimal. The limits here are the ledger's.
    """
    value = parse_money(amount, field=field, allow_negative=True)
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationFailed(_("The amount must be more than zero."), field=field)
    if value > MAX_AMOUNT:
        raise ValidationFailed(
            _("The amount is more than %(limit)s.") % {"limit": yuan(MAX_AMOUNT)}, field=field
        )
    return value

"""Amounts and months as the pocket-money ledger reads them, with the ledger's limits."""

from __future__ import annotations

import re
from datetime import date, timedelta
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
_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})", re.ASCII)
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


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    return month_start(month - timedelta(days=1))


MONTH_ECHO_MAX = 20


def parse_month(text: str) -> date:
    """Return the first day of a month written as 2026-01."""
    match = _MONTH.fullmatch(text.strip())
    if match and int(match["year"]) >= 1900 and 1 <= int(match["month"]) <= 12:
        return date(int(match["year"]), int(match["month"]), 1)
    if len(text) > MONTH_ECHO_MAX:
        # Not echoed: a long paste in the message would hide what to write.
        raise ValidationFailed(_("That is not a month; write it as 2026-01."), field="month")
    raise ValidationFailed(
        _("“%(value)s” is not a month; write it as 2026-01.") % {"value": text}, field="month"
    )

"""Money as the pages write it: ¥1,234.56 (DESIGN §6).

Load with ``{% load money %}`` and write ``{{ account.balance|money }}``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

FEN = Decimal("0.01")
NONE = "—"


def yuan(value: Decimal | int | str | None) -> str:
    """Return ``value`` in yuan with thousands separators and two decimals: ¥1,234.56.

    Rounded to the fen half up (¥0.005 → ¥0.01), as money is rounded by hand and on
    receipts; Python's default, half even, would print ¥0.00. Floats are refused (money
    is Decimal everywhere); a missing or unreadable value prints as a dash.
    """
    if value is None or isinstance(value, float | bool):
        return NONE
    try:
        amount = Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return NONE
    if not amount.is_finite():
        return NONE
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


@register.filter(is_safe=True)
def money(value: Decimal | int | str | None) -> str:
    """Show an amount as ¥1,234.56 (``yuan``)."""
    return yuan(value)

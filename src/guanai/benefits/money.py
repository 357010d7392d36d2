"""Money: ``Decimal`` yuan, never float, rounded half-up to the fen (0.01 ¥).

Every amount the benefits engine computes is rounded once, where it is computed, with
``ROUND_HALF_UP`` (四舍五入, as clerks and banks round): ¥0.005 becomes ¥0.01. Sums of
rounded amounts are exact, so a roll's total equals the sum of its lines.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
# Larger than any claim or roll line; keeps a typo of extra digits from passing.
MAX_AMOUNT = Decimal("100000000.00")


def round_fen(value: Decimal) -> Decimal:
    """Round to 0.01 ¥, half up."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def parse_amount(
    value: object, *, field: str | None = None, allow_negative: bool = False
) -> Decimal:
    """Read an amount in yuan ("1,234.5", "¥80", 80, "") as a Decimal with two places.

    Blank means 0. More than two decimal places, a float, or a negative amount (unless
    allowed, as for an adjusting entry) is refused with a message.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ZERO
    if isinstance(value, bool | float):
        # A float has already lost the fen (0.1 + 0.2); amounts arrive as text or Decimal.
        raise ValidationFailed(_('Write the amount as text, e.g. "1234.50".'), field=field)
    text = str(value).strip().replace(",", "").replace("，", "").lstrip("¥￥").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(
            _("“%(value)s” is not an amount; write it as 1234.50.") % {"value": value},
            field=field,
        ) from None
    if not amount.is_finite():
        raise ValidationFailed(_("Write the amount as 1234.50."), field=field)
    if amount != amount.quantize(FEN):
        raise ValidationFailed(_("An amount has at most two decimal places (fen)."), field=field)
    if amount < 0 and not allow_negative:
        raise ValidationFailed(_("An amount cannot be negative."), field=field)
    if abs(amount) >= MAX_AMOUNT:
        raise ValidationFailed(_("This amount is too large."), field=field)
    return amount.quantize(FEN)


def yuan(value: Decimal) -> str:
    """Format for display: ¥1,234.56 (DESIGN §6)."""
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}"


def percent(ratio: Decimal) -> str:
    """Format a ratio as a percentage: 0.7 → 70%, 0.655 → 65.5%."""
    text = f"{ratio * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"

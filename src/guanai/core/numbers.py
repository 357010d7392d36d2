"""Counts and other plain numbers, read by the rule ``money.parse_money`` reads amounts by.

What a clerk types is accepted: ``120``, ``1,200``, spaces around, and the full-width
digits, comma and full stop a Chinese input method types (``１２０``). Refused, each with
a message: exponents (``1e3``), underscores (``1_000``), commas that do not separate
thousands (``1,00``), digits other than 0–9 (``١٢``, ``①``, ``一百``), a float (it may
have lost digits already), and more decimals than the number has (a count has none).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

# The longest number a form or the API takes as text.
MAX_LENGTH = 20

_FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + n): str(n) for n in range(10)},
        "，": ",",
        "．": ".",
        "－": "-",
        "−": "-",  # U+2212 MINUS SIGN, as word processors write it
        "＋": "+",
        "\u3000": " ",  # ideographic space
    }
)
_NUMBER = re.compile(r"(?P<sign>[-+])?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?")
_EXPONENT = re.compile(r"\d\s*[eE]\s*[-+]?\s*\d", re.ASCII)


def _shown(text: str) -> str:
    """Return what the clerk typed, shortened for a message (never stored)."""
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1] + "…"


def _read_text(text: str, field: str | None, places: int) -> Decimal:
    if len(text) > MAX_LENGTH:
        raise ValidationFailed(
            _("A number is at most %(count)s characters.") % {"count": MAX_LENGTH}, field=field
        )
    plain = text.translate(_FULL_WIDTH).strip()
    if "_" in plain or _EXPONENT.search(plain):
        raise ValidationFailed(
            _("“%(value)s” is not written in plain digits; write it as 1200 or 1,200.")
            % {"value": _shown(text)},
            field=field,
        )
    if any(ch.isnumeric() and not ("0" <= ch <= "9") for ch in plain):
        raise ValidationFailed(
            _("“%(value)s” has digits other than 0–9; write the number with 0–9.")
            % {"value": _shown(text)},
            field=field,
        )
    match = _NUMBER.fullmatch(plain)
    if match is None:
        raise ValidationFailed(
            _("“%(value)s” is not a number; write it in digits, e.g. 1200.")
            % {"value": _shown(text)},
            field=field,
        )
    fraction = match["fraction"] or ""
    if len(fraction) > places:
        raise _too_many_places(places, field)
    number = Decimal(f"{match['whole'].replace(',', '')}.{fraction or '0'}")
    return -number if match["sign"] == "-" else number


def _too_many_places(places: int, field: str | None) -> ValidationFailed:
    if places == 0:
        return ValidationFailed(_("Enter a whole number."), field=field)
    return ValidationFailed(
        _("Enter a number with at most %(places)s decimals.") % {"places": places}, field=field
    )


def parse_decimal(
    value: object, *, field: str | None = None, places: int, maximum: Decimal
) -> Decimal:
    """Return the number in ``value`` (text as typed, an int or a Decimal) with ``places``
    decimals at most, not negative and at most ``maximum``; raise ValidationFailed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationFailed(_("Enter a number."), field=field)
    if isinstance(value, bool | float):
        raise ValidationFailed(_('Write the number as text, e.g. "120".'), field=field)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationFailed(_("Enter a number."), field=field)
        number = value
    elif isinstance(value, int | str):
        number = _read_text(str(value), field, places)
    else:
        raise ValidationFailed(_("Enter a number."), field=field)
    if number < 0:
        raise ValidationFailed(_("Enter a number that is not negative."), field=field)
    if number > maximum:
        raise ValidationFailed(
            _("Enter a number of at most %(limit)s.") % {"limit": maximum}, field=field
        )
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise _too_many_places(places, field)
    return number


def parse_count(value: object, *, field: str | None = None, maximum: int) -> int:
    """Return the count in ``value`` as an int (0 to ``maximum``), or raise ValidationFailed."""
    return int(parse_decimal(value, field=field, places=0, maximum=Decimal(maximum)))

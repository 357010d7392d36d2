"""Money: ``Decimal`` yuan, never float — read as a clerk types it, rounded to the fen, shown.

The one reader of amounts (``parse_money``) serves every form (``MoneyField``), the API
(``MoneyIn`` and its variants) and the services behind them, which read again whatever
reaches them. It accepts what a clerk types: ``1000``, ``1,000``, ``1000.5``, ``¥1,000.50``,
``￥1000``, ``1000元``, spaces around, a minus sign where a negative amount is allowed. It
refuses, each with a message in the clerk's words:

* exponents (``1e6`` — Python's ``Decimal`` reads it as a million) and underscores
  (``1_000`` — Python reads it as a thousand): no clerk means either;
* commas that do not separate thousands (``1,00``, ``10,5``): in many places the comma is
  the decimal mark, so the amount is ambiguous;
* more than two decimals (there is nothing below the fen), a float (it has lost the fen
  already: 0.1 + 0.2), NaN and infinities;
* digits other than 0–9. Full-width digits (``１０００``), the full-width comma, full stop,
  minus and yuan sign are accepted: a Chinese input method in full-width mode types them,
  and each stands for exactly one ASCII character, so nothing is ambiguous. Every other
  kind of digit is refused although ``Decimal`` would read it — Arabic-Indic (``١٢٣``),
  Devanagari, mathematical (``𝟏``), circled (``①``), superscript, Chinese numerals
  (``一千``, ``1万``): clerks do not type them, and a value pasted with them can look like
  another number on screen.

Every amount computed is rounded once, where it is computed, with ``ROUND_HALF_UP``
(四舍五入, as clerks and banks round): ¥0.005 becomes ¥0.01. Sums of rounded amounts are
exact, so a roll's total equals the sum of its lines.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from django import forms
from django.utils.translation import gettext as _
from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema

from guanai.core.errors import ValidationFailed

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
# Larger than any claim, roll line or ledger entry; keeps a typo of extra digits from
# passing, and well inside the 12-digit columns so that no sum overflows them.
MAX_AMOUNT = Decimal("100000000.00")
# The longest amount a form or the API takes as text ("-¥100,000,000.00元" and spaces).
MAX_LENGTH = 30

# What a full-width input method types, read as the ASCII character it stands for.
_FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + n): str(n) for n in range(10)},
        "，": ",",
        "．": ".",
        "－": "-",
        "−": "-",  # U+2212 MINUS SIGN, as word processors write it
        "＋": "+",
        "￥": "¥",
        "\u3000": " ",  # ideographic space
    }
)
_AMOUNT = re.compile(
    r"""
    (?P<sign>[-+])?\s*¥?\s*(?P<sign2>[-+])?\s*
    (?P<whole>\d{1,3}(?:,\d{3})+|\d+)?
    (?:\.(?P<fraction>\d*))?
    \s*元?
    """,
    re.ASCII | re.VERBOSE,
)
_EXPONENT = re.compile(r"\d\s*[eE]\s*[-+]?\s*\d", re.ASCII)


def round_fen(value: Decimal) -> Decimal:
    """Round to 0.01 ¥, half up."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


# What a missing or unreadable amount shows as.
NO_AMOUNT = "—"


def yuan(value: Decimal | int | str | None) -> str:
    """Format for display: ¥1,234.56 (DESIGN §6), the one formatter of every page and text.

    Rounded to the fen half up (¥0.005 → ¥0.01), as money is rounded by hand and on
    receipts; formatting a ``Decimal`` alone would round half even and print ¥0.00. Floats
    are refused (money is ``Decimal`` everywhere); a missing or unreadable value is a dash.
    """
    if value is None or value == "" or isinstance(value, float | bool):
        return NO_AMOUNT
    try:
        amount = round_fen(Decimal(value))
    except (InvalidOperation, ValueError, TypeError):
        return NO_AMOUNT
    if not amount.is_finite():
        return NO_AMOUNT
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def percent(ratio: Decimal) -> str:
    """Format a ratio as a percentage: 0.7 → 70%, 0.655 → 65.5%."""
    text = f"{ratio * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _shown(text: str) -> str:
    """Return what the clerk typed, shortened for a message (never stored)."""
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1] + "…"


def _not_an_amount(text: str, field: str | None) -> ValidationFailed:
    return ValidationFailed(
        _("“%(value)s” is not an amount; write it in digits, e.g. 1234.50 or ¥1,234.50.")
        % {"value": _shown(text)},
        field=field,
    )


def _read_text(text: str, field: str | None) -> Decimal:
    """Read the amount in ``text`` (not blank) by the rules of the module docstring."""
    if len(text) > MAX_LENGTH:
        raise ValidationFailed(
            _("An amount is at most %(count)s characters.") % {"count": MAX_LENGTH}, field=field
        )
    plain = text.translate(_FULL_WIDTH).strip()
    if "_" in plain:
        raise ValidationFailed(
            _("“%(value)s” has an underscore; write the amount as 1000 or 1,000.")
            % {"value": _shown(text)},
            field=field,
        )
    if _EXPONENT.search(plain):
        raise ValidationFailed(
            _("“%(value)s” is written with an exponent; write the amount in digits, e.g. 1000000.")
            % {"value": _shown(text)},
            field=field,
        )
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in plain) or any(
        ch.isnumeric() and not ch.isdigit() for ch in plain
    ):
        raise ValidationFailed(
            _("“%(value)s” has digits other than 0–9; write the amount with 0–9, e.g. 1234.50.")
            % {"value": _shown(text)},
            field=field,
        )
    match = _AMOUNT.fullmatch(plain)
    if match is None:
        if re.fullmatch(r"[-+]?\s*¥?\s*[-+]?\s*[\d,]+(?:\.\d*)?\s*元?", plain, re.ASCII):
            raise ValidationFailed(
                _(
                    "In “%(value)s” a comma does not separate thousands; write 1,000.50 or "
                    "1000.50 (the decimal mark is a point)."
                )
                % {"value": _shown(text)},
                field=field,
            )
        raise _not_an_amount(text, field)
    whole, fraction = match["whole"], match["fraction"]
    if (match["sign"] and match["sign2"]) or not (whole or fraction):
        raise _not_an_amount(text, field)
    if fraction and len(fraction) > 2:
        raise ValidationFailed(
            _("An amount has at most two decimal places (fen): “%(value)s”.")
            % {"value": _shown(text)},
            field=field,
        )
    number = Decimal(f"{(whole or '0').replace(',', '')}.{fraction or '0'}")
    return -number if "-" in (match["sign"], match["sign2"]) else number


def parse_money(
    value: object,
    *,
    field: str | None = None,
    allow_negative: bool = False,
    allow_zero: bool = True,
    maximum: Decimal = MAX_AMOUNT,
    blank_is_zero: bool = False,
) -> Decimal:
    """Return the amount in ``value`` as a Decimal with two places, or raise ValidationFailed.

    ``value`` is text as typed, an integer, or a Decimal (what a form field or the API
    already read: read again by the same rules). Blank is refused, or 0 with
    ``blank_is_zero``. A negative amount is refused unless ``allow_negative``, 0 when not
    ``allow_zero``, and one whose size reaches ``maximum``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if blank_is_zero:
            return ZERO
        raise ValidationFailed(_("Enter the amount."), field=field)
    if isinstance(value, bool | float):
        # A float has already lost the fen (0.1 + 0.2), and a JSON 1e6 arrives as one.
        raise ValidationFailed(_('Write the amount as text, e.g. "1234.50".'), field=field)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _not_an_amount(str(value), field)
        # Read a Decimal as its text: 1E+6 is refused as typed with an exponent.
        exponent = value.as_tuple().exponent
        amount = (
            _read_text(str(value), field) if isinstance(exponent, int) and exponent > 0 else value
        )
    elif isinstance(value, int | str):
        amount = _read_text(str(value), field)
    else:
        raise _not_an_amount(str(value), field)
    if amount < 0 and not allow_negative:
        raise ValidationFailed(_("An amount cannot be negative."), field=field)
    if amount == 0 and not allow_zero:
        raise ValidationFailed(_("The amount must be more than zero."), field=field)
    # The size before the places: quantizing a number of more than 28 digits fails.
    if abs(amount) >= maximum:
        raise ValidationFailed(
            _("The amount must be less than %(limit)s.") % {"limit": yuan(maximum)}, field=field
        )
    if amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        raise ValidationFailed(
            _("An amount has at most two decimal places (fen): “%(value)s”.")
            % {"value": _shown(str(value))},
            field=field,
        )
    return amount.quantize(FEN)


# --- Forms -------------------------------------------------------------------------------


class MoneyField(forms.Field):
    """A form field for an amount in yuan, read by ``parse_money``; blank is None."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(
        self,
        *,
        allow_negative: bool = False,
        allow_zero: bool = True,
        maximum: Decimal = MAX_AMOUNT,
        **kwargs: Any,
    ) -> None:
        self.allow_negative = allow_negative
        self.allow_zero = allow_zero
        self.maximum = maximum
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "maxlength": str(MAX_LENGTH)}

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_money(
                value,
                allow_negative=self.allow_negative,
                allow_zero=self.allow_zero,
                maximum=self.maximum,
            )
        except ValidationFailed as exc:
            raise forms.ValidationError(str(exc.message), code="money") from None

    def prepare_value(self, value: Any) -> Any:
        # A Decimal shown again in the form reads as typed: 1234.50, not 1234.5000.
        if isinstance(value, Decimal) and value.is_finite():
            return f"{value.quantize(FEN):f}"
        return value


# --- API ---------------------------------------------------------------------------------


def _api_reader(*, allow_negative: bool, optional: bool) -> Any:
    def read(value: object, info: ValidationInfo) -> Decimal | None:
        if optional and value is None:
            return None
        if optional and isinstance(value, str) and not value.strip():
            return None
        # A refusal is a domain error: the API answers 400 with the message and the field,
        # as for every other rule a clerk must read (api/errors.py).
        return parse_money(
            value, field=info.field_name, allow_negative=allow_negative, blank_is_zero=True
        )

    return read


def _api_schema(description: str, *, optional: bool) -> WithJsonSchema:
    text: dict[str, Any] = {
        "type": "string",
        "maxLength": MAX_LENGTH,
        "description": description,
        "examples": ["1234.50"],
    }
    whole = {"type": "integer"}
    kinds: list[dict[str, Any]] = [text, whole, *([{"type": "null"}] if optional else [])]
    return WithJsonSchema({"anyOf": kinds, "description": description})


_TEXT_DESCRIPTION = (
    'Yuan as text ("1234.50", "1,234.5", "¥80") or a whole number; never a JSON number '
    "with a fraction or exponent. At most two decimals."
)
# An amount of 0 or more; blank is 0.
MoneyIn = Annotated[
    Decimal,
    BeforeValidator(_api_reader(allow_negative=False, optional=False)),
    _api_schema(_TEXT_DESCRIPTION, optional=False),
]
# An amount that may be negative (an adjusting entry); blank is 0.
SignedMoneyIn = Annotated[
    Decimal,
    BeforeValidator(_api_reader(allow_negative=True, optional=False)),
    _api_schema(_TEXT_DESCRIPTION + " May be negative.", optional=False),
]
# An amount of 0 or more, or null (blank) for none.
OptionalMoneyIn = Annotated[
    Decimal | None,
    BeforeValidator(_api_reader(allow_negative=False, optional=True)),
    _api_schema(_TEXT_DESCRIPTION + " Null for none.", optional=True),
]

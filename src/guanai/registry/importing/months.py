"""Month-precision dates of a roster (外出时间): a day, or a month written alone.

Clerks write the month a parent left as 2024-02, 2024年3月 or 2024.3 and seldom know the
day. A column listed in ``vocabulary.MONTH_COLUMNS`` accepts every date ``parse_date``
accepts and also a month alone, stored as its first day (the left-behind details hold an
ISO date, ``details.Kind.PAST_DATE``). Other date columns (出生日期) keep ``parse_date``'s
rules and messages.

The details keep a day, not a precision: a month alone is stored as its first day, as
``core.months`` holds every month, and reads back as that day (2024-02-01). Recording the
precision would need a detail key of its own, which the details' form and the API's
``details`` would then show and take; nothing yet reads the month differently from the day.

The spellings of a month: 2024-02, 2024-2, 2024/3, 2024.3, 2024年3月 (full-width digits
too, spaces ignored) and six digits, year then a two-digit month: 202403. Six digits are
unambiguous: no other form of a date has six, and a two-digit year (240315) is not read.
A number cell needs care, as Excel turns what was typed into a number:

* 202403 is a month, not the Excel serial 202403 (a day in the year 2454);
* 2024.3 is March; 2024.12 December; but 2024.1 is refused, because Excel stores a typed
  2024.10 as the same number 2024.1 and the month cannot be told.

The reading is a regular expression and a few comparisons, cached per distinct value by the
parser, so it costs nothing noticeable on a 100,000-row roster.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.utils.translation import gettext as _

from guanai.core.dates import parse_date
from guanai.core.errors import ValidationFailed
from guanai.core.months import FIRST_YEAR, LAST_YEAR, parse_month

# A month without a day, once normalised (NFKC) and without spaces.
_YEAR_MONTH = re.compile(r"(?P<year>\d{4})(?:[-/.]|年)(?P<month>\d{1,2})月?", re.ASCII)
_SIX_DIGITS = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})", re.ASCII)
# A text that has a day in it: its errors are parse_date's ("not a real day").
_WITH_DAY = re.compile(r"\d[-/.]\d{1,2}[-/.]\d|月\d|^\d{8}$", re.ASCII)
ECHO_MAX = 40


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= ECHO_MAX else text[:ECHO_MAX] + "…"


def _month(year: int, month: int, *, shown: object, field: str) -> date:
    if not 1 <= month <= 12:
        raise ValidationFailed(
            _("“%(value)s”: there is no month %(month)s; a month is 1 to 12.")
            % {"value": _shown(shown), "month": month},
            field=field,
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(
            _("“%(value)s”: the year %(year)s cannot be right; check it.")
            % {"value": _shown(shown), "year": year},
            field=field,
        )
    # The one reader of months, given the month in its plain form.
    return parse_month(f"{year:04d}-{month:02d}", field=field)


def _decimal(value: float, *, field: str) -> date:
    """Read a number cell like 2024.3 (as Excel stores a typed 2024.3) as a month."""
    text = repr(value)  # the shortest form that reads back: 2024.3, 2024.12, 2024.05
    year, _dot, digits = text.partition(".")
    if digits == "1":
        raise ValidationFailed(
            _(
                "“%(value)s” was stored as a number, and Excel stores 2024.10 as 2024.1 too; "
                "format the cell as text and write the month as 2024-01 or 2024-10."
            )
            % {"value": text},
            field=field,
        )
    if not (year.isdigit() and digits.isdigit() and len(digits) <= 2):
        raise ValidationFailed(
            _("“%(value)s” is neither a date nor a month; write it as 2015-03-04 or 2015-03.")
            % {"value": _shown(text)},
            field=field,
        )
    return _month(int(year), int(digits), shown=text, field=field)


def parse_month_or_date(value: object, *, field: str = "date") -> date:
    """Return the day in ``value``, or the first day of the month written alone.

    ``value`` is a cell as read: text, a number or a date. Raise ``ValidationFailed`` with a
    clerk's message for anything else, and for an impossible month (2024-13).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if not number.is_integer() and FIRST_YEAR <= number < LAST_YEAR + 1:
            return _decimal(number, field=field)
        if number.is_integer() and FIRST_YEAR * 100 <= number <= LAST_YEAR * 100 + 99:
            value = str(int(number))  # 202403: six digits, read as text below
    if isinstance(value, str):
        text = "".join(unicodedata.normalize("NFKC", value).split())
        match = _YEAR_MONTH.fullmatch(text) or _SIX_DIGITS.fullmatch(text)
        if match:
            return _month(int(match["year"]), int(match["month"]), shown=value, field=field)
        try:
            return parse_date(value)
        except ValidationFailed as exc:
            if _WITH_DAY.search(text) or not text:
                raise ValidationFailed(exc.message, field=field) from None
            raise ValidationFailed(
                _("“%(value)s” is neither a date nor a month; write it as 2015-03-04 or 2015-03.")
                % {"value": _shown(value)},
                field=field,
            ) from None
    try:
        return parse_date(value)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field=field) from None

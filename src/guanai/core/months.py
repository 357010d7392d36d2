"""Months: one calendar month is the date of its first day; one reader of months as typed.

Monthly reports, payment rolls, ledgers, bulletins and dashboards all work by the month
(the plans say "每月15日前报送"). A month is held as a ``date`` on its first day, so that it
compares, sorts and stores as a date. Every app reads a month with ``parse_month`` and
moves between months with ``add_months``; none does its own arithmetic.

``parse_month`` accepts what a clerk writes: ``2026-03``, ``2026-3``, ``2026/03``,
``2026.03``, ``2026-03-01`` (a date in the month), ``2026年3月``, with full-width digits
from a Chinese input method. It refuses anything else with the form to write, and does not
echo a long paste back (the message would hide what to write).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "add_months",
    "last_day",
    "month_bounds",
    "month_label",
    "month_start",
    "next_month",
    "parse_month",
    "previous_month",
    "this_month",
]

FIRST_YEAR = 1900
LAST_YEAR = 2100
# Longer text is not echoed in the message.
ECHO_MAX = 20

_FULL_WIDTH = str.maketrans(
    {**{chr(0xFF10 + n): str(n) for n in range(10)}, "－": "-", "／": "/", "．": "."}
)
_MONTH = re.compile(
    r"(?P<year>\d{4})\s*(?:[-/.]|年)\s*(?P<month>\d{1,2})\s*"
    r"(?:月|(?:[-/.]|月)\s*(?P<day>\d{1,2})\s*日?)?",
    re.ASCII,
)


def month_start(day: dt.date) -> dt.date:
    """Return the first day of the month ``day`` falls in."""
    return day.replace(day=1)


def this_month(today: dt.date | None = None) -> dt.date:
    """Return the current month (local time)."""
    return month_start(today or timezone.localdate())


def add_months(month: dt.date, count: int) -> dt.date:
    """Return the month ``count`` months after (or before, when negative) ``month``."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def next_month(month: dt.date) -> dt.date:
    return add_months(month, 1)


def previous_month(month: dt.date) -> dt.date:
    return add_months(month, -1)


def last_day(month: dt.date) -> dt.date:
    """Return the last day of ``month``."""
    return next_month(month) - dt.timedelta(days=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return the first instant of ``month`` and of the month after, in local time."""
    start = dt.datetime.combine(month_start(month), dt.time())
    end = dt.datetime.combine(next_month(month), dt.time())
    return timezone.make_aware(start), timezone.make_aware(end)


def month_label(month: dt.date) -> str:
    """Return the month as it is written in URLs, files and the API: ``2026-03``."""
    return f"{month.year:04d}-{month.month:02d}"


def parse_month(text: str, *, field: str = "month") -> dt.date:
    """Return the first day of the month written in ``text``; refuse anything else."""
    match = _MONTH.fullmatch(str(text).translate(_FULL_WIDTH).strip())
    if match:
        year, number = int(match["year"]), int(match["month"])
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= number <= 12:
            first = dt.date(year, number, 1)
            if match["day"] is None or _is_day_of(first, int(match["day"])):
                return first
    if not str(text).strip():
        raise ValidationFailed(_("Enter the month, e.g. 2026-01."), field=field)
    if len(str(text)) > ECHO_MAX:
        raise ValidationFailed(_("That is not a month; write it as 2026-01."), field=field)
    raise ValidationFailed(
        _("“%(value)s” is not a month; write it as 2026-01.") % {"value": text}, field=field
    )


def _is_day_of(first: dt.date, day: int) -> bool:
    return 1 <= day <= last_day(first).day

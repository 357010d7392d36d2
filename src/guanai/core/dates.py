"""Dates as clerks write them (2015-03-04, 2015/3/4, 2015年3月4日 …) and as Excel stores them."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.core.text import quoted

# A time after the date ("2015-03-04 00:00:00", as Excel and our own reader print a date
# cell that has one) is ignored.
_TIME = re.compile(r"(?:\s+|T)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?$", re.ASCII)
# Year, month and day separated by one of - / . (the same one twice), or written with 年月日.
_SEPARATED = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})", re.ASCII
)
_CHINESE = re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]?", re.ASCII)
_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})", re.ASCII)

# Excel's 1900 date system counts 1900-01-01 as day 1 and, copying a Lotus 1-2-3 bug, has a
# 29 February 1900 as day 60; from day 61 on, day n is n days after 1899-12-30.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_LAST_SERIAL = (date.max - _EXCEL_EPOCH).days


def _invalid(value: object) -> ValidationFailed:
    return ValidationFailed(
        _("“%(value)s” is not a date; write it as 2015-03-04.") % {"value": quoted(value)},
        field="date",
    )


def _make(year: int, month: int, day: int, *, shown: object) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationFailed(
            _("“%(value)s” is not a real day; check the month and the day.")
            % {"value": quoted(shown)},
            field="date",
        ) from None


def _from_number(value: float, *, shown: object) -> date:
    if not math.isfinite(value):
        raise _invalid(shown)
    whole = math.floor(value)  # the fraction is the time of day
    # A number cell holding 20150304 is a date typed without separators, not a serial: no
    # serial has eight digits (9999-12-31 is 2958465).
    if 19000101 <= whole <= 99991231:
        return _make(whole // 10000, whole // 100 % 100, whole % 100, shown=shown)
    if whole < 1 or whole > _EXCEL_LAST_SERIAL:
        raise _invalid(shown)
    if whole == _EXCEL_FAKE_LEAP_DAY:
        raise ValidationFailed(
            _("“%(value)s” is not a real day; check the month and the day.")
            % {"value": "1900-02-29"},
            field="date",
        )
    if whole < _EXCEL_FAKE_LEAP_DAY:
        return _EXCEL_EPOCH + timedelta(days=whole + 1)
    return _EXCEL_EPOCH + timedelta(days=whole)


def parse_date(value: object) -> date:
    """Return ``value`` as a date, or raise ``ValidationFailed`` with a clerk's message.

    Accept dates and datetimes, Excel serial numbers (1900 date system) and the written forms
    2015-03-04, 2015/3/4, 2015.3.4, 2015年3月4日 and 20150304, in full-width digits too.
    """
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    # bool is an int, but True is no date.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(value, shown=value)
    text = "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()
    text = "".join(_TIME.sub("", text).split())
    if not text:
        raise ValidationFailed(_("Enter a date."), field="date")
    for pattern in (_SEPARATED, _CHINESE, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            return _make(int(match["year"]), int(match["month"]), int(match["day"]), shown=value)
    raise _invalid(value)


# No record of a person alive today, and no care or schooling, is dated before 1900.
EARLIEST_DAY = date(1900, 1, 1)


def check_plausible_day(
    day: date, *, field: str, days_ahead: int | None = 0, today: date | None = None
) -> date:
    """Return ``day``, or refuse it if it is before 1900 or more than ``days_ahead`` days
    after today (0: not in the future; None: no limit).

    For dates that cannot be true otherwise: a birth date, the start of schooling, the day
    of a talk or visit. A mistyped year (0205, 2205) is refused, not stored.
    """
    if day < EARLIEST_DAY:
        raise ValidationFailed(
            _("%(day)s is before 1900; check the year.") % {"day": f"{day:%Y-%m-%d}"},
            field=field,
        )
    if days_ahead is None:
        return day
    latest = (today or timezone.localdate()) + timedelta(days=days_ahead)
    if day > latest:
        message = (
            _("%(day)s is in the future.")
            if days_ahead == 0
            else _("%(day)s is after %(latest)s; check the year.")
        )
        raise ValidationFailed(
            message % {"day": f"{day:%Y-%m-%d}", "latest": f"{latest:%Y-%m-%d}"}, field=field
        )
    return day


def age_on(birth: date, day: date) -> int:
    """Return the age in whole years on ``day`` (a birthday on 29 February counts on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def years_before(day: date, years: int) -> date:
    """Return the day ``years`` years before ``day`` (29 February → 28 February): whoever was
    born on or before it is at least ``years`` old on ``day``."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)

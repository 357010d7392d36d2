"""Lunar birthdays (农历生日): on which solar date a lunar birthday falls, by ``lunar_python``.

Many families keep a child's or an old person's birthday by the lunar calendar: month 1–12,
day 1–30, and whether the month was a leap month (闰月). The calendar does not give every
such day every year, so the plan's rules (issue 15, point 4) decide, in this order:

1. A leap-month birthday falls in that leap month in a lunar year that has it (闰四月初八
   in a year with a 闰四月), and in the ordinary month of the same number in a year
   without it (四月初八). An ordinary-month birthday always falls in the ordinary month,
   never in the leap month that follows it.
2. A 30th-day birthday in a 29-day month (小月) falls on the 29th, the month's last day.

The birthday "of lunar year Y" is that lunar month and day in lunar year Y; as the lunar
year begins in January or February, a birthday late in the twelfth month may fall in
January or February of the solar year Y+1. So the birthdays inside a solar month of year
Y are those of lunar year Y, and in January and February also of lunar year Y-1.

No month 13, no day 31 or 0: such a birthday no lunar calendar has is refused with a
message (``ValidationFailed``). Years are those ``lunar_python`` computes and the app's
months hold: ``FIRST_YEAR``–``LAST_YEAR`` (1900–2100). The module reads no database.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.utils.translation import gettext as _
from lunar_python import Lunar, LunarMonth, LunarYear, Solar

from guanai.core.errors import ValidationFailed
from guanai.core.months import FIRST_YEAR, LAST_YEAR, last_day

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "LunarDate",
    "check_year",
    "lunar_date_clean",
    "lunar_date_of",
    "next_occurrence",
    "occurrence_in_month",
    "solar_date",
]


@dataclass(frozen=True)
class LunarDate:
    """A lunar birthday: month 1–12, day 1–30, and whether the month is a leap month."""

    month: int
    day: int
    leap: bool = False


def lunar_date_clean(month: object, day: object, leap: bool = False) -> LunarDate:
    """Return the lunar birthday written; refuse a month or day no lunar calendar has."""
    number = _whole(month, field="month", missing=_("Enter the lunar month (1–12)."))
    if not 1 <= number <= 12:
        raise ValidationFailed(
            _("A lunar year has months 1 to 12; there is no month %(month)s.") % {"month": number},
            field="month",
        )
    days = _whole(day, field="day", missing=_("Enter the lunar day (1–30)."))
    if not 1 <= days <= 30:
        raise ValidationFailed(
            _("A lunar month has days 1 to 30; there is no day %(day)s.") % {"day": days},
            field="day",
        )
    return LunarDate(number, days, bool(leap))


def _whole(value: object, *, field: str, missing: str) -> int:
    if isinstance(value, bool):
        raise ValidationFailed(missing, field=field)
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValidationFailed(missing, field=field)
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 4:
        raise ValidationFailed(
            _("Write the lunar month and day as numbers, e.g. 4 and 8."), field=field
        )
    return int(text)


def check_year(year: int) -> None:
    """Refuse a year the app's calendar does not hold."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(
            _("Choose a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="year",
        )


def solar_date(birthday: LunarDate, year: int) -> dt.date:
    """Return the solar date of ``birthday`` in lunar year ``year`` (rules 1 and 2)."""
    check_year(year)
    return _solar(birthday.month, birthday.day, birthday.leap, year)


# 12 months x 30 days x 2 x 202 years at most; a county's list asks the same few hundred.
@functools.lru_cache(maxsize=8192)
def _solar(month: int, day: int, leap: bool, year: int) -> dt.date:
    # lunar_python names a leap month by its negative number (闰四月 is -4).
    signed = -month if leap and LunarYear.fromYear(year).getLeapMonth() == month else month
    days = LunarMonth.fromYm(year, signed).getDayCount()
    solar = Lunar.fromYmd(year, signed, min(day, days)).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def occurrence_in_month(birthday: LunarDate, month: dt.date) -> tuple[dt.date, int] | None:
    """Return the birthday's date inside the solar month of ``month`` and its lunar year.

    Only lunar years Y-1 and Y reach a month of solar year Y. Two dates of one birthday are
    more than 300 days apart (a lunar year is 353 to 385 days; the leap-month rule moves
    one by 29 or 30 at most), so a month holds at most one; ``None`` when it holds none.
    """
    check_year(month.year)
    first, last = month.replace(day=1), last_day(month)
    # Lunar year 1899 is computed too: its twelfth month reaches January 1900.
    for year in (month.year - 1, month.year):
        on = _solar(birthday.month, birthday.day, birthday.leap, year)
        if first <= on <= last:
            return on, year
    return None


def next_occurrence(birthday: LunarDate, on_or_after: dt.date) -> dt.date:
    """Return the first date of the birthday on ``on_or_after`` or later."""
    check_year(on_or_after.year)
    for year in (on_or_after.year - 1, on_or_after.year, on_or_after.year + 1):
        on = _solar(birthday.month, birthday.day, birthday.leap, year)
        if on >= on_or_after:
            return on
    raise AssertionError("a lunar year's date is never two solar years late")  # pragma: no cover


def lunar_date_of(born: dt.date) -> LunarDate:
    """Return the lunar month, day and leap flag of a solar date (a birth date's lunar day).

    A family that keeps the lunar birthday keeps the lunar date of the day of birth: the
    form offers it first.
    """
    lunar = Solar.fromYmd(born.year, born.month, born.day).getLunar()
    return LunarDate(abs(lunar.getMonth()), lunar.getDay(), lunar.getMonth() < 0)

"""Festivals and holidays (节日与假期): the special days on which children write home.

篇一 (and 篇七, in the same words): "指导特殊群体学生利用传统节日、长辈生日、寒暑假等特殊日子
给远方的家长写一封亲情书信". This module is pure: it reads no table and returns, for any
span of days, the occasions a school may build a letters-home round on (``occasions``),
each with the rule that placed it (``Occasion.rule``). Three sources, in this order:

1. **Traditional festivals** (``Source.LUNAR``), by ``lunar_python``: 春节 lunar 1/1, 元宵节
   1/15, 端午节 5/5, 七夕节 7/7, 中秋节 8/15, 重阳节 9/9 — always of the ordinary month, never
   a leap month of the same number (the festival is kept in the first one) — and 清明节 on
   the solar term 清明 (April 4–6). Every year from ``FIRST_YEAR`` to ``LAST_YEAR``.
2. **Statutory holidays** (``Source.STATUTORY``), by ``chinese_calendar``: the State
   Council's arrangement of days off, each holiday's days grouped into one span (a gap of
   up to three days, a working weekend inside the span, does not split it). A holiday
   that is a festival above (春节, 清明, 端午, 中秋) is not listed twice: its span is given
   to the festival, which then reads as the festival's day within the holiday's days.
   The library knows only the years whose arrangement was published when it was released
   (2004–2026 in 1.11); a later year has festivals and school holidays only, and
   ``statutory_known(year)`` says so, for the page to tell the user.
3. **School holidays** (``Source.SCHOOL``), estimates: 寒假 from three weeks before Spring
   Festival to two weeks after it, 暑假 from 10 July to 31 August. Each county's education
   bureau publishes its own dates; a round's dates are changed on its form.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import chinese_calendar
from django.utils.translation import gettext as _
from lunar_python import Lunar, Solar

from guanai.core.months import FIRST_YEAR, LAST_YEAR

__all__ = [
    "FESTIVALS",
    "Occasion",
    "Source",
    "festival_day",
    "occasion_by_key",
    "occasions",
    "statutory_known",
]


class Source(StrEnum):
    LUNAR = "lunar"
    STATUTORY = "statutory"
    SCHOOL = "school"


@dataclass(frozen=True)
class Occasion:
    """One occasion: its code, its name, the day (or first day) and last day, and why."""

    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    source: Source
    # The festival's own day (a statutory span given to a festival begins before it).
    on: dt.date
    rule: str
    estimate: bool = False

    @property
    def key(self) -> str:
        """Return what names the occasion in a form or a URL: "mid_autumn:2027-09-15"."""
        return f"{self.code}:{self.on.isoformat()}"

    @property
    def is_span(self) -> bool:
        return self.starts_on != self.ends_on


# code → (lunar month, lunar day, name); 清明 is a solar term, apart.
FESTIVALS: dict[str, tuple[int, int, str]] = {
    "spring_festival": (1, 1, "春节"),
    "lantern": (1, 15, "元宵节"),
    "dragon_boat": (5, 5, "端午节"),
    "qixi": (7, 7, "七夕节"),
    "mid_autumn": (8, 15, "中秋节"),
    "double_ninth": (9, 9, "重阳节"),
}
QINGMING = ("qingming", "清明节")

# chinese_calendar's holiday name → (our code, the name shown). Festivals share their code.
STATUTORY: dict[str, tuple[str, str]] = {
    chinese_calendar.Holiday.new_years_day.value: ("new_year", "元旦"),
    chinese_calendar.Holiday.spring_festival.value: ("spring_festival", "春节"),
    chinese_calendar.Holiday.tomb_sweeping_day.value: ("qingming", "清明节"),
    chinese_calendar.Holiday.labour_day.value: ("labour_day", "劳动节"),
    chinese_calendar.Holiday.dragon_boat_festival.value: ("dragon_boat", "端午节"),
    chinese_calendar.Holiday.national_day.value: ("national_day", "国庆节"),
    chinese_calendar.Holiday.mid_autumn_festival.value: ("mid_autumn", "中秋节"),
    chinese_calendar.Holiday.anti_fascist_70th_day.value: (
        "victory_day",
        "中国人民抗日战争胜利70周年纪念日",
    ),
}
# Days off of one holiday this far apart (a working weekend between) are one span.
SPAN_GAP = dt.timedelta(days=3)
WINTER_BEFORE = dt.timedelta(weeks=3)
WINTER_AFTER = dt.timedelta(weeks=2)
SUMMER = ((7, 10), (8, 31))


def festival_day(code: str, year: int) -> dt.date:
    """Return the solar date of a traditional festival of lunar year ``year``."""
    if code == QINGMING[0]:
        term = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
        return dt.date(term.getYear(), term.getMonth(), term.getDay())
    month, day, _name = FESTIVALS[code]
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def statutory_known(year: int) -> bool:
    """Return whether ``chinese_calendar`` holds the State Council's arrangement of ``year``."""
    try:
        chinese_calendar.get_holiday_detail(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.cache
def _statutory_spans() -> tuple[tuple[str, dt.date, dt.date], ...]:
    """Return (library name, first day, last day) of every statutory holiday it knows."""
    spans: list[tuple[str, dt.date, dt.date]] = []
    latest: dict[str, int] = {}  # a holiday's name → its latest span in ``spans``
    for day, name in sorted(chinese_calendar.holidays.items()):
        at = latest.get(name)
        if at is not None and day - spans[at][2] <= SPAN_GAP:
            spans[at] = (name, spans[at][1], day)
            continue
        latest[name] = len(spans)
        spans.append((name, day, day))
    return tuple(spans)


def _lunar(
    year: int, holidays: dict[tuple[str, int], tuple[dt.date, dt.date]]
) -> Iterator[Occasion]:
    codes = [(code, name) for code, (_m, _d, name) in FESTIVALS.items()] + [QINGMING]
    for code, name in codes:
        on = festival_day(code, year)
        if code == QINGMING[0]:
            rule = _("the solar term Qingming of %(year)s") % {"year": year}
        else:
            month, day, _name = FESTIVALS[code]
            rule = _("lunar %(month)s/%(day)s of %(year)s") % {
                "month": month,
                "day": day,
                "year": year,
            }
        span = holidays.get((code, year))
        if span is not None:
            rule = _("%(rule)s, within the statutory holiday") % {"rule": rule}
            first, last = min(span[0], on), max(span[1], on)
        else:
            first = last = on
        yield Occasion(code, name, first, last, Source.LUNAR, on, rule)


def _school(year: int) -> Iterator[Occasion]:
    spring = festival_day("spring_festival", year)
    yield Occasion(
        "winter_vacation",
        _("Winter vacation"),
        spring - WINTER_BEFORE,
        spring + WINTER_AFTER,
        Source.SCHOOL,
        spring - WINTER_BEFORE,
        _("estimate: three weeks before Spring Festival to two weeks after it"),
        estimate=True,
    )
    (m1, d1), (m2, d2) = SUMMER
    yield Occasion(
        "summer_vacation",
        _("Summer vacation"),
        dt.date(year, m1, d1),
        dt.date(year, m2, d2),
        Source.SCHOOL,
        dt.date(year, m1, d1),
        _("estimate: 10 July to 31 August"),
        estimate=True,
    )


def occasions(start: dt.date, end: dt.date) -> list[Occasion]:
    """Return the occasions whose days meet ``start``–``end`` (both included), by first day.

    Years outside ``FIRST_YEAR``–``LAST_YEAR`` (the lunar calendar the app holds) give none.
    """
    # Clamped to the years held, so that a far date (0001-01-01 asked of the API) gives
    # none instead of overflowing the date arithmetic below.
    start = max(start, dt.date(FIRST_YEAR, 1, 1))
    end = min(end, dt.date(LAST_YEAR, 12, 31))
    if start > end:
        return []
    festival_codes = {*FESTIVALS, QINGMING[0]}
    given: dict[tuple[str, int], tuple[dt.date, dt.date]] = {}
    statutory: list[Occasion] = []
    for library_name, first, last in _statutory_spans():
        if last < start - dt.timedelta(days=40) or first > end + dt.timedelta(days=40):
            continue
        code, name = STATUTORY.get(library_name, ("holiday", library_name))
        if code in festival_codes:
            given[code, first.year] = (first, last)
            continue
        rule = _("statutory holiday (State Council arrangement)")
        statutory.append(Occasion(code, name, first, last, Source.STATUTORY, first, rule))
    found: list[Occasion] = list(statutory)
    for year in range(max(start.year, FIRST_YEAR), min(end.year, LAST_YEAR) + 1):
        found.extend(_lunar(year, given))
        found.extend(_school(year))
    shown = [o for o in found if o.starts_on <= end and o.ends_on >= start]
    shown.sort(key=lambda o: (o.starts_on, o.on, o.code))
    return shown


def occasion_by_key(key: str) -> Occasion | None:
    """Return the occasion a form or URL names ("mid_autumn:2027-09-15"), or None."""
    code, _sep, day = key.partition(":")
    try:
        on = dt.date.fromisoformat(day)
    except ValueError:
        return None
    if not FIRST_YEAR <= on.year <= LAST_YEAR:
        return None
    around = occasions(on - dt.timedelta(days=40), on + dt.timedelta(days=40))
    return next((o for o in around if o.code == code and o.on == on), None)

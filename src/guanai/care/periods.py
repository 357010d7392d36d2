"""Calendar periods of the frequency rules and the pure evaluation of one rule.

Weeks run Monday to Sunday, months and years by the calendar, all in local time
(Asia/Shanghai, ``timezone.localdate()``). ``evaluate`` is a pure function of a rule, what
the records add up to (a ``Tally``) and today, so it can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from guanai.care.models import FrequencyRule, Period
from guanai.core.months import last_day, month_start

# A rolling rule ("every 28 days") is due this many days before its deadline.
DUE_SOON_DAYS = 7
CALENDAR = (Period.WEEK, Period.MONTH, Period.YEAR)


class Status(StrEnum):
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


def period_bounds(period: str, day: date) -> tuple[date, date]:
    """Return the first and last day of the calendar ``period`` holding ``day``."""
    if period == Period.WEEK:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if period == Period.MONTH:
        start = month_start(day)
        return start, last_day(start)
    if period == Period.YEAR:
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    raise ValueError(period)


def windows(today: date) -> dict[str, tuple[date, date]]:
    """Return this and the previous week, month and year, by name ("week", "prev_week" …)."""
    result: dict[str, tuple[date, date]] = {}
    for period in CALENDAR:
        start, end = period_bounds(period, today)
        result[str(period)] = (start, end)
        result[f"prev_{period}"] = period_bounds(period, start - timedelta(days=1))
    return result


@dataclass(frozen=True)
class Tally:
    """What the records that count for a rule add up to.

    ``last`` is the latest date; ``counts`` the number in each window of ``windows`` (this
    week, the previous week, this month …), missing windows counting zero.
    """

    last: date | None = None
    counts: Mapping[str, int] = field(default_factory=dict)

    def count(self, window: str) -> int:
        return self.counts.get(window, 0)


def tally_of_dates(dates: Iterable[date], today: date) -> Tally:
    """Return the tally of records on ``dates`` (the reference the SQL aggregate matches)."""
    dates = list(dates)
    counts = {
        name: sum(1 for d in dates if start <= d <= end)
        for name, (start, end) in windows(today).items()
    }
    return Tally(last=max(dates, default=None), counts=counts)


def merge(tallies: Iterable[Tally]) -> Tally:
    """Add up the tallies of several kinds of care (a record has one kind)."""
    last: date | None = None
    counts: dict[str, int] = {}
    for tally in tallies:
        if tally.last is not None and (last is None or tally.last > last):
            last = tally.last
        for name, n in tally.counts.items():
            counts[name] = counts.get(name, 0) + n
    return Tally(last=last, counts=counts)


@dataclass(frozen=True)
class Outcome:
    """A rule's state today: the status, how many were done of how many needed, by when."""

    status: Status
    done: int
    needed: int
    deadline: date | None
    period_start: date | None = None


def evaluate(rule: FrequencyRule, tally: Tally, today: date) -> Outcome:
    """Return whether ``rule`` is done, due or overdue today, given the records' ``tally``.

    A calendar rule (week, month, year) is done once this period has ``times`` records;
    otherwise it is overdue when the previous period ended without enough, and due when
    it did not. A rolling rule (every ``days`` days) is overdue past ``days`` days after
    the last record (or with no record at all), due in the last ``DUE_SOON_DAYS`` days
    before that, and done before.
    """
    if rule.period == Period.DAYS:
        days = rule.days or 1
        if tally.last is None:
            return Outcome(Status.OVERDUE, 0, 1, None)
        left = days - (today - tally.last).days
        try:
            deadline: date | None = tally.last + timedelta(days=days)
        except OverflowError:
            deadline = None
        if left < 0:
            status = Status.OVERDUE
        elif left <= DUE_SOON_DAYS:
            status = Status.DUE
        else:
            status = Status.DONE
        return Outcome(status, 1 if status == Status.DONE else 0, 1, deadline, tally.last)
    start, end = period_bounds(rule.period, today)
    done = tally.count(str(rule.period))
    if done >= rule.times:
        status = Status.DONE
    elif tally.count(f"prev_{rule.period}") < rule.times:
        status = Status.OVERDUE
    else:
        status = Status.DUE
    return Outcome(status, done, rule.times, end, start)

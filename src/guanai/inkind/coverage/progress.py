"""A target's progress by year, worked out from what the database gave (no queries here).

For each year of the target's span:

* ``delivered``: the persons of the unit's subtree delivered the service that year;
* ``cumulative``: the persons delivered it from the first year of the span to that year's end
  (a person delivered twice counts once);
* ``remaining`` (every-eligible-person targets only): the persons eligible and not yet served
  at the year's end — for the current year today, for a future year nothing yet (None);
* ``rate``: the share reached, in whole percent — ``cumulative`` of the goal for a count,
  ``cumulative`` of ``cumulative + remaining`` for every eligible person (100 when nobody
  needed it).

The target is *met* when the goal is reached (every eligible person: nobody remaining at the
latest year read); *on track* while the share reached is at least the share of the span's
years already over; *behind* otherwise; *missed* once the span is over and it is not met;
*not started* before its first year. The statuses are the work organisation's
(``governance.targets.progress.TargetStatus``): a service target is one of its multi-year
targets, whose own rows (``governance.targets``) read the share reached or the persons
served as its figure (``inkind.coverage.sources``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from guanai.governance.targets.progress import TargetStatus
from guanai.inkind.models import Measure

__all__ = ["Progress", "TargetStatus", "YearProgress", "progress_of"]


@dataclass(frozen=True)
class YearProgress:
    year: int
    # "past", "current" or "future" against today
    when: str
    delivered: int
    cumulative: int
    remaining: int | None
    rate: int | None

    @property
    def bar(self) -> int:
        """Return the rate kept within 0–100, for a progress bar."""
        return max(0, min(self.rate or 0, 100))


@dataclass(frozen=True)
class Progress:
    measure: str
    goal: int | None
    years: list[YearProgress]
    status: TargetStatus
    # The year shown as "this year's": today's year inside the span, else its first or last.
    shown_year: int

    @property
    def shown(self) -> YearProgress:
        return next(y for y in self.years if y.year == self.shown_year)

    @property
    def met(self) -> bool:
        return self.status == TargetStatus.MET

    @property
    def on_track(self) -> bool:
        return self.status in (TargetStatus.MET, TargetStatus.ON_TRACK)


def _rate(measure: str, goal: int | None, cumulative: int, remaining: int | None) -> int | None:
    if measure == Measure.COUNT:
        return cumulative * 100 // goal if goal else None
    if remaining is None:
        return None
    needed = cumulative + remaining
    return 100 if needed == 0 else cumulative * 100 // needed


def progress_of(
    *,
    measure: str,
    goal: int | None,
    start_year: int,
    end_year: int,
    today: date,
    deliveries: Iterable[tuple[int, date]],
    remaining: Mapping[int, int],
) -> Progress:
    """Return the progress from ``deliveries`` (person, day delivered) and the persons
    ``remaining`` at each year's end (every-eligible-person targets; a year left out is
    not known)."""
    by_year: dict[int, set[int]] = {}
    for person, day in deliveries:
        by_year.setdefault(day.year, set()).add(person)
    years: list[YearProgress] = []
    served: set[int] = set()
    for year in range(start_year, end_year + 1):
        when = "past" if year < today.year else "current" if year == today.year else "future"
        found = by_year.get(year, set()) if when != "future" else set()
        served |= found
        left = remaining.get(year) if measure == Measure.ALL_SERVED and when != "future" else None
        cumulative = len(served)
        rate = None if when == "future" else _rate(measure, goal, cumulative, left)
        years.append(YearProgress(year, when, len(found), cumulative, left, rate))
    shown_year = min(max(today.year, start_year), end_year)
    return Progress(
        measure=measure,
        goal=goal,
        years=years,
        status=_status(measure, goal, start_year, end_year, today, years),
        shown_year=shown_year,
    )


def _status(
    measure: str,
    goal: int | None,
    start_year: int,
    end_year: int,
    today: date,
    years: list[YearProgress],
) -> TargetStatus:
    if today.year < start_year:
        return TargetStatus.NOT_STARTED
    latest = next(y for y in years if y.year == min(today.year, end_year))
    if measure == Measure.COUNT:
        met = goal is not None and latest.cumulative >= goal
    else:
        met = latest.remaining == 0
    if met:
        return TargetStatus.MET
    if today.year > end_year:
        return TargetStatus.MISSED
    # The share reached (reached / needed) against the share of the span's years over.
    span = end_year - start_year + 1
    over = today.year - start_year
    needed = (
        (goal or 0) if measure == Measure.COUNT else latest.cumulative + (latest.remaining or 0)
    )
    on_track = latest.cumulative * span >= over * needed
    return TargetStatus.ON_TRACK if on_track else TargetStatus.BEHIND

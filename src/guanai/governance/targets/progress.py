"""A multi-year target's progress by year, worked out from what the database gave (no
queries here).

篇八 sets its goals over three years: 五保集中供养率 40 %, 床位率 60 %, 入住率 80 %, no dangerous
house left. A target (``Spec``) has a kind of figure (a percentage or a count), a direction
(up: reached when the figure is at least the mark; down: at most), a base year and a final
year — its span, both included — a baseline (the figure when it was set, at the start of
the base year), a goal for the end of the final year and milestones by year. The figures
(``figures``) are what the data or the entries give for each year: ``None`` is not known.

The rules, in the order they are applied:

* **Milestones.** A year with its own milestone keeps it. The final year's is the goal. A
  year without one gets the straight line between the nearest known points around it — the
  baseline at the start of the span, the milestones set, the goal at the end; with none
  set, the straight line from the baseline to the goal: ``baseline + (goal − baseline) ×
  (years done by that year's end) ÷ (years of the span)``. It is rounded as the kind of
  figure wants (a percentage to one decimal, a count to a whole number) towards the goal —
  up for a target raised, down for one lowered — so that a milestone is never easier than
  the line, and kept between its two points. With no baseline (or no goal) a year before
  the first point (or after the last) has no milestone.
* **Rows.** Each year of the span is past, current or future against ``today``. A future
  year has no figure yet, whatever was given. A year is *reached* when its figure is known
  and reaches its milestone in the target's direction.
* **Status.** *Not started* before the base year. *Met* when the latest known figure —
  the figure of the latest year up to today that has one — reaches the goal. *Missed* once
  the final year is over and it is not met. Otherwise *on track* while nothing is due yet
  (the base year itself, or no milestone for last year) or while the latest known figure
  reaches the milestone of the last year over (the current year is still running); *behind*
  when it does not, or when no figure is known by then.

The progress bar shows how far the figure has come from the baseline (0 when none) to the
goal, kept within 0–100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.governance.models import Direction, ValueKind


class TargetStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    MET = "met", pgettext_lazy("target", "Met")
    MISSED = "missed", pgettext_lazy("target", "Missed")


# The step a milestone is rounded to, by kind of figure.
QUANTUM = {ValueKind.PERCENT: Decimal("0.1"), ValueKind.COUNT: Decimal(1)}


@dataclass(frozen=True)
class Spec:
    """What the engine reads of a target."""

    value_kind: str
    direction: str
    base_year: int
    final_year: int
    baseline: Decimal | None
    goal: Decimal | None
    milestones: Mapping[int, Decimal] = field(default_factory=dict)

    @property
    def years(self) -> range:
        return range(self.base_year, self.final_year + 1)


@dataclass(frozen=True)
class YearRow:
    year: int
    # "past", "current" or "future" against today
    when: str
    milestone: Decimal | None
    figure: Decimal | None
    # The figure is known and reaches the milestone.
    reached: bool


@dataclass(frozen=True)
class Progress:
    spec: Spec
    years: list[YearRow]
    status: TargetStatus
    # The year shown as "this year's": today's year inside the span, else its first or last.
    shown_year: int
    # The row of the latest year up to today with a figure, if any.
    latest: YearRow | None

    @property
    def shown(self) -> YearRow:
        return next(y for y in self.years if y.year == self.shown_year)

    @property
    def met(self) -> bool:
        return self.status == TargetStatus.MET

    @property
    def bar(self) -> int | None:
        """Return how far the shown year's figure (or the latest known) has come from the
        baseline to the goal, in whole percent within 0–100; None without a figure."""
        row = self.shown if self.shown.figure is not None else self.latest
        if row is None or row.figure is None or self.spec.goal is None:
            return None
        return bar_of(row.figure, self.spec.goal, self.spec)


def reaches(figure: Decimal, mark: Decimal, direction: str) -> bool:
    """Return whether ``figure`` reaches ``mark`` in the direction of the target."""
    return figure <= mark if direction == Direction.DOWN else figure >= mark


def bar_of(figure: Decimal, goal: Decimal, spec: Spec) -> int:
    """Return the share of the way from the baseline (0 when none) to the goal reached."""
    start = spec.baseline if spec.baseline is not None else Decimal(0)
    way = goal - start
    if way == 0:
        return 100 if reaches(figure, goal, spec.direction) else 0
    share = int((figure - start) * 100 / way)
    return max(0, min(share, 100))


def _rounded(value: Decimal, spec: Spec) -> Decimal:
    quantum = QUANTUM.get(ValueKind(spec.value_kind), Decimal("0.1"))
    rounding = ROUND_FLOOR if spec.direction == Direction.DOWN else ROUND_CEILING
    return value.quantize(quantum, rounding=rounding)


def milestones_of(spec: Spec) -> dict[int, Decimal | None]:
    """Return each year's milestone: its own, the goal for the final year, else the straight
    line between the known points around it, rounded towards the goal."""
    # (year the figure is read at the end of, figure): the baseline is the end of the year
    # before the span.
    points: list[tuple[int, Decimal]] = []
    if spec.baseline is not None:
        points.append((spec.base_year - 1, spec.baseline))
    points += sorted((y, v) for y, v in spec.milestones.items() if y in spec.years)
    if spec.goal is not None:
        points = [(y, v) for y, v in points if y != spec.final_year]
        points.append((spec.final_year, spec.goal))
    known = dict(points)
    found: dict[int, Decimal | None] = {}
    for year in spec.years:
        if year in known:
            found[year] = known[year]
            continue
        before = [(y, v) for y, v in points if y < year]
        after = [(y, v) for y, v in points if y > year]
        if not before or not after:
            found[year] = None
            continue
        (y0, v0), (y1, v1) = before[-1], after[0]
        line = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
        low, high = min(v0, v1), max(v0, v1)
        found[year] = max(low, min(_rounded(line, spec), high))
    return found


def _when(year: int, today: date) -> str:
    return "past" if year < today.year else "current" if year == today.year else "future"


def progress_of(spec: Spec, figures: Mapping[int, Decimal | None], today: date) -> Progress:
    """Return the target's rows by year and its status on ``today`` from its ``figures``
    by year (a year left out, or None, is not known)."""
    marks = milestones_of(spec)
    rows: list[YearRow] = []
    for year in spec.years:
        when = _when(year, today)
        figure = None if when == "future" else figures.get(year)
        mark = marks[year]
        reached = figure is not None and mark is not None and reaches(figure, mark, spec.direction)
        rows.append(YearRow(year, when, mark, figure, reached))
    known = [row for row in rows if row.figure is not None]
    latest = known[-1] if known else None
    return Progress(
        spec=spec,
        years=rows,
        status=_status(spec, marks, latest, today),
        shown_year=min(max(today.year, spec.base_year), spec.final_year),
        latest=latest,
    )


def _status(
    spec: Spec, marks: Mapping[int, Decimal | None], latest: YearRow | None, today: date
) -> TargetStatus:
    if today.year < spec.base_year:
        return TargetStatus.NOT_STARTED
    figure = latest.figure if latest is not None else None
    if figure is not None and spec.goal is not None and reaches(figure, spec.goal, spec.direction):
        return TargetStatus.MET
    if today.year > spec.final_year:
        return TargetStatus.MISSED
    due = marks.get(today.year - 1)
    if today.year == spec.base_year or due is None:
        return TargetStatus.ON_TRACK
    if figure is None:
        return TargetStatus.BEHIND
    return TargetStatus.ON_TRACK if reaches(figure, due, spec.direction) else TargetStatus.BEHIND

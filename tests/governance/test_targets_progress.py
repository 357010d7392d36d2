"""The pure progress engine of multi-year targets: milestones on the straight line, rows by
year, the status — property tests over any target and any figures, and the plan's cases."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guanai.governance.models import Direction, ValueKind
from guanai.governance.targets.progress import (
    Spec,
    TargetStatus,
    milestones_of,
    progress_of,
    reaches,
)

figures_values = st.decimals(min_value=0, max_value=100, places=1)


@st.composite
def specs(draw: st.DrawFn, *, with_milestones: bool = False) -> Spec:
    kind = draw(st.sampled_from([ValueKind.PERCENT, ValueKind.COUNT]))
    direction = draw(st.sampled_from([Direction.UP, Direction.DOWN]))
    base = draw(st.integers(2020, 2030))
    final = draw(st.integers(base, base + 9))
    places = 1 if kind == ValueKind.PERCENT else 0
    values = st.decimals(min_value=0, max_value=100, places=places)
    baseline = draw(st.one_of(st.none(), values))
    goal = draw(values)
    if baseline is not None and reaches(baseline, goal, direction) and baseline != goal:
        baseline, goal = goal, baseline  # a goal beyond the baseline, as the form asks
    milestones: dict[int, Decimal] = {}
    if with_milestones and baseline is not None and final > base:
        years = draw(st.lists(st.integers(base, final - 1), unique=True, max_size=3))
        low, high = sorted((baseline, goal))
        size = len(years)
        steps = sorted(
            draw(st.lists(st.decimals(low, high, places=places), min_size=size, max_size=size))
        )
        if direction == Direction.DOWN:
            steps.reverse()
        milestones = dict(zip(sorted(years), steps, strict=True))
    return Spec(kind, direction, base, final, baseline, goal, milestones)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Spec, dict[int, Decimal | None], date]:
    spec = draw(specs(with_milestones=True))
    figures = {
        year: draw(st.one_of(st.none(), figures_values))
        for year in range(spec.base_year - 1, spec.final_year + 2)
    }
    today = date(draw(st.integers(spec.base_year - 2, spec.final_year + 2)), 6, 30)
    return spec, figures, today


def _latest_known(spec: Spec, figures: dict[int, Decimal | None], today: date) -> Decimal | None:
    known = [figures.get(y) for y in spec.years if y <= today.year and figures.get(y) is not None]
    return known[-1] if known else None


@given(cases())
def test_met_if_and_only_if_the_latest_known_figure_reaches_the_goal(
    case: tuple[Spec, dict[int, Decimal | None], date],
) -> None:
    spec, figures, today = case
    latest = _latest_known(spec, figures, today)
    met = (
        latest is not None and spec.goal is not None and reaches(latest, spec.goal, spec.direction)
    )
    assert (progress_of(spec, figures, today).status == TargetStatus.MET) == met


@given(cases())
def test_never_missed_before_the_final_year_is_over(
    case: tuple[Spec, dict[int, Decimal | None], date],
) -> None:
    spec, figures, today = case
    status = progress_of(spec, figures, today).status
    if today.year <= spec.final_year:
        assert status != TargetStatus.MISSED
    else:
        assert status in (TargetStatus.MET, TargetStatus.MISSED)
    if today.year < spec.base_year:
        assert status == TargetStatus.NOT_STARTED


@given(specs(with_milestones=True))
def test_milestones_run_monotone_between_the_baseline_and_the_goal(spec: Spec) -> None:
    marks = milestones_of(spec)
    assert marks[spec.final_year] == spec.goal
    if spec.baseline is None:
        return
    values = [marks[y] for y in spec.years]
    assert all(v is not None for v in values)
    low, high = sorted((spec.baseline, spec.goal))  # type: ignore[type-var]
    assert all(low <= v <= high for v in values)  # type: ignore[operator]
    pairs = list(itertools.pairwise(values))
    if spec.direction == Direction.UP:
        assert all(a <= b for a, b in pairs)  # type: ignore[operator]
    else:
        assert all(a >= b for a, b in pairs)  # type: ignore[operator]


@given(specs())
def test_milestones_are_rounded_as_the_kind_of_figure_wants(spec: Spec) -> None:
    step = Decimal("0.1") if spec.value_kind == ValueKind.PERCENT else Decimal(1)
    for year, mark in milestones_of(spec).items():
        if mark is not None and year != spec.final_year:
            assert mark % step == 0


@given(cases())
def test_a_row_is_reached_only_with_a_figure_that_reaches_its_milestone(
    case: tuple[Spec, dict[int, Decimal | None], date],
) -> None:
    spec, figures, today = case
    progress = progress_of(spec, figures, today)
    assert [r.year for r in progress.years] == list(spec.years)
    for row in progress.years:
        if row.when == "future":
            assert row.figure is None and not row.reached
        elif row.reached:
            assert row.figure is not None and row.milestone is not None
            assert reaches(row.figure, row.milestone, spec.direction)
    assert spec.base_year <= progress.shown_year <= spec.final_year
    if progress.bar is not None:
        assert 0 <= progress.bar <= 100


# --- 篇八's targets ---------------------------------------------------------------------

CENTRALISED = Spec(ValueKind.PERCENT, Direction.UP, 2024, 2026, Decimal(25), Decimal(40))
HOUSES = Spec(ValueKind.COUNT, Direction.DOWN, 2024, 2026, Decimal(12), Decimal(0))


def test_the_straight_line_from_the_baseline_to_the_goal() -> None:
    # 25 % → 40 % in three years: 5 points a year
    assert milestones_of(CENTRALISED) == {2024: Decimal(30), 2025: Decimal(35), 2026: Decimal(40)}
    # 12 dangerous houses → none: 8 and 4 left, rounded down (never easier than the line)
    assert milestones_of(HOUSES) == {2024: Decimal(8), 2025: Decimal(4), 2026: Decimal(0)}
    uneven = Spec(ValueKind.PERCENT, Direction.UP, 2024, 2026, Decimal(0), Decimal(40))
    assert milestones_of(uneven)[2024] == Decimal("13.4")


def test_a_milestone_set_bends_the_line() -> None:
    spec = Spec(
        ValueKind.PERCENT, Direction.UP, 2024, 2027, Decimal(20), Decimal(40), {2024: Decimal(30)}
    )
    # from 30 % at the end of 2024 to 40 % at the end of 2027
    assert milestones_of(spec) == {
        2024: Decimal(30),
        2025: Decimal("33.4"),
        2026: Decimal("36.7"),
        2027: Decimal(40),
    }


def test_without_a_baseline_only_the_final_year_has_a_milestone() -> None:
    spec = Spec(ValueKind.PERCENT, Direction.UP, 2024, 2026, None, Decimal(80))
    assert milestones_of(spec) == {2024: None, 2025: None, 2026: Decimal(80)}


@pytest.mark.parametrize(
    ("today", "figures", "status"),
    [
        (date(2023, 6, 1), {}, TargetStatus.NOT_STARTED),
        (date(2024, 6, 1), {}, TargetStatus.ON_TRACK),  # nothing due in the first year
        (date(2025, 6, 1), {}, TargetStatus.BEHIND),  # 2024 is over and nothing is known
        (date(2025, 6, 1), {2024: Decimal(31)}, TargetStatus.ON_TRACK),
        (date(2025, 6, 1), {2024: Decimal(29)}, TargetStatus.BEHIND),
        # the current year's figure counts against last year's milestone
        (date(2025, 6, 1), {2024: Decimal(29), 2025: Decimal(30)}, TargetStatus.ON_TRACK),
        (date(2026, 12, 1), {2026: Decimal(40)}, TargetStatus.MET),
        (date(2027, 1, 2), {2026: Decimal("39.9")}, TargetStatus.MISSED),
        # a figure given for a year not begun is not read
        (date(2025, 6, 1), {2024: Decimal(31), 2026: Decimal(45)}, TargetStatus.ON_TRACK),
    ],
)
def test_the_status_of_the_centralised_support_rate(
    today: date, figures: dict[int, Decimal], status: TargetStatus
) -> None:
    assert progress_of(CENTRALISED, figures, today).status == status


def test_the_rows_of_the_dangerous_houses() -> None:
    progress = progress_of(HOUSES, {2024: Decimal(9), 2025: Decimal(3)}, date(2025, 10, 1))

    assert [(r.year, r.when, r.milestone, r.figure, r.reached) for r in progress.years] == [
        (2024, "past", Decimal(8), Decimal(9), False),
        (2025, "current", Decimal(4), Decimal(3), True),
        (2026, "future", Decimal(0), None, False),
    ]
    # 3 left of 12: three quarters of the way
    assert progress.bar == 75
    assert progress.status == TargetStatus.ON_TRACK

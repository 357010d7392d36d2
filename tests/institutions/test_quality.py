"""The assessment engine (``institutions.quality``): exact small cases on both sides of each
grade threshold, the explanations, bad input refused, and its properties (the total within
0..100, monotone in every input, no part above its weight)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from guanai.institutions.quality import (
    EXCELLENT,
    FAILING,
    GOOD,
    PASSING,
    SheetParams,
    check_sheet,
    grade_of,
    score,
)

SHEET = SheetParams()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_a_small_case_exactly() -> None:
    found = score(SHEET, 35, 37, [Decimal(1200), Decimal(600), Decimal(2400)], 20, 18)

    # 40 × 35/37 = 37.84 → 37.8; 30 × (1 + 0.5 + 1)/3 = 25.0; 30 × 18/20 = 27.0.
    assert [p.points for p in found.parts] == [Decimal("37.8"), Decimal("25.0"), Decimal("27.0")]
    assert found.total == Decimal("89.8")
    assert found.grade == GOOD
    assert found.checklist.explanation == "35 of 37 applicable items met."
    assert found.delivery.explanation == (
        "3 residents, 1400 minutes of service per resident per month on average; 2 reached "
        "the target of 1200 minutes."
    )
    assert found.satisfaction.explanation == "18 of 20 respondents satisfied (90%)."


def test_full_marks_and_nothing() -> None:
    full = score(SHEET, 10, 10, [1200], 5, 5)
    assert full.total == 100
    assert full.grade == EXCELLENT
    nothing = score(SHEET, 0, 10, [], 0, 0)
    assert nothing.total == 0
    assert nothing.grade == FAILING
    assert nothing.delivery.explanation == "No resident was served in the year; no points."
    assert nothing.satisfaction.explanation == "No survey respondents; no points."


def test_nothing_applicable_gives_the_checklist_part_in_full() -> None:
    found = score(SHEET, 0, 0, [], 0, 0)
    assert found.checklist.points == 40
    assert "applies" in found.checklist.explanation


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", EXCELLENT),
        ("90.0", EXCELLENT),
        ("89.9", GOOD),
        ("80.0", GOOD),
        ("79.9", PASSING),
        ("60.0", PASSING),
        ("59.9", FAILING),
        ("0", FAILING),
    ],
)
def test_grades_on_both_sides_of_each_threshold(total: str, grade: str) -> None:
    assert grade_of(SHEET, Decimal(total)) == grade


def test_the_sheet_s_own_thresholds_and_weights() -> None:
    strict = SheetParams(50, 25, 25, target_minutes=600, excellent=95, good=85, passing=70)
    found = score(strict, 9, 10, [600], 10, 9)
    assert [p.points for p in found.parts] == [Decimal("45.0"), Decimal("25.0"), Decimal("22.5")]
    assert found.total == Decimal("92.5")
    assert found.grade == GOOD  # excellent from 95 on this sheet


@pytest.mark.parametrize(
    "args",
    [
        (11, 10, [], 0, 0),  # more met than applicable
        (-1, 10, [], 0, 0),
        (1, 10, [], 5, 6),  # more satisfied than respondents
        (1, 10, [], -1, 0),
        (1, 10, [], 5, -1),
        (1, 10, [Decimal(-1)], 0, 0),
    ],
)
def test_counts_out_of_range_are_refused(args: tuple[object, ...]) -> None:
    with pytest.raises(ValueError):
        score(SHEET, *args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "sheet",
    [
        SheetParams(40, 30, 20),
        SheetParams(110, -10, 0),
        SheetParams(target_minutes=0),
        SheetParams(excellent=80, good=80),
        SheetParams(excellent=101),
        SheetParams(passing=0),
    ],
)
def test_bad_sheets_are_refused(sheet: SheetParams) -> None:
    with pytest.raises(ValueError):
        check_sheet(sheet)


weights = st.tuples(st.integers(0, 100), st.integers(0, 100)).filter(lambda w: sum(w) <= 100)
sheets = st.builds(
    lambda w, target: SheetParams(w[0], w[1], 100 - w[0] - w[1], target_minutes=target),
    weights,
    st.integers(1, 10_000),
)
minutes = st.lists(st.integers(0, 20_000).map(Decimal), max_size=8)


@st.composite
def inputs(draw: st.DrawFn) -> tuple[int, int, list[Decimal], int, int]:
    applicable = draw(st.integers(0, 60))
    met = draw(st.integers(0, applicable))
    respondents = draw(st.integers(0, 500))
    satisfied = draw(st.integers(0, respondents))
    return met, applicable, draw(minutes), respondents, satisfied


@given(sheets, inputs())
def test_the_total_is_within_0_and_100_and_each_part_within_its_weight(
    sheet: SheetParams, given_inputs: tuple[int, int, list[Decimal], int, int]
) -> None:
    found = score(sheet, *given_inputs)
    assert 0 <= found.total <= 100
    assert found.total == sum(p.points for p in found.parts)
    for part in found.parts:
        assert 0 <= part.points <= part.weight
    assert found.grade == grade_of(sheet, found.total)


@given(sheets, inputs(), st.integers(0, 3))
def test_monotone_in_each_input(
    sheet: SheetParams, given_inputs: tuple[int, int, list[Decimal], int, int], which: int
) -> None:
    met, applicable, figures, respondents, satisfied = given_inputs
    before = score(sheet, *given_inputs)
    if which == 0 and met < applicable:
        after = score(sheet, met + 1, applicable, figures, respondents, satisfied)
    elif which == 1 and figures:
        more = [figures[0] + 60, *figures[1:]]
        after = score(sheet, met, applicable, more, respondents, satisfied)
    elif which == 2 and satisfied < respondents:
        after = score(sheet, met, applicable, figures, respondents, satisfied + 1)
    elif which == 3:
        # One more resident served at the target or above never lowers the part.
        after = score(
            sheet,
            met,
            applicable,
            [*figures, Decimal(sheet.target_minutes)],
            respondents,
            satisfied,
        )
        assert after.delivery.points >= before.delivery.points
        return
    else:
        return
    assert after.total >= before.total
    for b, a in zip(before.parts, after.parts, strict=True):
        assert a.points >= b.points


@given(sheets, st.integers(0, 60))
def test_weights_are_respected_at_full_marks(sheet: SheetParams, applicable: int) -> None:
    full = score(sheet, applicable, applicable, [Decimal(sheet.target_minutes)], 1, 1)
    assert [p.points for p in full.parts] == [
        sheet.checklist_weight,
        sheet.delivery_weight,
        sheet.satisfaction_weight,
    ]
    assert full.total == 100

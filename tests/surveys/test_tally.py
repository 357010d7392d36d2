"""The analysis's counts against six answer sets counted by hand (``support_analysis.SIX``)."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.surveys import engine
from guanai.surveys.analysis.tally import AnswerSet, crosstab, tally
from tests.surveys.support import SMALL_FORM
from tests.surveys.support_analysis import SIX, v2_definition

FORM = engine.form_read(SMALL_FORM)
FORM_2 = engine.form_read(v2_definition())
WHERE = ["甘露寺村"] * 3 + ["冷碛镇中心小学"] * 3


def answer_set(
    raw: dict, *, form: engine.Form = FORM, version: int = 1, where: str = ""
) -> AnswerSet:
    answers = engine.answers_clean(form, raw, complete=True)
    return AnswerSet(
        answers=answers,
        problems=engine.problems_found(form, answers),
        form=form,
        version=version,
        groups={"category": "留守儿童", "where": where, "unit": where},
    )


def six() -> list[AnswerSet]:
    return [answer_set(raw, where=where) for raw, where in zip(SIX, WHERE, strict=True)]


def by_code(found, code):
    return next(q for q in found.questions if q.question.code == code)


def shares(row) -> dict[str, tuple[int, float | None]]:
    return {v.value: (v.count, v.percent) for v in row.values}


def test_a_single_choice_counts_each_value_of_those_who_answered():
    row = by_code(tally(FORM, 1, six()), "guardian")
    assert (row.shown, row.answered) == (6, 6)
    assert shares(row) == {"grand": (3, 50.0), "relative": (2, 33.3), "none": (1, 16.7)}
    assert [v.label for v in row.values] == ["祖父母", "其他亲属", "无人监护"]


def test_a_skipped_question_counts_only_those_shown_it():
    row = by_code(tally(FORM, 1, six()), "guardian_age")
    assert (row.shown, row.answered) == (5, 5)  # nobody asks a child without a guardian
    assert (row.mean, row.minimum, row.maximum, row.median) == (58.4, 35, 80, 65.0)
    assert row.values == []


def test_a_multiple_choice_counts_each_option_of_those_who_answered_past_100():
    row = by_code(tally(FORM, 1, six()), "needs")
    assert (row.shown, row.answered) == (6, 5)
    assert shares(row) == {"study": (3, 60.0), "talk": (2, 40.0), "none": (1, 20.0)}
    assert sum(v.percent for v in row.values) == 120.0


def test_yes_no_rating_and_text():
    found = tally(FORM, 1, six())
    lonely = by_code(found, "lonely")
    assert lonely.answered == 5
    assert shares(lonely) == {"yes": (2, 40.0), "no": (3, 60.0)}
    mood = by_code(found, "mood")
    assert [v.count for v in mood.values] == [1, 1, 1, 1, 1]
    assert mood.mean == 3.0
    note = by_code(found, "note")
    assert (note.answered, note.values) == (1, [])  # counted, never listed


def test_common_problems_are_ranked_by_persons_then_by_the_forms_order():
    problems = tally(FORM, 1, six()).problems
    assert [(p.code, p.persons, p.percent) for p in problems] == [
        ("needs:study", 3, 50.0),
        ("guardian_age", 2, 33.3),
        ("contact:rarely", 2, 33.3),
        ("needs:talk", 2, 33.3),
        ("lonely", 2, 33.3),
        ("guardian:none", 1, 16.7),
    ]
    assert problems[0].text == "学习需要辅导"
    assert problems[0].question.code == "needs"


def test_a_crosstab_counts_per_group_with_row_percentages():
    table = crosstab(FORM, "guardian", "where", six())
    assert table.columns == ["祖父母", "其他亲属", "无人监护"]
    rows = {r.group: (r.answered, r.counts, r.percents) for r in table.rows}
    assert rows == {
        "冷碛镇中心小学": (3, [1, 1, 1], [33.3, 33.3, 33.3]),
        "甘露寺村": (3, [2, 1, 0], [66.7, 33.3, 0.0]),
    }
    assert [r.group for r in table.rows] == ["冷碛镇中心小学", "甘露寺村"]
    assert (table.total.answered, table.total.counts) == (6, [3, 2, 1])


def test_a_crosstab_of_a_multiple_choice_counts_persons_per_option():
    table = crosstab(FORM, "needs", "where", six())
    rows = {r.group: (r.answered, r.counts) for r in table.rows}
    assert rows == {"甘露寺村": (3, [2, 1, 1]), "冷碛镇中心小学": (2, [1, 1, 0])}


def test_a_crosstab_of_a_number_or_by_an_unknown_grouping_is_refused():
    with translation.override("en"):
        with pytest.raises(ValidationFailed, match="choice, yes/no or rating"):
            crosstab(FORM, "guardian_age", "where", six())
        with pytest.raises(ValidationFailed, match="group the answers by"):
            crosstab(FORM, "guardian", "colour", six())
        with pytest.raises(ValidationFailed, match="no question “nope”"):
            crosstab(FORM, "nope", "where", six())


def test_sets_of_an_older_version_count_only_for_the_questions_it_had():
    sets = [
        *six(),
        answer_set({**SIX[1], "sleep": "yes"}, form=FORM_2, version=2),
        answer_set({**SIX[2], "sleep": "no"}, form=FORM_2, version=2),
    ]
    found = tally(FORM_2, 2, sets)
    assert (found.respondents, found.older) == (8, 6)
    sleep = by_code(found, "sleep")
    assert (sleep.asked, sleep.shown, sleep.answered) == (2, 2, 2)
    assert shares(sleep) == {"yes": (1, 50.0), "no": (1, 50.0)}
    guardian = by_code(found, "guardian")
    assert (guardian.asked, guardian.answered) == (8, 8)
    assert ("sleep", 1, 12.5) in [(p.code, p.persons, p.percent) for p in found.problems]


def test_no_answers_give_no_percentages():
    found = tally(FORM, 1, [])
    row = by_code(found, "guardian")
    assert (row.answered, [v.percent for v in row.values]) == (0, [None, None, None])
    assert found.problems == []


# --- properties over random answer sets ------------------------------------------------

raw_sets = st.fixed_dictionaries(
    {
        "guardian": st.sampled_from(["grand", "relative", "none"]),
        "guardian_age": st.integers(18, 100),
        "contact": st.sampled_from(["weekly", "monthly", "rarely"]),
    },
    optional={
        "needs": st.lists(st.sampled_from(["study", "talk", "none"]), unique=True),
        "lonely": st.sampled_from(["yes", "no"]),
        "mood": st.integers(1, 5),
    },
)


@settings(max_examples=60, deadline=None)
@given(st.lists(raw_sets, max_size=30), st.sampled_from(["category", "where", "unit"]))
def test_properties_of_any_round(raws, grouping):
    sets = [answer_set(raw, where=str(n % 3)) for n, raw in enumerate(raws)]
    found = tally(FORM, 1, sets)
    for row in found.questions:
        assert row.answered <= row.shown <= row.asked <= found.respondents
        assert all(v.count <= row.answered for v in row.values)
        if row.question.type in ("single", "yes_no", "rating") and row.answered:
            assert abs(sum(v.percent for v in row.values) - 100) <= 0.05 * len(row.values)
    persons = [p.persons for p in found.problems]
    assert persons == sorted(persons, reverse=True)
    assert all(p.persons <= found.respondents for p in found.problems)
    table = crosstab(FORM, "contact", grouping, sets)
    assert sum(r.answered for r in table.rows) == table.total.answered

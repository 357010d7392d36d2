"""Properties of the questionnaire engine, over generated input: ``form_read`` reads any
JSON into a form or refuses it with ``ValidationFailed`` (never another exception);
``answers_clean`` of its own output is unchanged; a complete set missing a shown required
answer is refused; the answers of hidden questions are dropped."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.surveys import engine, seeded
from tests.surveys.support import SMALL_FORM

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["yes", "no", "guardian", "grand", "single", "number", "q1", ""]),
)
any_json = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)

KEYS = [
    "code", "type", "label", "required", "options", "min", "max", "scale", "max_length",
    "show_if", "problem", "problem_if", "problem_at_most", "problem_at_least", "domain", "help",
]  # fmt: skip
option = st.fixed_dictionaries(
    {"value": st.sampled_from(["a", "b", "grand", ""]) | any_json},
    optional={"label": st.sampled_from(["甲", ""]) | any_json, "problem": any_json},
)
question = st.dictionaries(
    st.sampled_from(KEYS),
    st.one_of(
        any_json,
        st.sampled_from([*engine.TYPES, "q1", "guardian", "yes", "life", True]),
        st.lists(option, max_size=4),
        st.fixed_dictionaries(
            {
                "question": st.sampled_from(["q1", "guardian"]) | any_json,
                "in": st.lists(st.sampled_from(["a", "yes", "grand"]) | any_json),
            }
        ),
    ),
)
definitions = st.fixed_dictionaries(
    {
        "sections": st.lists(
            st.fixed_dictionaries(
                {"title": st.sampled_from(["监护", ""]) | any_json,
                 "questions": st.lists(question, max_size=4) | any_json}
            )
            | any_json,
            max_size=3,
        )
    }
)  # fmt: skip


def read_or_refused(raw: Any) -> engine.Form | None:
    try:
        return engine.form_read(raw)
    except ValidationFailed:
        return None


@SETTINGS
@given(any_json)
def test_form_read_of_any_json_gives_a_form_or_a_refusal(raw: Any) -> None:
    form = read_or_refused(raw)
    assert form is None or form.questions


@SETTINGS
@given(definitions)
def test_form_read_of_form_like_json_gives_a_form_or_a_refusal(raw: Any) -> None:
    before = copy.deepcopy(raw)
    form = read_or_refused(raw)
    assert raw == before  # the definition is read, never changed
    if form is not None:
        assert [q.number for q in form.questions] == list(range(1, len(form.questions) + 1))
        assert set(form.by_code) == {q.code for q in form.questions}


FORMS = [engine.form_read(d) for d in (SMALL_FORM, seeded.LEFT_BEHIND, seeded.DISABLED)]


def value_for(q: engine.Question) -> st.SearchStrategy[Any]:
    """A good answer of the question's type, or something else."""
    good: st.SearchStrategy[Any]
    if q.type == "multiple":
        good = st.lists(st.sampled_from(q.values), unique=True)
    elif q.type in ("single", "yes_no"):
        good = st.sampled_from(q.values)
    elif q.type == "rating":
        good = st.integers(1, q.scale) | st.integers(1, q.scale).map(str)
    elif q.type == "number":
        low = q.minimum if q.minimum is not None else -1000
        high = q.maximum if q.maximum is not None else 1000
        good = st.integers(low, high)
    elif q.type == "date":
        good = st.dates().map(lambda d: d.isoformat())
    else:
        good = st.text(max_size=20)
    return st.one_of(good, good, good, scalars, st.lists(scalars, max_size=2))


@st.composite
def form_and_answers(draw: st.DrawFn) -> tuple[engine.Form, dict[str, Any]]:
    form = draw(st.sampled_from(FORMS))
    codes = draw(st.lists(st.sampled_from(list(form.by_code)), unique=True))
    return form, {code: draw(value_for(form.by_code[code])) for code in codes}


@SETTINGS
@given(form_and_answers(), st.booleans())
def test_answers_clean_of_its_own_output_is_unchanged(given_: Any, complete: bool) -> None:
    form, raw = given_
    try:
        cleaned = engine.answers_clean(form, raw, complete=complete)
    except ValidationFailed:
        return
    assert engine.answers_clean(form, cleaned, complete=complete) == cleaned
    # Only shown questions keep an answer
    assert set(cleaned) <= engine.shown(form, cleaned)


@SETTINGS
@given(form_and_answers())
def test_a_complete_set_missing_a_shown_required_answer_is_refused(given_: Any) -> None:
    form, raw = given_
    try:
        cleaned = engine.answers_clean(form, raw, complete=False)
    except ValidationFailed:
        return
    visible = engine.shown(form, cleaned)
    missing = [
        q for q in form.questions if q.required and q.code in visible and q.code not in cleaned
    ]
    if missing:
        with pytest.raises(ValidationFailed) as refused:
            engine.answers_clean(form, cleaned, complete=True)
        assert refused.value.field == missing[0].code
    else:
        assert engine.answers_clean(form, cleaned, complete=True) == cleaned


@SETTINGS
@given(form_and_answers())
def test_answers_of_hidden_questions_are_dropped(given_: Any) -> None:
    form, raw = given_
    try:
        cleaned = engine.answers_clean(form, raw, complete=False)
    except ValidationFailed:
        return
    visible = engine.shown(form, cleaned)
    hidden = [c for c in raw if c not in visible and raw[c] not in (None, "", [])]
    for code in hidden:
        assert code not in cleaned
    for code in cleaned:
        assert code in visible


def test_a_skipped_question_answered_before_the_skip_changed_is_dropped() -> None:
    form = engine.form_read(SMALL_FORM)
    kept = engine.answers_clean(form, {"guardian": "grand", "guardian_age": 72}, complete=False)
    assert kept == {"guardian": "grand", "guardian_age": 72}
    changed = engine.answers_clean(form, {**kept, "guardian": "none"}, complete=False)
    assert changed == {"guardian": "none"}

"""The engine's refusals, case by case: every type's bad values (the message names the
question), faults of a definition (the message names the question or section)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils import translation

from guanai.core.errors import ValidationFailed
from guanai.surveys import engine
from tests.surveys.support import SMALL_FORM

FORM = engine.form_read(SMALL_FORM)
DATED = engine.form_read(
    {
        "sections": [
            {
                "title": "日期",
                "questions": [
                    {"code": "last_home", "type": "date", "label": "最近回家"},
                    {"code": "short", "type": "text", "label": "简述", "max_length": 5},
                ],
            }
        ]
    }
)


def refusal(form: engine.Form, answers: Any, *, complete: bool = False) -> ValidationFailed:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        engine.answers_clean(form, answers, complete=complete)
    return refused.value


@pytest.mark.parametrize(
    ("answers", "named", "says"),
    [
        ({"guardian": "aunt"}, "Question 1 “现在由谁监护”", "choose one of the options"),
        ({"guardian": ["grand"]}, "Question 1", "choose one of the options"),
        ({"guardian": "grand", "guardian_age": 17}, "Question 2 “监护人年龄”", "from 18 to 100"),
        ({"guardian": "grand", "guardian_age": "七十"}, "Question 2", "whole number"),
        ({"guardian": "grand", "guardian_age": 70.5}, "Question 2", "whole number"),
        ({"guardian": "grand", "guardian_age": True}, "Question 2", "whole number"),
        ({"needs": "study"}, "Question 4 “需要哪些帮助”", "choose from the options"),
        ({"needs": ["study", "study"]}, "Question 4", "choose from the options"),
        ({"needs": ["fly"]}, "Question 4", "choose from the options"),
        ({"lonely": "maybe"}, "Question 5 “是否常感到孤独”", "choose one of the options"),
        ({"lonely": True}, "Question 5", "choose one of the options"),
        ({"mood": 6}, "Question 6 “近来心情”", "choose 1 to 5"),
        ({"mood": 0}, "Question 6", "choose 1 to 5"),
        ({"note": 12}, "Question 7 “其他情况”", "enter text"),
        ({"note": "很" * 201}, "Question 7", "at most 200 characters (201 given)"),
    ],
)
def test_each_types_bad_value_is_refused_naming_the_question(
    answers: dict[str, Any], named: str, says: str
) -> None:
    message = str(refusal(FORM, answers).message)
    assert message.startswith(named)
    assert says in message


def test_dates_and_short_texts_are_refused_naming_the_question() -> None:
    for bad in ("2027-02-30", "3月15日", 20270315):
        message = str(refusal(DATED, {"last_home": bad}).message)
        assert message.startswith("Question 1 “最近回家”")
        assert "2027-03-15" in message
    assert "at most 5 characters (6 given)" in str(
        refusal(DATED, {"short": "六个字的文本"}).message
    )
    # Good values are stored in their one form
    assert engine.answers_clean(DATED, {"last_home": " 2027-03-15 "}, complete=False) == {
        "last_home": "2027-03-15"
    }


def test_unknown_questions_and_non_dict_answers_are_refused() -> None:
    assert "no question “ghost”" in str(refusal(FORM, {"ghost": 1}).message)
    assert "not a set of question codes" in str(refusal(FORM, ["guardian"]).message)


def test_a_complete_set_needs_the_shown_required_answers_only() -> None:
    refused = refusal(FORM, {"guardian": "grand", "contact": "weekly"}, complete=True)
    assert refused.field == "guardian_age"
    assert "must be answered" in str(refused.message)
    # Without a guardian, the guardian's age is hidden, so not required
    done = engine.answers_clean(FORM, {"guardian": "none", "contact": "weekly"}, complete=True)
    assert done == {"guardian": "none", "contact": "weekly"}


def test_numbers_given_as_text_are_stored_as_numbers() -> None:
    cleaned = engine.answers_clean(
        FORM, {"guardian": "grand", "guardian_age": "72", "mood": "3"}, complete=False
    )
    assert cleaned == {"guardian": "grand", "guardian_age": 72, "mood": 3}
    assert engine.problems_found(FORM, cleaned) == ["guardian_age"]


def fault(definition: Any) -> str:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        engine.form_read(definition)
    return str(refused.value.message)


def one(question: dict[str, Any]) -> dict[str, Any]:
    return {"sections": [{"title": "一", "questions": [question]}]}


def test_faults_of_a_definition_are_named() -> None:
    choice = {"code": "a", "type": "single", "label": "甲"}
    assert "at least two options" in fault(
        one({**choice, "options": [{"value": "x", "label": "X"}]})
    )
    assert "Question 1: unknown question type" in fault(one({**choice, "type": "slider"}))
    assert "a code is lower-case" in fault(one({**choice, "code": "A b"}))
    assert "“problem_if”" in fault(
        one({"code": "a", "type": "text", "label": "甲", "problem_if": "yes"})
    )
    assert "name the problem" in fault(
        one({"code": "a", "type": "number", "label": "甲", "problem_at_least": 3})
    )
    assert "The form has no questions" in fault({"sections": [{"title": "一", "questions": []}]})
    assert "The form has no sections" in fault({"sections": "none"})


def test_a_skip_rule_naming_a_question_by_a_list_is_a_fault_not_a_crash() -> None:
    # A list is not a question code; the engine once looked it up in a dict (TypeError).
    definition = copy_of_small()
    definition["sections"][0]["questions"][1]["show_if"] = {
        "question": ["guardian"],
        "in": ["grand"],
    }
    assert "only after an earlier question" in fault(definition)


def test_a_skip_rule_on_a_later_question_is_a_fault() -> None:
    definition = copy_of_small()
    definition["sections"][0]["questions"][0]["show_if"] = {"question": "contact", "in": ["weekly"]}
    assert "Question 1: it can be shown only after an earlier question" in fault(definition)


def copy_of_small() -> dict[str, Any]:
    return copy.deepcopy(SMALL_FORM)

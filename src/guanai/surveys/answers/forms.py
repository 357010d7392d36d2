"""Reading the fill page's fields (sent without JavaScript) into answers for the engine."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from guanai.surveys import engine


def posted_answers(form: engine.Form, data: QueryDict) -> dict[str, Any]:
    """Return the answers in the POST, by question code, as the engine reads them."""
    answers: dict[str, Any] = {}
    for question in form.questions:
        if question.type == "multiple":
            values = data.getlist(question.code)
            if values:
                answers[question.code] = values
        elif data.get(question.code, "") != "":
            answers[question.code] = data.get(question.code)
    return answers

"""Reading a case's answers as the fill page and the answer page show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from guanai.accounts.scoping import AnyUser
from guanai.core.audit import access_log
from guanai.core.models import AuditAction
from guanai.surveys import engine
from guanai.surveys.models import Case, FormVersion, Response


@dataclass(frozen=True)
class Shown:
    """A question with the answer given, as a page lists it."""

    question: engine.Question
    value: Any
    text: str
    problems: list[str]


def response_of(case: Case) -> Response | None:
    """Return the case's answer set with its version and author, or None (one query)."""
    return (
        Response.objects.filter(case=case).select_related("form__questionnaire", "author").first()
    )


def fill_version(case: Case, response: Response | None) -> FormVersion:
    """Return the version to fill: the stored set's, or the round's for a new set."""
    return response.form if response is not None else case.round.form


def answers_shown(form: engine.Form, answers: dict[str, Any]) -> list[Shown]:
    """Return each question shown for the answers, with the answer's labels and problems."""
    visible = engine.shown(form, answers)
    rows = []
    for question in form.questions:
        if question.code not in visible:
            continue
        value = answers.get(question.code)
        problems = [text for _code, text in question.problems_in(value)]
        rows.append(
            Shown(
                question=question,
                value=value,
                text=question.answer_text(value),
                problems=problems,
            )
        )
    return rows


def answers_read(user: AnyUser, case: Case) -> Response | None:
    """Return the case's answer set for reading, logged as a read of sensitive data."""
    response = response_of(case)
    if response is not None:
        access_log(user=user, action=AuditAction.READ, obj=case, detail={"what": "survey answers"})
    return response

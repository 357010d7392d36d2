"""The problems an answer set found, and the one-click follow-ups offered beside each.

``problems_of`` names each problem of a response with its text and the plan domain its
question gives; ``problem_followups`` adds the actions other apps register about a person
(``registry.extensions.person_action_register``: care's plan, community's need), each with
the address of its form prefilled with the problem. ``surveys/_problems.html`` renders them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from guanai.accounts.scoping import AnyUser
from guanai.registry.extensions import person_actions
from guanai.registry.models import Person
from guanai.surveys.engine import form_read, problem_texts
from guanai.surveys.models import Response


@dataclass(frozen=True)
class FollowupLink:
    code: str
    label: str | Promise
    url: str


@dataclass(frozen=True)
class Problem:
    code: str
    text: str
    domain: str
    actions: list[FollowupLink]


def problems_of(response: Response) -> list[tuple[str, str, str]]:
    """Return (code, text, plan domain) of each problem the response found, in form order."""
    texts = problem_texts(form_read(response.form.definition))
    found = []
    for code in response.problems:
        question, text = texts.get(code, (None, code))
        found.append((code, text, question.domain if question is not None else ""))
    return found


def problem_followups(user: AnyUser, person: Person, response: Response) -> list[Problem]:
    """Return the response's problems with the follow-ups the user is offered for each."""
    actions = person_actions(user, person)
    return [
        Problem(
            code=code,
            text=text,
            domain=domain,
            actions=[FollowupLink(a.code, a.label, a.url(person, text, domain)) for a in actions],
        )
        for code, text, domain in problems_of(response)
    ]

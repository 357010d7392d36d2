"""The person's file gets a "调查" tab: per questionnaire the latest complete answers and the
history of the person's answer sets in the rounds the user sees (issue 18, point 3).

A case is read like the file (``rounds.access.cases_visible``); opening the tab is written
in the access log (READ, page "surveys") as care's tab is. Beside each problem the latest
answers found, the tab offers the follow-ups other apps register (``surveys.followups``).
``SurveysConfig.ready`` calls ``register``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.core.audit import access_log
from guanai.core.models import AuditAction
from guanai.registry import extensions
from guanai.registry.models import Person
from guanai.surveys.answers import Shown, answers_shown
from guanai.surveys.engine import form_read
from guanai.surveys.followups import Problem, problem_followups
from guanai.surveys.models import Questionnaire, Response
from guanai.surveys.rounds.access import cases_visible


@dataclass
class PersonSurvey:
    """One questionnaire's answers of the person: the latest set in full, and every set."""

    questionnaire: Questionnaire
    latest: Response
    lines: list[Shown] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    history: list[Response] = field(default_factory=list)


def _lines(response: Response) -> list[Shown]:
    return answers_shown(form_read(response.form.definition), response.answers)


def responses_of(user: AnyUser, person: Person) -> list[Response]:
    """Return the person's complete answer sets in the cases the user sees, newest first."""
    cases = cases_visible(user).filter(person=person)
    return list(
        Response.objects.filter(case__in=cases.values("pk"), complete=True)
        .select_related("case__round__form__questionnaire", "form__questionnaire", "author")
        .order_by("-case__round__starts_on", "-received_at", "-pk")
    )


def person_surveys(user: AnyUser, person: Person) -> list[PersonSurvey]:
    """Return, per questionnaire, the person's latest answers and their history."""
    found: dict[int, PersonSurvey] = {}
    for response in responses_of(user, person):
        questionnaire = response.form.questionnaire
        entry = found.get(questionnaire.pk)
        if entry is None:
            entry = PersonSurvey(questionnaire=questionnaire, latest=response)
            entry.lines = _lines(response)
            entry.problems = problem_followups(user, person, response)
            found[questionnaire.pk] = entry
        entry.history.append(response)
    return list(found.values())


def person_surveys_read(
    user: AnyUser, person: Person, *, request: HttpRequest | None = None
) -> list[PersonSurvey]:
    """Return the person's surveys, and write the read in the access log."""
    access_log(
        user=user, action=AuditAction.READ, obj=person, request=request, detail={"page": "surveys"}
    )
    return person_surveys(user, person)


def _shows(user: AnyUser, person: Person) -> bool:
    if not scoping.can_see_beneficiary_data(user):
        return False
    return cases_visible(user).filter(person=person, response__complete=True).exists()


def panel_context(user: AnyUser, person: Person) -> dict[str, Any]:
    return {"survey_entries": person_surveys_read(user, person)}


def register() -> None:
    extensions.file_panel_register(
        extensions.FilePanel(
            code="surveys",
            label=_("Surveys"),
            template="surveys/_panel.html",
            shows=_shows,
            context=panel_context,
        )
    )

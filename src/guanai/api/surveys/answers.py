"""A case's answers through the API: what the fill page's outbox sends, and reading them.

``POST /surveys/cases/{case_id}/answers`` takes the whole answer set with the key the phone
made for it: partial (``complete`` false) or finished. The same set sent again — the outbox
retrying after a lost reply — is stored once and answered 200 with ``changed`` false; bad
answers (a value the question does not offer, a required question left empty in a finished
set, an unknown question) are 400 naming the question, and nothing is saved; a closed round
or a case given to someone else 403; another phone's finished set 409. Scoped as the file:
a case the caller may not see is 404. Reading answers is written in the access log.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, Id
from guanai.api.types import Bool, DateTime
from guanai.surveys import answers as survey_answers
from guanai.surveys.models import CaseStatus, Response
from guanai.surveys.rounds.access import access_case

router = Router(tags=["surveys"])


class SurveyAnswersIn(Schema):
    key: UUID = Field(
        description="Made by the phone for this answer set; the same on resends.",
        examples=["7c9e6679-7425-40de-944b-e07fc1f0fd2f"],
    )
    answers: dict[str, Any] = Field(
        description="Question code → answer: text, a whole number, a date (YYYY-MM-DD), "
        '"yes"/"no", an option\'s value, or a list of option values.'
    )
    complete: Bool = Field(False, description="Finished: every shown required question answered.")
    saved_at: DateTime = Field(description="When the phone saved this set.")
    form: Id | None = Field(None, description="The form version the answers were given on.")


class SurveyAnswersOut(Schema):
    case_id: int
    case_status: CaseStatus
    key: UUID
    form: int
    complete: bool
    answers: dict[str, Any]
    problems: list[str]
    saved_at: datetime
    received_at: datetime
    updated_at: datetime
    sends: int
    changed: bool = Field(description="False when this send repeated what was stored.")


def _out(response: Response, *, changed: bool) -> SurveyAnswersOut:
    return SurveyAnswersOut(
        case_id=response.case_id,
        case_status=CaseStatus(response.case.status),
        key=response.key,
        form=response.form_id,
        complete=response.complete,
        answers=response.answers,
        problems=response.problems,
        saved_at=response.client_saved_at,
        received_at=response.received_at,
        updated_at=response.updated_at,
        sends=response.sends,
        changed=changed,
    )


@router.post(
    "/surveys/cases/{case_id}/answers",
    response={200: SurveyAnswersOut, **EDIT_ERRORS, **AUTH_ERRORS},
    url_name="survey_answers_save",
)
def answers_save(request: HttpRequest, case_id: Id, payload: SurveyAnswersIn) -> SurveyAnswersOut:
    """Store the case's answer set (partial or finished), once whatever the number of sends."""
    user = acting_user(request)
    case = access_case(user, case_id)
    saved = survey_answers.answers_save(
        acting_user=user,
        case=case,
        key=payload.key,
        answers=payload.answers,
        complete=payload.complete,
        saved_at=payload.saved_at,
        form=payload.form,
    )
    saved.response.case = case
    case.refresh_from_db(fields=["status"])
    return _out(saved.response, changed=saved.changed)


@router.get(
    "/surveys/cases/{case_id}/answers",
    response={200: SurveyAnswersOut, **READ_ERRORS},
    url_name="survey_answers_read",
)
def answers_read(request: HttpRequest, case_id: Id) -> SurveyAnswersOut:
    """Return the case's answers (404 when none were given); the read is logged."""
    user = acting_user(request)
    case = access_case(user, case_id)
    response = survey_answers.answers_read(user, case)
    if response is None:
        raise Http404("no answers")
    response.case = case
    return _out(response, changed=False)

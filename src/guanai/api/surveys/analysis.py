"""A survey round's analysis and a person's survey answers through the API.

``GET /surveys/rounds/{round_id}/analysis`` gives what the analysis page shows: the cases
and how many are done in the unit asked for (``unit_id``: the round's unit or one below it
the caller sees; by default the highest they see), per question the respondents shown it,
those who answered, and per value the count and share, the common problems ranked by the
persons they affect. Texts are counted, never listed. ``GET /surveys/persons/{person_id}``
gives, per questionnaire, the person's latest complete answers (question, answer, whether
it points to a problem) and their history; the read is written in the access log as the
file's tab is. Scoped as the pages: a round, unit or person outside the caller's scope is
404; only the cases the caller sees are counted.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.schemas import READ_ERRORS, Id
from guanai.registry.selectors import access_person
from guanai.surveys.analysis import analysis_unit, round_analysis
from guanai.surveys.analysis.selectors import RoundAnalysis
from guanai.surveys.person_panel import PersonSurvey, person_surveys_read
from guanai.surveys.rounds.access import access_round

router = Router(tags=["surveys"])


class SurveyAnalysisIn(Schema):
    unit_id: Id | None = Field(None, description="The round's unit or one below it.")


class SurveyValueOut(Schema):
    value: str
    label: str
    count: int
    percent: float | None = Field(description="Of those who answered; null when none did.")


class SurveyQuestionTallyOut(Schema):
    code: str
    number: int
    label: str
    type: str
    asked: int = Field(description="Answer sets given on a version with this question.")
    shown: int
    answered: int
    values: list[SurveyValueOut]
    mean: float | None
    minimum: int | None
    maximum: int | None
    median: float | None


class SurveyProblemOut(Schema):
    code: str
    text: str
    question_code: str | None
    persons: int
    percent: float | None


class SurveyAnalysisOut(Schema):
    round_id: int
    unit_id: int
    unit_ids: list[int] = Field(description="The units the analysis may be narrowed to.")
    cases: int
    done: int
    done_percent: float | None
    respondents: int
    older: int = Field(description="Answer sets given on an older version of the form.")
    questions: list[SurveyQuestionTallyOut]
    problems: list[SurveyProblemOut]


class SurveyAnswerOut(Schema):
    code: str
    label: str
    answer: str
    problem: bool


class SurveyHistoryOut(Schema):
    case_id: int
    round_id: int
    round_title: str
    saved_at: datetime
    author: str
    version: int


class SurveyPersonOut(Schema):
    questionnaire_id: int
    title: str
    latest: list[SurveyAnswerOut]
    problems: list[str]
    history: list[SurveyHistoryOut]


def analysis_out(found: RoundAnalysis) -> SurveyAnalysisOut:
    return SurveyAnalysisOut(
        round_id=found.round.pk,
        unit_id=found.unit.pk,
        unit_ids=[u.pk for u in found.units],
        cases=found.cases,
        done=found.done,
        done_percent=found.done_percent,
        respondents=found.tally.respondents,
        older=found.tally.older,
        questions=[
            SurveyQuestionTallyOut(
                code=row.question.code,
                number=row.question.number,
                label=row.question.label,
                type=row.question.type,
                asked=row.asked,
                shown=row.shown,
                answered=row.answered,
                values=[SurveyValueOut(**v.__dict__) for v in row.values],
                mean=row.mean,
                minimum=row.minimum,
                maximum=row.maximum,
                median=row.median,
            )
            for row in found.tally.questions
        ],
        problems=[
            SurveyProblemOut(
                code=p.code,
                text=p.text,
                question_code=p.question.code if p.question else None,
                persons=p.persons,
                percent=p.percent,
            )
            for p in found.tally.problems
        ],
    )


def person_out(entry: PersonSurvey) -> SurveyPersonOut:
    return SurveyPersonOut(
        questionnaire_id=entry.questionnaire.pk,
        title=entry.questionnaire.title,
        latest=[
            SurveyAnswerOut(
                code=line.question.code,
                label=line.question.label,
                answer=line.text,
                problem=bool(line.problems),
            )
            for line in entry.lines
        ],
        problems=[p.text for p in entry.problems],
        history=[
            SurveyHistoryOut(
                case_id=r.case_id,
                round_id=r.case.round_id,
                round_title=r.case.round.title,
                saved_at=r.client_saved_at,
                author=r.author.get_full_name() if r.author else "",
                version=r.form.number,
            )
            for r in entry.history
        ],
    )


@router.get(
    "/surveys/rounds/{round_id}/analysis",
    response={200: SurveyAnalysisOut, **READ_ERRORS, **AUTH_ERRORS},
)
def survey_round_analysis(
    request: HttpRequest, round_id: Id, query: Query[SurveyAnalysisIn]
) -> SurveyAnalysisOut:
    """Count a round's complete answers in a unit: per question and the common problems."""
    user = acting_user(request)
    round_ = access_round(user, round_id)
    unit, units = analysis_unit(user, round_, query.unit_id)
    return analysis_out(round_analysis(user, round_, unit, units))


@router.get(
    "/surveys/persons/{person_id}",
    response={200: list[SurveyPersonOut], **READ_ERRORS, **AUTH_ERRORS},
)
def survey_person(request: HttpRequest, person_id: Id) -> list[SurveyPersonOut]:
    """A person's latest survey answers per questionnaire and their history (read logged)."""
    user = acting_user(request)
    person = access_person(user, person_id)
    return [person_out(e) for e in person_surveys_read(user, person, request=request)]

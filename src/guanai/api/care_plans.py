"""Assistance plans and reviews, term evaluations, progress entries and the progress
archive (进步档案) through the API, with the pages' services, rules and scoping.

A plan, evaluation or person outside the caller's scope is 404; a rule of the domain
answers 400 (bad input), 403 (not the caller's to do) or 409 (a stale ``version``).
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.text import PlainText
from guanai.api.types import Bool, Date
from guanai.care import evaluations, plans, progress
from guanai.care.models import (
    AssistancePlan,
    Grade,
    PlanDomain,
    PlanProgress,
    PlanReview,
    PlanStatus,
    ProgressEntry,
    ProgressKind,
    TermEvaluation,
)
from guanai.core.audit import access_log
from guanai.core.models import AuditAction
from guanai.registry.selectors import access_person

router = Router(tags=["care"])

Text100 = Annotated[PlainText, Field(max_length=100)]
Text300 = Annotated[PlainText, Field(max_length=300)]
Text1000 = Annotated[PlainText, Field(max_length=1000)]
Text2000 = Annotated[PlainText, Field(max_length=2000)]
TermText = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{4}-[12]$",
        description="School year and term: 2025-2026-1 (autumn) or 2025-2026-2 (spring).",
    ),
]

WRITE_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
EDIT_ERRORS: dict[int, type[Schema]] = {**WRITE_ERRORS, 409: ErrorOut}


class RefOut(Schema):
    id: int
    name: str


def _user_ref(user: User | None) -> RefOut | None:
    return None if user is None else RefOut(id=user.pk, name=user.get_full_name())


# --- Plans -------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    person: RefOut
    domain: PlanDomain
    goals: str
    measures: str
    phase_targets: str
    starts_on: date
    ends_on: date
    responsible: RefOut
    status: PlanStatus
    approved_by: RefOut | None
    approved_at: datetime | None
    closing_note: str
    created_at: datetime
    version: int
    last_reviewed_on: date | None = Field(None, description="The date of the latest review.")
    overdue: bool = Field(description="Running, past its end, and not reviewed since the end.")

    @staticmethod
    def resolve_person(obj: AssistancePlan) -> RefOut:
        return RefOut(id=obj.person_id, name=obj.person.name)

    @staticmethod
    def resolve_responsible(obj: AssistancePlan) -> RefOut | None:
        return _user_ref(obj.responsible)

    @staticmethod
    def resolve_approved_by(obj: AssistancePlan) -> RefOut | None:
        return _user_ref(obj.approved_by)

    @staticmethod
    def resolve_overdue(obj: AssistancePlan) -> bool:
        return plans.is_overdue(obj)


class PlanQuery(Schema):
    unit_id: int | None = Field(None, description="Plans of the persons of this unit's subtree.")
    person_id: int | None = None
    status: PlanStatus | None = None
    domain: PlanDomain | None = None
    overdue: Bool = Field(False, description="Only running plans past their end, not reviewed.")
    waiting: Bool = Field(False, description="Only drafts waiting for the caller's approval.")


class PlanIn(Schema):
    person_id: int
    domain: PlanDomain
    goals: Text2000
    measures: Text2000
    phase_targets: Text2000 = ""
    starts_on: Date
    ends_on: Date
    responsible_id: int = Field(description="An account that may care for the person.")


class PlanPatchIn(Schema):
    """Only the fields sent change. ``version`` is the one read."""

    version: int
    domain: PlanDomain | None = None
    goals: Text2000 | None = None
    measures: Text2000 | None = None
    phase_targets: Text2000 | None = None
    starts_on: Date | None = None
    ends_on: Date | None = None
    responsible_id: int | None = None


class CloseIn(Schema):
    status: Literal["completed", "closed"] = Field(
        description="completed: ran its course (needs a review); "
        "closed: ended early (needs a note)."
    )
    closing_note: Text300 = ""


def _plan(user: User, pk: int) -> AssistancePlan:
    return plans.access_plan(user, pk)


def _plan_saved(user: User, pk: int) -> AssistancePlan:
    """Return a plan as it is after a change, read anew with its last review date (a read
    of its own, not a second ``access_plan`` of the same request)."""
    return plans.plans_visible(user).get(pk=pk)


@router.get("/care/plans", response={200: list[PlanOut], **AUTH_ERRORS, 404: ErrorOut})
@paginate(Pages)
def plan_list(request: HttpRequest, filters: Query[PlanQuery]) -> QuerySet[AssistancePlan]:
    """List the plans of the persons the caller may read, the latest start first."""
    user = acting_user(request)
    unit = None if filters.unit_id is None else scoping.access_org_unit(user, filters.unit_id)
    person = None if filters.person_id is None else access_person(user, filters.person_id)
    search = plans.PlanFilter(
        unit=unit,
        person=person,
        status=filters.status.value if filters.status else "",
        domain=filters.domain.value if filters.domain else "",
        overdue=filters.overdue,
        waiting=filters.waiting,
    )
    return plans.plans_search(user, search)


@router.post("/care/plans", response={201: PlanOut, **WRITE_ERRORS, **AUTH_ERRORS})
def plan_create(request: HttpRequest, payload: PlanIn) -> Status:
    """Draft a plan for a person the caller may care for; a leader approves it."""
    user = acting_user(request)
    person = access_person(user, payload.person_id)
    data = plans.PlanData(
        domain=payload.domain.value,
        goals=payload.goals,
        measures=payload.measures,
        phase_targets=payload.phase_targets,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        responsible=plans.responsible_for(person, payload.responsible_id),
    )
    plan = plans.plan_create(acting_user=user, person=person, data=data)
    return Status(201, _plan_saved(user, plan.pk))


@router.get("/care/plans/{plan_id}", response={200: PlanOut, **AUTH_ERRORS, 404: ErrorOut})
def plan_detail(request: HttpRequest, plan_id: int) -> AssistancePlan:
    return _plan(acting_user(request), plan_id)


@router.patch("/care/plans/{plan_id}", response={200: PlanOut, **EDIT_ERRORS, **AUTH_ERRORS})
def plan_update(request: HttpRequest, plan_id: int, payload: PlanPatchIn) -> AssistancePlan:
    """Change the fields sent. A stale ``version`` is refused (409) naming what changed; an
    approved plan's domain, goals, dates and responsible helper change only by a leader."""
    user = acting_user(request)
    plan = _plan(user, plan_id)
    values: dict[str, Any] = {f: getattr(plan, f) for f in plans.PLAN_FIELDS}
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    for key, value in sent.items():
        if value is None:
            continue
        if key == "responsible_id":
            values["responsible"] = plans.responsible_for(plan.person, value)
        else:
            values[key] = getattr(value, "value", value)
    plans.plan_update(
        acting_user=user, plan=plan, version=payload.version, data=plans.PlanData(**values)
    )
    return _plan_saved(user, plan_id)


@router.post(
    "/care/plans/{plan_id}/approve", response={200: PlanOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def plan_approve(request: HttpRequest, plan_id: int) -> AssistancePlan:
    """Approve a draft (it becomes active); only a leader over the person's unit may."""
    user = acting_user(request)
    plans.plan_approve(acting_user=user, plan=_plan(user, plan_id))
    return _plan_saved(user, plan_id)


@router.post("/care/plans/{plan_id}/close", response={200: PlanOut, **WRITE_ERRORS, **AUTH_ERRORS})
def plan_close(request: HttpRequest, plan_id: int, payload: CloseIn) -> AssistancePlan:
    """End a plan: completed (after at least one review) or closed (with a note)."""
    user = acting_user(request)
    plans.plan_close(
        acting_user=user,
        plan=_plan(user, plan_id),
        status=payload.status,
        note=payload.closing_note,
    )
    return _plan_saved(user, plan_id)


# --- Reviews -----------------------------------------------------------------------------


class ReviewOut(Schema):
    id: int
    plan_id: int
    reviewed_on: date
    progress: PlanProgress
    notes: str
    next_step: str
    author: RefOut
    created_at: datetime

    @staticmethod
    def resolve_author(obj: PlanReview) -> RefOut | None:
        return _user_ref(obj.author)


class ReviewIn(Schema):
    reviewed_on: Date
    progress: PlanProgress
    notes: Text2000
    next_step: Text2000 = ""


@router.get(
    "/care/plans/{plan_id}/reviews", response={200: list[ReviewOut], **AUTH_ERRORS, 404: ErrorOut}
)
@paginate(Pages)
def review_list(request: HttpRequest, plan_id: int) -> QuerySet[PlanReview]:
    """List a plan's reviews, the latest first."""
    return plans.reviews_of(_plan(acting_user(request), plan_id))


@router.post(
    "/care/plans/{plan_id}/reviews", response={201: ReviewOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def review_create(request: HttpRequest, plan_id: int, payload: ReviewIn) -> Status:
    """Review a running plan: how far it got, what was found, what comes next."""
    user = acting_user(request)
    review = plans.review_add(
        acting_user=user,
        plan=_plan(user, plan_id),
        reviewed_on=payload.reviewed_on,
        progress=payload.progress.value,
        notes=payload.notes,
        next_step=payload.next_step,
    )
    return Status(201, review)


# --- Term evaluations --------------------------------------------------------------------


class EvaluationOut(Schema):
    id: int
    person: RefOut
    term: str
    term_label: str
    conduct: Grade
    study: Grade
    life_skills: Grade
    mental_state: Grade
    comment: str
    author: RefOut
    written_on: date
    version: int

    @staticmethod
    def resolve_person(obj: TermEvaluation) -> RefOut:
        return RefOut(id=obj.person_id, name=obj.person.name)

    @staticmethod
    def resolve_author(obj: TermEvaluation) -> RefOut | None:
        return _user_ref(obj.author)

    @staticmethod
    def resolve_term_label(obj: TermEvaluation) -> str:
        return evaluations.term_parse(obj.term).label


class EvaluationQuery(Schema):
    person_id: int | None = None
    term: TermText | None = None


class EvaluationIn(Schema):
    person_id: int
    term: TermText
    conduct: Grade
    study: Grade
    life_skills: Grade
    mental_state: Grade
    comment: Text1000 = ""


class EvaluationPatchIn(Schema):
    """Only the fields sent change. ``version`` is the one read; the term stays."""

    version: int
    conduct: Grade | None = None
    study: Grade | None = None
    life_skills: Grade | None = None
    mental_state: Grade | None = None
    comment: Text1000 | None = None


def _evaluation_data(values: dict[str, Any]) -> evaluations.EvaluationData:
    return evaluations.EvaluationData(
        **{f: getattr(values[f], "value", values[f]) for f in (*evaluations.GRADED, "comment")}
    )


@router.get("/care/evaluations", response={200: list[EvaluationOut], **AUTH_ERRORS, 404: ErrorOut})
@paginate(Pages)
def evaluation_list(
    request: HttpRequest, filters: Query[EvaluationQuery]
) -> QuerySet[TermEvaluation]:
    """List the term evaluations of the persons the caller may read, the latest term first."""
    user = acting_user(request)
    found = evaluations.evaluations_visible(user)
    if filters.person_id is not None:
        found = found.filter(person=access_person(user, filters.person_id))
    if filters.term:
        found = found.filter(term=filters.term)
    return found.order_by("-term", "person__name_pinyin", "pk")


@router.post("/care/evaluations", response={201: EvaluationOut, **WRITE_ERRORS, **AUTH_ERRORS})
def evaluation_create(request: HttpRequest, payload: EvaluationIn) -> Status:
    """Write a pupil's evaluation for a term (the class teacher); one per pupil and term."""
    user = acting_user(request)
    person = access_person(user, payload.person_id)
    evaluation = evaluations.evaluation_create(
        acting_user=user,
        person=person,
        term=payload.term,
        data=_evaluation_data(payload.model_dump()),
    )
    return Status(201, evaluations.access_evaluation(user, evaluation.pk))


@router.patch(
    "/care/evaluations/{evaluation_id}",
    response={200: EvaluationOut, **EDIT_ERRORS, **AUTH_ERRORS},
)
def evaluation_update(
    request: HttpRequest, evaluation_id: int, payload: EvaluationPatchIn
) -> TermEvaluation:
    """Change the grades or comment sent; a stale ``version`` is refused (409)."""
    user = acting_user(request)
    evaluation = evaluations.access_evaluation(user, evaluation_id)
    values: dict[str, Any] = {f: getattr(evaluation, f) for f in (*evaluations.GRADED, "comment")}
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    values.update({k: v for k, v in sent.items() if v is not None})
    evaluations.evaluation_update(
        acting_user=user,
        evaluation=evaluation,
        version=payload.version,
        data=_evaluation_data(values),
    )
    return evaluations.evaluations_visible(user).get(pk=evaluation_id)


# --- Progress entries and the archive ----------------------------------------------------


class ProgressEntryOut(Schema):
    id: int
    kind: ProgressKind
    on: date
    title: str
    detail: str
    author: RefOut
    created_at: datetime

    @staticmethod
    def resolve_author(obj: ProgressEntry) -> RefOut | None:
        return _user_ref(obj.author)


class ProgressEntryIn(Schema):
    kind: ProgressKind
    on: Date
    title: Text100
    detail: Text2000 = ""


class TimelineItemOut(Schema):
    on: date
    kind: progress.ItemKind
    label: str
    title: str
    detail: str
    author: str
    url: str = Field(description="The page of the plan, for plan items; otherwise empty.")


class ArchiveQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2100, description="Only the items of this year.")


class TimelineOut(Schema):
    person: RefOut
    year: int | None
    years: list[int] = Field(description="The years with items, the latest first.")
    items: list[TimelineItemOut]


@router.get(
    "/care/persons/{person_id}/progress-entries",
    response={200: list[ProgressEntryOut], **AUTH_ERRORS, 404: ErrorOut},
)
@paginate(Pages)
def progress_entry_list(request: HttpRequest, person_id: int) -> QuerySet[ProgressEntry]:
    """List a person's marks, awards and other progress, the latest first."""
    return progress.progress_entries(access_person(acting_user(request), person_id))


@router.post(
    "/care/persons/{person_id}/progress-entries",
    response={201: ProgressEntryOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def progress_entry_create(request: HttpRequest, person_id: int, payload: ProgressEntryIn) -> Status:
    """Enter a mark, an award or another step forward of a person the caller cares for."""
    user = acting_user(request)
    entry = progress.progress_entry_add(
        acting_user=user,
        person=access_person(user, person_id),
        kind=payload.kind.value,
        on=payload.on,
        title=payload.title,
        detail=payload.detail,
    )
    return Status(201, entry)


@router.get(
    "/care/persons/{person_id}/progress-archive",
    response={200: TimelineOut, **AUTH_ERRORS, 404: ErrorOut},
)
def progress_archive(
    request: HttpRequest, person_id: int, filters: Query[ArchiveQuery]
) -> TimelineOut:
    """Return a person's progress archive (进步档案): plans started and completed, reviews,
    term evaluations, progress entries and care records, newest first; the read is audited."""
    user = acting_user(request)
    person = access_person(user, person_id)
    timeline = progress.progress_timeline(person, year=filters.year)
    access_log(
        user=user,
        action=AuditAction.READ,
        obj=person,
        request=request,
        detail={"page": "progress_archive"},
    )
    return TimelineOut(
        person=RefOut(id=person.pk, name=person.name),
        year=timeline.year,
        years=timeline.years,
        items=[
            TimelineItemOut(
                on=item.on,
                kind=item.kind,
                label=item.label,
                title=item.title,
                detail=item.detail,
                author=item.author,
                url=item.url,
            )
            for item in timeline.items
        ],
    )

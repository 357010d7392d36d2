"""Assistance plans and reviews, term evaluations, progress entries and the progress
archive (进步档案) through the API, with the pages' services, rules and scoping.

A plan, evaluation or person outside the caller's scope is 404; a rule of the domain
answers 400 (bad input), 403 (not the caller's to do) or 409 (a stale ``version``).
The schemas are in ``plan_schemas``.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.care.plan_schemas import (
    ArchiveQuery,
    CloseIn,
    EvaluationIn,
    EvaluationOut,
    EvaluationPatchIn,
    EvaluationQuery,
    PlanIn,
    PlanOut,
    PlanPatchIn,
    PlanQuery,
    ProgressEntryIn,
    ProgressEntryOut,
    ReviewIn,
    ReviewOut,
    TimelineItemOut,
    TimelineOut,
)
from guanai.api.errors import AUTH_ERRORS
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id, PersonRefOut
from guanai.care import plans
from guanai.care.models import AssistancePlan, PlanReview, ProgressEntry, TermEvaluation
from guanai.care.plans import evaluations, progress
from guanai.registry.selectors import access_person

router = Router(tags=["care"])

# --- Plans -------------------------------------------------------------------------------


def _plan(user: User, pk: int) -> AssistancePlan:
    return plans.access_plan(user, pk)


def _plan_saved(user: User, pk: int) -> AssistancePlan:
    """Return a plan as it is after a change, read anew with its last review date (a read
    of its own, not a second ``access_plan`` of the same request)."""
    return plans.plans_visible(user).get(pk=pk)


@router.get("/care/plans", response={200: list[PlanOut], **READ_ERRORS})
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


@router.get("/care/plans/{plan_id}", response={200: PlanOut, **READ_ERRORS})
def plan_detail(request: HttpRequest, plan_id: Id) -> AssistancePlan:
    return _plan(acting_user(request), plan_id)


@router.patch("/care/plans/{plan_id}", response={200: PlanOut, **EDIT_ERRORS, **AUTH_ERRORS})
def plan_update(request: HttpRequest, plan_id: Id, payload: PlanPatchIn) -> AssistancePlan:
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
def plan_approve(request: HttpRequest, plan_id: Id) -> AssistancePlan:
    """Approve a draft (it becomes active); only a leader over the person's unit may."""
    user = acting_user(request)
    plans.plan_approve(acting_user=user, plan=_plan(user, plan_id))
    return _plan_saved(user, plan_id)


@router.post("/care/plans/{plan_id}/close", response={200: PlanOut, **WRITE_ERRORS, **AUTH_ERRORS})
def plan_close(request: HttpRequest, plan_id: Id, payload: CloseIn) -> AssistancePlan:
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


@router.get("/care/plans/{plan_id}/reviews", response={200: list[ReviewOut], **READ_ERRORS})
@paginate(Pages)
def review_list(request: HttpRequest, plan_id: Id) -> QuerySet[PlanReview]:
    """List a plan's reviews, the latest first."""
    return plans.reviews_of(_plan(acting_user(request), plan_id))


@router.post(
    "/care/plans/{plan_id}/reviews", response={201: ReviewOut, **WRITE_ERRORS, **AUTH_ERRORS}
)
def review_create(request: HttpRequest, plan_id: Id, payload: ReviewIn) -> Status:
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


def _evaluation_data(values: dict[str, Any]) -> evaluations.EvaluationData:
    return evaluations.EvaluationData(
        **{f: getattr(values[f], "value", values[f]) for f in evaluations.EVALUATED}
    )


@router.get("/care/evaluations", response={200: list[EvaluationOut], **READ_ERRORS})
@paginate(Pages)
def evaluation_list(
    request: HttpRequest, filters: Query[EvaluationQuery]
) -> QuerySet[TermEvaluation]:
    """List the term evaluations of the persons the caller may read, the latest term first."""
    user = acting_user(request)
    person = None if filters.person_id is None else access_person(user, filters.person_id)
    return evaluations.evaluations_search(user, person=person, term=filters.term or "")


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
    request: HttpRequest, evaluation_id: Id, payload: EvaluationPatchIn
) -> TermEvaluation:
    """Change the grades or comment sent; a stale ``version`` is refused (409)."""
    user = acting_user(request)
    evaluation = evaluations.access_evaluation(user, evaluation_id)
    values: dict[str, Any] = {f: getattr(evaluation, f) for f in evaluations.EVALUATED}
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


@router.get(
    "/care/persons/{person_id}/progress-entries",
    response={200: list[ProgressEntryOut], **READ_ERRORS},
)
@paginate(Pages)
def progress_entry_list(request: HttpRequest, person_id: Id) -> QuerySet[ProgressEntry]:
    """List a person's marks, awards and other progress, the latest first."""
    return progress.progress_entries(access_person(acting_user(request), person_id))


@router.post(
    "/care/persons/{person_id}/progress-entries",
    response={201: ProgressEntryOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def progress_entry_create(request: HttpRequest, person_id: Id, payload: ProgressEntryIn) -> Status:
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
    response={200: TimelineOut, **READ_ERRORS},
)
def progress_archive(
    request: HttpRequest, person_id: Id, filters: Query[ArchiveQuery]
) -> TimelineOut:
    """Return a person's progress archive (进步档案): plans started and completed, reviews,
    term evaluations, progress entries and care records, newest first; the read is audited."""
    user = acting_user(request)
    person = access_person(user, person_id)
    timeline = progress.progress_archive_read(
        acting_user=user, person=person, year=filters.year, request=request
    )
    return TimelineOut(
        person=PersonRefOut(id=person.pk, name=person.name),
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

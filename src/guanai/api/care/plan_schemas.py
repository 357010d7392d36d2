"""The schemas of the plans API (``api.care.plans``): plans and reviews, term
evaluations, progress entries and the progress archive.

References to rows, bounded text and ids come from ``api.schemas``, shared by every router.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from guanai.accounts.models import User
from guanai.api.schemas import Id, PersonRefOut, RefOut, Text100, Text300, Text1000, Text2000
from guanai.api.types import Bool, Date
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
from guanai.care.plans import is_overdue
from guanai.care.plans.progress import ItemKind
from guanai.care.plans.terms import term_label

TermText = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{4}-[12]$",
        description="School year and term: 2025-2026-1 (autumn) or 2025-2026-2 (spring).",
    ),
]


def user_ref(user: User | None) -> RefOut | None:
    return None if user is None else RefOut(id=user.pk, name=user.get_full_name())


class PlanOut(Schema):
    id: int
    person: PersonRefOut
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
    def resolve_person(obj: AssistancePlan) -> PersonRefOut:
        return PersonRefOut(id=obj.person_id, name=obj.person.name)

    @staticmethod
    def resolve_responsible(obj: AssistancePlan) -> RefOut | None:
        return user_ref(obj.responsible)

    @staticmethod
    def resolve_approved_by(obj: AssistancePlan) -> RefOut | None:
        return user_ref(obj.approved_by)

    @staticmethod
    def resolve_overdue(obj: AssistancePlan) -> bool:
        return is_overdue(obj)


class PlanQuery(Schema):
    unit_id: Id | None = Field(None, description="Plans of the persons of this unit's subtree.")
    person_id: Id | None = None
    status: PlanStatus | None = None
    domain: PlanDomain | None = None
    overdue: Bool = Field(False, description="Only running plans past their end, not reviewed.")
    waiting: Bool = Field(False, description="Only drafts waiting for the caller's approval.")


class PlanIn(Schema):
    person_id: Id
    domain: PlanDomain
    goals: Text2000
    measures: Text2000
    phase_targets: Text2000 = ""
    starts_on: Date
    ends_on: Date
    responsible_id: Id = Field(description="An account that may care for the person.")


class PlanPatchIn(Schema):
    """Only the fields sent change. ``version`` is the one read."""

    version: int
    domain: PlanDomain | None = None
    goals: Text2000 | None = None
    measures: Text2000 | None = None
    phase_targets: Text2000 | None = None
    starts_on: Date | None = None
    ends_on: Date | None = None
    responsible_id: Id | None = None


class CloseIn(Schema):
    status: Literal["completed", "closed"] = Field(
        description="completed: ran its course (needs a review); "
        "closed: ended early (needs a note)."
    )
    closing_note: Text300 = ""


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
        return user_ref(obj.author)


class ReviewIn(Schema):
    reviewed_on: Date
    progress: PlanProgress
    notes: Text2000
    next_step: Text2000 = ""


class EvaluationOut(Schema):
    id: int
    person: PersonRefOut
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
    def resolve_person(obj: TermEvaluation) -> PersonRefOut:
        return PersonRefOut(id=obj.person_id, name=obj.person.name)

    @staticmethod
    def resolve_author(obj: TermEvaluation) -> RefOut | None:
        return user_ref(obj.author)

    @staticmethod
    def resolve_term_label(obj: TermEvaluation) -> str:
        return term_label(obj.term)


class EvaluationQuery(Schema):
    person_id: Id | None = None
    term: TermText | None = None


class EvaluationIn(Schema):
    person_id: Id
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
        return user_ref(obj.author)


class ProgressEntryIn(Schema):
    kind: ProgressKind
    on: Date
    title: Text100
    detail: Text2000 = ""


class TimelineItemOut(Schema):
    on: date
    kind: ItemKind
    label: str
    title: str
    detail: str
    author: str
    url: str = Field(description="The page of the plan, for plan items; otherwise empty.")


class ArchiveQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2100, description="Only the items of this year.")


class TimelineOut(Schema):
    person: PersonRefOut
    year: int | None
    years: list[int] = Field(description="The years with items, the latest first.")
    items: list[TimelineItemOut]

"""Early warnings (关爱预警) through the API, scoped and checked like the pages.

``message`` is the sentence explaining the warning in the caller's language, with the
day counts of today; leaders acknowledge a warning with a note — or many with one note —,
give one to a helper or worker as a task, close one with its outcome and may run the checks
now; an assignee closes their task.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from guanai.accounts import scoping
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PersonRefOut,
    RefOut,
    UnitRefOut,
)
from guanai.api.text import PlainText
from guanai.api.types import Date
from guanai.care.models import CareWarning, RiskLevel, WarningKind, WarningOutcome, WarningStatus
from guanai.care.warnings import selectors, services
from guanai.core.errors import ValidationFailed

router = Router(tags=["care"])

Note = Annotated[PlainText, Field(max_length=services.NOTE_LENGTH)]
TaskNote = Annotated[PlainText, Field(max_length=services.TASK_NOTE_LENGTH)]
OutcomeNote = Annotated[PlainText, Field(max_length=services.OUTCOME_NOTE_LENGTH)]


def _ref(user: object) -> RefOut | None:
    if user is None:
        return None
    return RefOut(id=user.pk, name=user.get_full_name())  # type: ignore[attr-defined]


class WarningOut(Schema):
    id: int
    kind: WarningKind
    status: WarningStatus
    person: PersonRefOut
    org_unit: UnitRefOut
    message: str = Field(description="The sentence explaining the warning, as of today.")
    raised_on: date
    acknowledged_by: str | None = Field(None, description="Full name of the leader.")
    acknowledged_at: datetime | None
    note: str
    resolved_on: date | None
    version: int = Field(description="Send it back with a change: a stale one is refused.")
    assigned_to: RefOut | None = Field(None, description="Who was given it as a task.")
    assignment_note: str
    due_on: date | None
    outcome: WarningOutcome | None = Field(None, description="What came of it, once closed.")
    outcome_note: str
    closed_by: RefOut | None = None
    closed_at: datetime | None

    @staticmethod
    def resolve_assigned_to(obj: CareWarning) -> RefOut | None:
        return _ref(obj.assigned_to)

    @staticmethod
    def resolve_closed_by(obj: CareWarning) -> RefOut | None:
        return _ref(obj.closed_by)

    @staticmethod
    def resolve_outcome(obj: CareWarning) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_message(obj: CareWarning) -> str:
        return selectors.explanation(obj, timezone.localdate())

    @staticmethod
    def resolve_acknowledged_by(obj: CareWarning) -> str | None:
        return obj.acknowledged_by.get_full_name() if obj.acknowledged_by else None


class WarningQuery(Schema):
    status: WarningStatus = WarningStatus.OPEN
    kind: WarningKind | None = None
    unit_id: int | None = Field(None, description="The unit of the person, or a unit above it.")
    risk: RiskLevel | None = Field(None, description="The person's current risk level.")


class AcknowledgeIn(Schema):
    note: Note = Field(description="What has been done, or will be done, about it.")


class WarningPick(Schema):
    id: Id
    version: int | None = Field(
        None, description="The version read; a warning changed since is reported as stale."
    )


class WarningMatchingIn(Schema):
    """All the open warnings matching a filter, as the list reads them."""

    kind: WarningKind | None = None
    unit_id: Id | None = None
    risk: RiskLevel | None = None


class WarningsAcknowledgeIn(Schema):
    warnings: list[WarningPick] = Field(
        [],
        max_length=services.MOST_AT_ONCE,
        description="The warnings to acknowledge; leave out to send ``matching``.",
    )
    matching: WarningMatchingIn | None = Field(
        None, description="Instead of ``warnings``: every open warning matching the filter."
    )
    note: Note = Field(description="What has been done, or will be done, about them.")


class WarningStaleOut(Schema):
    id: int
    status: WarningStatus
    version: int
    person: PersonRefOut


class WarningsAcknowledgedOut(Schema):
    acknowledged: list[WarningOut]
    stale: list[WarningStaleOut] = Field(
        description="Warnings changed by someone else meanwhile: left as they are."
    )


class WarningAssignIn(Schema):
    assignee_id: Id = Field(description="A helper paired with the person, or a worker over it.")
    note: TaskNote = ""
    due_on: Date | None = Field(None, description="Not in the past.")
    version: int | None = None


class WarningCloseIn(Schema):
    outcome: WarningOutcome
    note: OutcomeNote = Field("", description="What came of it; needed for ``other``.")
    version: int | None = None


class DetectIn(Schema):
    unit_id: int | None = Field(
        None, description="A unit the caller leads; all of them if left out."
    )


class DetectionOut(Schema):
    raised: int
    resolved: int
    open: int


@router.get("/care/warnings", response={200: list[WarningOut], **READ_ERRORS})
@paginate(Pages)
def warning_list(request: HttpRequest, filters: Query[WarningQuery]) -> QuerySet[CareWarning]:
    """List the warnings about persons the caller may read, the latest raised first.

    A ``unit_id`` the caller cannot see is not found.
    """
    user = acting_user(request)
    unit = None if filters.unit_id is None else scoping.access_org_unit(user, filters.unit_id)
    search = selectors.WarningFilter(
        kind=filters.kind.value if filters.kind else "",
        unit=unit,
        status=filters.status.value,
        risk=filters.risk.value if filters.risk else "",
    )
    return selectors.warnings_search(user, search)


@router.get("/care/warnings/assigned", response={200: list[WarningOut], **READ_ERRORS})
@paginate(Pages)
def warning_assigned(request: HttpRequest) -> QuerySet[CareWarning]:
    """List the warnings given to the caller as tasks, still to deal with, most urgent first."""
    return selectors.assigned_to(acting_user(request))


@router.post(
    "/care/warnings/acknowledge",
    response={200: WarningsAcknowledgedOut, **AUTH_ERRORS, **WRITE_ERRORS},
)
def warnings_acknowledge(request: HttpRequest, payload: WarningsAcknowledgeIn) -> dict[str, Any]:
    """Acknowledge many open warnings with one note, in one action (leaders over them all).

    Nothing changes when the choice is empty or too large, names a warning the caller
    cannot read or may not acknowledge, or the note is empty. A warning changed meanwhile
    (no longer open, or not at the version sent) is returned in ``stale``, untouched.
    """
    user = acting_user(request)
    if payload.matching is not None and payload.warnings:
        raise ValidationFailed(
            _("Send either the warnings or a filter, not both."), field="matching"
        )
    if payload.matching is not None:
        m = payload.matching
        unit = None if m.unit_id is None else scoping.access_org_unit(user, m.unit_id)
        search = selectors.WarningFilter(
            kind=m.kind.value if m.kind else "", unit=unit, risk=m.risk.value if m.risk else ""
        )
        keys = selectors.warnings_search(user, search).values_list("pk", flat=True)
        versions: dict[int, int | None] = dict.fromkeys(keys[: services.MOST_AT_ONCE + 1])
    else:
        versions = {p.id: p.version for p in payload.warnings}
    result = services.warnings_acknowledge(acting_user=user, versions=versions, note=payload.note)
    done = {
        w.pk: w for w in selectors.warnings_visible(user).filter(pk__in=[w.pk for w in result.done])
    }
    return {
        "acknowledged": [done[w.pk] for w in result.done],
        "stale": [
            WarningStaleOut(
                id=w.pk,
                status=WarningStatus(w.status),
                version=w.version,
                person=PersonRefOut(id=w.person_id, name=w.person.name),
            )
            for w in result.stale
        ],
    }


@router.post(
    "/care/warnings/{warning_id}/acknowledge",
    response={200: WarningOut, **AUTH_ERRORS, **WRITE_ERRORS},
)
def warning_acknowledge(
    request: HttpRequest, warning_id: int, payload: AcknowledgeIn
) -> CareWarning:
    """Acknowledge an open warning with a note; only leaders over the person's unit may."""
    user = acting_user(request)
    warning = selectors.access_warning(user, warning_id)
    return services.warning_acknowledge(acting_user=user, warning=warning, note=payload.note)


@router.post(
    "/care/warnings/detect",
    response={200: DetectionOut, **AUTH_ERRORS, 403: ErrorOut, 404: ErrorOut},
)
def warning_detect(request: HttpRequest, payload: DetectIn) -> DetectionOut:
    """Run the warning checks now for a unit the caller leads (all of them if none is given)."""
    user = acting_user(request)
    unit = None if payload.unit_id is None else scoping.access_org_unit(user, payload.unit_id)
    report = services.warnings_check(acting_user=user, unit=unit)
    return DetectionOut(**report.counts())


@router.post(
    "/care/warnings/{warning_id}/assign",
    response={200: WarningOut, **AUTH_ERRORS, **EDIT_ERRORS},
)
def warning_assign(request: HttpRequest, warning_id: int, payload: WarningAssignIn) -> CareWarning:
    """Give a warning as a task to someone who may care for its person (leaders)."""
    user = acting_user(request)
    warning = selectors.access_warning(user, warning_id)
    assignee = selectors.assignees_for(warning).filter(pk=payload.assignee_id).first()
    if assignee is None:
        raise ValidationFailed(
            _("Choose someone who may act for this person."), field="assignee_id"
        )
    return services.warning_assign(
        acting_user=user,
        warning=warning,
        assignee=assignee,
        note=payload.note,
        due_on=payload.due_on,
        version=payload.version,
    )


@router.post(
    "/care/warnings/{warning_id}/close",
    response={200: WarningOut, **AUTH_ERRORS, **EDIT_ERRORS},
)
def warning_close(request: HttpRequest, warning_id: int, payload: WarningCloseIn) -> CareWarning:
    """Close a warning with its outcome (a leader over the person, or its assignee)."""
    user = acting_user(request)
    warning = selectors.access_warning(user, warning_id)
    return services.warning_close(
        acting_user=user,
        warning=warning,
        outcome=payload.outcome.value,
        note=payload.note,
        version=payload.version,
    )

"""Early warnings (关爱预警) through the API, scoped and checked like the pages.

``message`` is the sentence explaining the warning in the caller's language, with the
day counts of today; leaders acknowledge a warning with a note and may run the checks now.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from guanai.accounts import scoping
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import READ_ERRORS, WRITE_ERRORS, PersonRefOut, UnitRefOut
from guanai.api.text import PlainText
from guanai.care.models import CareWarning, WarningKind, WarningStatus
from guanai.care.warnings import selectors, services

router = Router(tags=["care"])

Note = Annotated[PlainText, Field(max_length=services.NOTE_LENGTH)]


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


class AcknowledgeIn(Schema):
    note: Note = Field(description="What has been done, or will be done, about it.")


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
        kind=filters.kind.value if filters.kind else "", unit=unit, status=filters.status.value
    )
    return selectors.warnings_search(user, search)


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

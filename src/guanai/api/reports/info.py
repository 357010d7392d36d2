"""Information reports and exemplary stories (信息报送, 先进典型) through the API: send one
with photos, correct a returned one, publish or return one from the unit above, read the
published ones, their photos, and the timeliness of the units below.

Sending and correcting take ``multipart/form-data`` (the photos are files); the reviews
take JSON.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.reports.monthly import Month, first_day
from guanai.api.schemas import (
    EDIT_ERRORS,
    PHOTO_OPENAPI,
    READ_ERRORS,
    WRITE_ERRORS,
    PlainText,
    UnitRefOut,
)
from guanai.api.types import Date
from guanai.core.errors import PermissionRefused
from guanai.core.photos import photo_response
from guanai.core.text import column_limit
from guanai.reports import info, monthly
from guanai.reports.models import InfoKind, InfoReport, InfoStatus

router = Router(tags=["reports"])


class InfoOut(Schema):
    id: int
    unit: UnitRefOut = Field(alias="org_unit")
    kind: InfoKind
    title: str
    event_date: date
    status: InfoStatus
    timely: bool = Field(description="First sent within three days of the event.")
    first_submitted_at: datetime
    submitted_at: datetime
    published_at: datetime | None
    version: int


class InfoDetailOut(InfoOut):
    text: str
    review_comment: str
    photo_ids: list[int]
    source_event_id: int | None = Field(
        None, description="The event it was written from in one step, if any."
    )

    @staticmethod
    def resolve_photo_ids(obj: InfoReport) -> list[int]:
        return [photo.pk for photo in obj.photos.all()]


class InfoFilter(Schema):
    status: InfoStatus | None = None
    kind: InfoKind | None = None


@router.get("/reports/info", response={200: list[InfoOut], **AUTH_ERRORS})
@paginate(Pages)
def info_list(request: HttpRequest, filters: Query[InfoFilter]) -> QuerySet[InfoReport]:
    """The items of the caller's units and below: their own and those awaiting review."""
    user = acting_user(request)
    monthly.require_reader(user)
    return info.unit_reports(user, status=filters.status, kind=filters.kind)


class KindFilter(Schema):
    kind: InfoKind | None = None


@router.get("/reports/info/published", response={200: list[InfoOut], **AUTH_ERRORS})
@paginate(Pages)
def info_published(request: HttpRequest, filters: Query[KindFilter]) -> QuerySet[InfoReport]:
    """What the units above published to the caller's units, newest first."""
    user = acting_user(request)
    if not info.reads_published(user):
        raise PermissionRefused(_("Information reports are read by the staff of the units."))
    return info.published_visible(user, kind=filters.kind)


class TimelinessOut(Schema):
    unit: UnitRefOut
    submitted: int
    published: int
    timely: int
    timely_percent: int | None


class TimelinessQuery(Schema):
    unit_id: int
    month: Month


@router.get(
    "/reports/info/timeliness",
    response={200: list[TimelinessOut], **READ_ERRORS, 400: ErrorOut},
)
def info_timeliness(request: HttpRequest, query: Query[TimelinessQuery]) -> list[TimelinessOut]:
    """Per unit below: the items first sent in the month, published, and timely."""
    user = acting_user(request)
    monthly.require_reader(user)
    unit = monthly.access_unit(user, query.unit_id)
    return [
        TimelinessOut(
            unit=UnitRefOut(id=row.unit.pk, name=row.unit.name),
            submitted=row.submitted,
            published=row.published,
            timely=row.timely,
            timely_percent=row.timely_percent,
        )
        for row in info.timeliness_of(unit, first_day(query.month))
    ]


@router.get("/reports/info/{report_id}", response={200: InfoDetailOut, **READ_ERRORS})
def info_detail(request: HttpRequest, report_id: int) -> InfoReport:
    """One item the caller may read, with the ids of its photos."""
    return info.access_report(acting_user(request), report_id)


@router.get(
    "/reports/info/photos/{photo_id}",
    response={**READ_ERRORS},
    openapi_extra=PHOTO_OPENAPI,
)
def info_photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """A photo of an item the caller may read."""
    return photo_response(info.access_photo(acting_user(request), photo_id), inline=False)


class InfoIn(Schema):
    kind: InfoKind
    title: Annotated[PlainText, Field(max_length=column_limit(InfoReport, "title"))]
    event_date: Date
    text: Annotated[PlainText, Field(max_length=info.MAX_TEXT)]


class InfoSubmitIn(InfoIn):
    unit_id: int


def _report(user: User, report_id: int) -> InfoReport:
    return info.access_report(user, report_id)


@router.post("/reports/info", response={201: InfoDetailOut, **WRITE_ERRORS})
def info_submit(
    request: HttpRequest,
    payload: Form[InfoSubmitIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    """Send a report or story of a unit (its leaders and workers, or a unit above) to the
    unit above for review, with up to three JPEG or PNG photos of 5 MB at most."""
    user = acting_user(request)
    monthly.require_reader(user)
    unit = monthly.access_unit(user, payload.unit_id)
    report = info.info_submit(
        acting_user=user,
        unit=unit,
        kind=payload.kind,
        title=payload.title,
        event_date=payload.event_date,
        text=payload.text,
        photos=photos or [],
    )
    return Status(201, report)


class InfoResubmitIn(InfoIn):
    version: int
    remove_photos: list[int] = Field(
        default_factory=list, description="Ids of photos of the item to remove."
    )


@router.post("/reports/info/{report_id}/resubmit", response={200: InfoDetailOut, **EDIT_ERRORS})
def info_resubmit(
    request: HttpRequest,
    report_id: int,
    payload: Form[InfoResubmitIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> InfoReport:
    """Correct a returned item and send it again; its timeliness stays the first one's."""
    user = acting_user(request)
    return info.info_resubmit(
        acting_user=user,
        report=_report(user, report_id),
        version=payload.version,
        kind=payload.kind,
        title=payload.title,
        event_date=payload.event_date,
        text=payload.text,
        photos=photos or [],
        remove_photos=payload.remove_photos,
    )


class InfoVersionIn(Schema):
    version: int


class InfoReturnIn(Schema):
    version: int
    comment: Annotated[PlainText, Field(max_length=column_limit(InfoReport, "review_comment"))] = ""


@router.post("/reports/info/{report_id}/publish", response={200: InfoDetailOut, **EDIT_ERRORS})
def info_publish(request: HttpRequest, report_id: int, payload: InfoVersionIn) -> InfoReport:
    """Publish an item awaiting review (a unit above it; not whoever sent it)."""
    user = acting_user(request)
    return info.info_publish(
        acting_user=user, report=_report(user, report_id), version=payload.version
    )


@router.post("/reports/info/{report_id}/return", response={200: InfoDetailOut, **EDIT_ERRORS})
def info_return(request: HttpRequest, report_id: int, payload: InfoReturnIn) -> InfoReport:
    """Return an item awaiting review with a comment saying what to correct."""
    user = acting_user(request)
    return info.info_return(
        acting_user=user,
        report=_report(user, report_id),
        version=payload.version,
        comment=payload.comment,
    )

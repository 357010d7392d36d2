"""Practical matters (实事) through the API: a unit's list for a year with its counts, one
matter with its updates and photos, and the steps — add, edit, report progress (with
photos, ``multipart/form-data``), mark done, drop, reopen — each carrying the version read
where it changes the matter (409 when stale).

The same services and selectors as the pages (``governance.matters``): bad input is 400
with the message a clerk reads and nothing changes; a step the caller's role may not take
is 403; a matter, a photo or a unit outside the caller's scope is 404. Figures travel as
text ("30", "12.5"), read like the pages' (full-width digits accepted, at most two
decimals, not negative).
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import ErrorOut
from guanai.api.schemas import (
    EDIT_ERRORS,
    PHOTO_OPENAPI,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PlainText,
    RefOut,
    Text200,
    Text1000,
    Text2000,
    UnitRefOut,
)
from guanai.api.types import Bool, Date
from guanai.core.errors import ValidationFailed
from guanai.core.paging import MAX_PAGE_SIZE, PAGE_SIZE
from guanai.core.photos import photo_response
from guanai.governance.matters import access, selectors, services
from guanai.governance.models import MatterStatus, MatterUpdate, PracticalMatter
from guanai.orgs.models import OrgUnit

router = Router(tags=["governance"])

CENT = Decimal("0.01")

Version = Annotated[int, Field(ge=1, le=2**31 - 1, description="The version read.")]
Text500 = Annotated[PlainText, Field(max_length=500)]
FigureText = Annotated[
    PlainText, Field(max_length=20, description='A figure as text, e.g. "30".', examples=["30"])
]


class MatterPhotoOut(Schema):
    id: int
    url: str = Field(description="Where the photo is read (for the matter's readers).")


class MatterUpdateOut(Schema):
    id: int
    on: date
    text: str
    reached: Decimal | None = Field(description="The figure reached so far, if given.")
    link: str = Field(description="The path of a record of Guanai that shows the work.")
    recorded_by: RefOut | None
    photos: list[MatterPhotoOut]


class MatterOut(Schema):
    id: int
    unit: UnitRefOut = Field(description="The unit whose list it is on.")
    year: int
    position: int
    title: str
    detail: str
    lead_unit: UnitRefOut = Field(description="The responsible unit (责任单位).")
    owner: RefOut | None = Field(description="The responsible person.")
    deadline: date
    target: Decimal | None
    target_unit: str
    reached: Decimal | None = Field(description="The latest figure reached.")
    updates: int = Field(description="How many progress updates.")
    status: MatterStatus
    overdue: bool = Field(
        description="Past its deadline (Asia/Shanghai) and neither done nor dropped."
    )
    done_on: date | None
    dropped_reason: str
    version: int


class MatterDetailOut(MatterOut):
    progress: list[MatterUpdateOut] = Field(description="The updates, oldest first.")


class MatterCountsOut(Schema):
    total: int
    done: int
    in_progress: int
    planned: int
    dropped: int
    overdue: int


class MatterPage(Schema):
    unit: UnitRefOut
    year: int
    counts: MatterCountsOut = Field(description="The whole list's, whatever the filter.")
    items: list[MatterOut]
    count: int = Field(description="How many matters the filter finds.")


class MatterQuery(Schema):
    unit_id: Id | None = Field(
        None, description="The unit whose list; the caller's own if left out."
    )
    year: int | None = Field(None, ge=2000, le=2100, description="This year if left out.")
    status: MatterStatus | None = None
    overdue: Bool = Field(False, description="Only the matters overdue today.")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


class MatterIn(Schema):
    title: Text200
    detail: Text2000 = ""
    lead_unit_id: Id = Field(description="The unit itself or one below it.")
    owner_id: Id = Field(description="An account with a role in the responsible unit or above.")
    deadline: Date = Field(description="Within the list's year.")
    target: FigureText | None = None
    target_unit: Annotated[PlainText, Field(max_length=10)] = Field(
        "", description="What the figure counts, e.g. 名."
    )


class MatterNewIn(MatterIn):
    unit_id: Id
    year: int = Field(ge=2000, le=2100)


class MatterEditIn(MatterIn):
    version: Version


class MatterProgressIn(Schema):
    version: Version
    on: Date | None = Field(None, description="Today when left out.")
    text: Text1000
    reached: FigureText | None = None
    link: Text200 = Field(
        "", description="The path of a page of Guanai, e.g. /activities/events/12/."
    )


class MatterDoneIn(Schema):
    version: Version
    on: Date | None = Field(None, description="Today when left out.")


class MatterDropIn(Schema):
    version: Version
    reason: Text500


class MatterVersionIn(Schema):
    version: Version


def _ref(user: User | None) -> RefOut | None:
    return None if user is None else RefOut(id=user.pk, name=user.full_name or user.username)


def _figure(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT)


def _unit(unit: OrgUnit) -> UnitRefOut:
    return UnitRefOut(id=unit.pk, name=unit.name)


def _out(matter: PracticalMatter, today: date) -> dict[str, Any]:
    return {
        "id": matter.pk,
        "unit": _unit(matter.org_unit),
        "year": matter.year,
        "position": matter.position,
        "title": matter.title,
        "detail": matter.detail,
        "lead_unit": _unit(matter.lead_unit),
        "owner": _ref(matter.owner),
        "deadline": matter.deadline,
        "target": matter.target,
        "target_unit": matter.target_unit,
        # As the column holds it (two decimals): SQLite hands a subquery's value back bare.
        "reached": _figure(matter.reached),  # type: ignore[attr-defined]
        "updates": matter.update_count,  # type: ignore[attr-defined]
        "status": MatterStatus(matter.status),
        "overdue": selectors.is_overdue(matter.status, matter.deadline, today),
        "done_on": matter.done_on,
        "dropped_reason": matter.dropped_reason,
        "version": matter.version,
    }


def _update_out(update: MatterUpdate) -> MatterUpdateOut:
    return MatterUpdateOut(
        id=update.pk,
        on=update.on,
        text=update.text,
        reached=update.reached,
        link=update.link,
        recorded_by=_ref(update.recorded_by),
        photos=[
            MatterPhotoOut(id=p.pk, url=reverse("api:governance_matter_photo", args=[p.pk]))
            for p in update.photos.all()
        ],
    )


def _detail(user: User, matter_id: int) -> MatterDetailOut:
    matter = selectors.matter_detail(user, matter_id)
    return MatterDetailOut(
        **_out(matter, timezone.localdate()),
        progress=[_update_out(u) for u in matter.updates.all()],
    )


def _held(user: User, matter_id: int) -> PracticalMatter:
    """Return a matter the caller reads, or raise Http404, for a step on it.

    Not ``access.access_matter``: the answer reads the matter through it again
    (``matter_detail``), and the same look-up twice in one request reads as an N+1 to
    django-zeal.
    """
    return get_object_or_404(
        access.matters_visible(user).select_related("org_unit", "lead_unit", "owner"),
        pk=matter_id,
    )


def _unit_read(user: User, unit_id: int | None) -> OrgUnit:
    if unit_id is None:
        unit = selectors.default_unit(user)
    else:
        unit = access.units_readable(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def _data(user: User, unit: OrgUnit, payload: MatterIn) -> services.MatterData:
    """Return the payload as the service's data: the unit and person looked up among those
    the caller may choose (a wrong one is refused like a wrong choice on the page)."""
    lead = selectors.lead_units_offered(user, unit).filter(pk=payload.lead_unit_id).first()
    if lead is None:
        raise ValidationFailed(
            _("The responsible unit is %(unit)s itself or a unit below it.") % {"unit": unit.name},
            field="lead_unit",
        )
    owner = scoping.users_visible(user).filter(pk=payload.owner_id).first()
    if owner is None:
        raise ValidationFailed(
            _("Choose the responsible person among the accounts you see."), field="owner"
        )
    return services.MatterData(
        title=payload.title,
        detail=payload.detail,
        lead_unit=lead,
        owner=owner,
        deadline=payload.deadline,
        target=payload.target,
        target_unit=payload.target_unit,
    )


@router.get("/governance/matters", response={200: MatterPage, **READ_ERRORS, 400: ErrorOut})
def matter_list(request: HttpRequest, filters: Query[MatterQuery]) -> MatterPage:
    """A unit's list for a year (the caller's own unit and this year unless asked), with
    the counts of the whole list; filtered by status or to the overdue ones."""
    user = acting_user(request)
    unit = _unit_read(user, filters.unit_id)
    today = timezone.localdate()
    year = filters.year or today.year
    whole = selectors.unit_matters(user, unit, year)
    status = selectors.OVERDUE if filters.overdue else (filters.status or "")
    rows = selectors.filtered(user, unit, year, str(status), today)
    size = filters.page_size or PAGE_SIZE
    start = (filters.page - 1) * size
    shown = selectors.with_progress(rows)[start : start + size]
    return MatterPage(
        unit=_unit(unit),
        year=year,
        counts=MatterCountsOut(**vars(selectors.counts_of(whole, today))),
        items=[MatterOut(**_out(m, today)) for m in shown],
        count=rows.count(),
    )


@router.post("/governance/matters", response={201: MatterDetailOut, **WRITE_ERRORS})
def matter_new(request: HttpRequest, payload: MatterNewIn) -> Status:
    """Add a matter to a unit's list for a year (a leader or worker of the unit)."""
    user = acting_user(request)
    unit = _unit_read(user, payload.unit_id)
    access.require_edit(user, unit)
    made = services.matter_create(
        user, unit=unit, year=payload.year, data=_data(user, unit, payload)
    )
    return Status(201, _detail(user, made.pk))


@router.get("/governance/matters/{matter_id}", response={200: MatterDetailOut, **READ_ERRORS})
def matter_detail(request: HttpRequest, matter_id: Id) -> MatterDetailOut:
    """A matter with its progress updates and their photos."""
    return _detail(acting_user(request), matter_id)


@router.put("/governance/matters/{matter_id}", response={200: MatterDetailOut, **EDIT_ERRORS})
def matter_update(request: HttpRequest, matter_id: Id, payload: MatterEditIn) -> MatterDetailOut:
    """Change a matter still planned or in progress (a leader or worker of the unit)."""
    user = acting_user(request)
    matter = _held(user, matter_id)
    access.require_edit(user, matter.org_unit)
    services.matter_update(
        user, matter, version=payload.version, data=_data(user, matter.org_unit, payload)
    )
    return _detail(user, matter_id)


@router.post(
    "/governance/matters/{matter_id}/progress",
    response={201: MatterDetailOut, **EDIT_ERRORS},
)
def matter_progress(
    request: HttpRequest,
    matter_id: Id,
    payload: Form[MatterProgressIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    """Report progress with up to six JPEG or PNG photos of 5 MB at most; the first
    update starts the matter."""
    user = acting_user(request)
    services.matter_progress(
        user,
        _held(user, matter_id),
        version=payload.version,
        on=payload.on,
        text=payload.text,
        reached=payload.reached,
        link=payload.link,
        photos=photos or [],
    )
    return Status(201, _detail(user, matter_id))


@router.post("/governance/matters/{matter_id}/done", response={200: MatterDetailOut, **EDIT_ERRORS})
def matter_done(request: HttpRequest, matter_id: Id, payload: MatterDoneIn) -> MatterDetailOut:
    """Mark a matter done: refused until an update has a photo or a linked record."""
    user = acting_user(request)
    services.matter_done(user, _held(user, matter_id), version=payload.version, on=payload.on)
    return _detail(user, matter_id)


@router.post("/governance/matters/{matter_id}/drop", response={200: MatterDetailOut, **EDIT_ERRORS})
def matter_drop(request: HttpRequest, matter_id: Id, payload: MatterDropIn) -> MatterDetailOut:
    """Drop a matter with the reason; it counts as not done."""
    user = acting_user(request)
    services.matter_drop(
        user, _held(user, matter_id), version=payload.version, reason=payload.reason
    )
    return _detail(user, matter_id)


@router.post(
    "/governance/matters/{matter_id}/reopen", response={200: MatterDetailOut, **EDIT_ERRORS}
)
def matter_reopen(request: HttpRequest, matter_id: Id, payload: MatterVersionIn) -> MatterDetailOut:
    """Reopen a matter done or dropped (a leader of the unit)."""
    user = acting_user(request)
    services.matter_reopen(user, _held(user, matter_id), version=payload.version)
    return _detail(user, matter_id)


@router.get(
    "/governance/matter-photos/{photo_id}",
    response={**READ_ERRORS},
    url_name="governance_matter_photo",
    openapi_extra=PHOTO_OPENAPI,
)
def matter_photo(request: HttpRequest, photo_id: Id) -> FileResponse:
    """A photo of a progress update, for whoever reads the matter."""
    return photo_response(access.access_photo(acting_user(request), photo_id), inline=False)

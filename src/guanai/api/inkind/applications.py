"""Requests for a service through the API, from the asking to the delivery and after, and
what one person may receive.

``/inkind/requests`` lists the requests the caller reads (filtered by status, service code,
unit and name; paginated) and makes one; ``/inkind/requests/{request_id}`` reads one with
its stages, photos, follow-ups and what the service's rules find of the person today;
``/assess``, ``/decide`` (a leader), ``/deliver``, ``/cancel``, ``/follow-ups`` and
``/stages`` (a project's next stage, ``multipart/form-data`` with JPEG or PNG photos) are
the steps, each carrying the version read where the step changes the request (409 when
stale). ``/inkind/persons/{person_id}/services`` says, for each service in use, whether the
person qualifies and why, and their requests for it.

The same services as the pages (``inkind.applications``): a step out of order or bad input
is 400 with the message a clerk reads, and nothing changes; a step the caller's role may
not take is 403. Scoped as the pages (``inkind.access``): a request or person outside the
caller's scope is 404; a helper reads the requests they made for persons paired with them.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import ErrorOut
from guanai.api.inkind.schemas import (
    InkindDecisionOut,
    InkindRequestDetailOut,
    InkindRequestOut,
    InkindServiceRefOut,
    MoneyText,
    Version,
    decision_out,
    request_detail_out,
    request_out,
    service_ref,
)
from guanai.api.pagination import Pages
from guanai.api.schemas import (
    EDIT_ERRORS,
    PHOTO_OPENAPI,
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    Text40,
    Text50,
    Text60,
    Text100,
    Text200,
    Text2000,
)
from guanai.api.types import Bool, Date
from guanai.core.errors import ValidationFailed
from guanai.core.photos import photo_response
from guanai.inkind import access, applications
from guanai.inkind.applications.selectors import (
    ApplicationFilter,
    application_detail,
    applications_search,
    person_services,
)
from guanai.inkind.eligibility import person_decision
from guanai.inkind.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Service,
    Stage,
    StagePhoto,
    UseStatus,
)
from guanai.registry.selectors import access_person

router = Router(tags=["inkind"])


class InkindRequestPage(Schema):
    items: list[InkindRequestOut]
    count: int


class InkindRequestQuery(Pages.Input):
    status: ApplicationStatus | None = None
    service: Text40 | None = Field(None, description="A service's code, e.g. wheelchair.")
    unit_id: Id | None = Field(None, description="The requests of persons of this unit's subtree.")
    name: Text50 = Field("", description="The person's name, or the first letters of its pinyin.")
    open: Bool = Field(False, description="Only requests still being worked.")


class InkindRequestIn(Schema):
    person_id: Id
    service: Text40 = Field(description="The service's code, e.g. wheelchair.")
    source: ApplicationSource
    reason: Text2000 = ""
    requested_on: Date | None = Field(None, description="Today when left out.")


class InkindAssessIn(Schema):
    version: Version
    assessment: Text2000
    on: Date | None = Field(None, description="Today when left out.")


class InkindDecideIn(Schema):
    version: Version
    approve: Bool
    note: Text2000 = Field("", description="Required when refused.")
    on: Date | None = Field(None, description="Today when left out.")


class InkindDeliverIn(Schema):
    version: Version
    on: Date | None = Field(None, description="Today when left out.")
    supplier: Text100 = ""
    cost: MoneyText | None = None
    serial_number: Text60 = Field("", description="Required for a device such as a wheelchair.")
    delivery_note: Text2000 = ""


class InkindCancelIn(Schema):
    version: Version
    reason: Text200


class InkindFollowUpIn(Schema):
    status: UseStatus
    reason: Text200 = Field("", description="Required unless in use.")
    on: Date | None = Field(None, description="Today when left out.")


class InkindStageIn(Schema):
    version: Version
    stage: Stage = Field(description="The next stage, in order.")
    on: Date | None = Field(None, description="Today when left out.")
    note: Text2000 = ""
    amount: MoneyText | None = Field(None, description="The funding stage's amount.")


class InkindPersonRequestOut(Schema):
    id: int
    status: ApplicationStatus
    requested_on: date
    delivered_on: date | None


class InkindPersonServiceOut(Schema):
    service: InkindServiceRefOut
    eligibility: InkindDecisionOut
    requests: list[InkindPersonRequestOut] = Field(description="Those the caller reads.")
    open_request_id: int | None
    delivered_request_id: int | None


def _service(user: User, code: str) -> Service:
    found = access.services_visible(user).filter(code=code.strip().lower()).first()
    if found is None:
        raise ValidationFailed(
            _("There is no service with the code %(code)s.") % {"code": code}, field="service"
        )
    return found


def _held(user: User, request_id: int) -> Application:
    """Return a request the caller reads, or raise Http404, for a step on it.

    Not ``access.access_request``: the answer reads the request through it again
    (``application_detail``), and the same look-up twice in one request reads as an N+1 to
    django-zeal.
    """
    return get_object_or_404(access.requests_visible(user), pk=request_id)


def _detail(user: User, request_id: int) -> InkindRequestDetailOut:
    application = application_detail(user, request_id)
    decision = person_decision(application.service, application.person, timezone.localdate())
    return request_detail_out(application, decision)


@router.get("/inkind/requests", response={200: InkindRequestPage, **READ_ERRORS, 400: ErrorOut})
def request_list(request: HttpRequest, filters: Query[InkindRequestQuery]) -> InkindRequestPage:
    """The requests the caller reads, the latest asked first, filtered."""
    user = acting_user(request)
    found = ApplicationFilter(
        status=filters.status.value if filters.status else "",
        service=None if filters.service is None else _service(user, filters.service),
        unit=None if filters.unit_id is None else scoping.access_org_unit(user, filters.unit_id),
        name=filters.name,
        open_only=filters.open,
    )
    rows = applications_search(user, found)
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    return InkindRequestPage(
        items=[request_out(a) for a in rows[start : start + size]], count=rows.count()
    )


@router.post("/inkind/requests", response={201: InkindRequestDetailOut, **WRITE_ERRORS})
def request_new(request: HttpRequest, payload: InkindRequestIn) -> Status:
    """Ask for a service for a person the caller may ask for (one open request per service)."""
    user = acting_user(request)
    person = access_person(user, payload.person_id)
    made = applications.application_create(
        user,
        person=person,
        service=_service(user, payload.service),
        source=payload.source.value,
        reason=payload.reason,
        requested_on=payload.requested_on,
    )
    return Status(201, _detail(user, made.pk))


@router.get("/inkind/requests/{request_id}", response={200: InkindRequestDetailOut, **READ_ERRORS})
def request_detail(request: HttpRequest, request_id: Id) -> InkindRequestDetailOut:
    return _detail(acting_user(request), request_id)


@router.post(
    "/inkind/requests/{request_id}/assess",
    response={200: InkindRequestDetailOut, **EDIT_ERRORS},
)
def request_assess(
    request: HttpRequest, request_id: Id, payload: InkindAssessIn
) -> InkindRequestDetailOut:
    """Record what the service should be (a leader or worker of the person's unit)."""
    user = acting_user(request)
    applications.application_assess(
        user,
        _held(user, request_id),
        version=payload.version,
        assessment=payload.assessment,
        on=payload.on,
    )
    return _detail(user, request_id)


@router.post(
    "/inkind/requests/{request_id}/decide",
    response={200: InkindRequestDetailOut, **EDIT_ERRORS},
)
def request_decide(
    request: HttpRequest, request_id: Id, payload: InkindDecideIn
) -> InkindRequestDetailOut:
    """Approve or refuse (a leader of the person's unit); a refusal says why."""
    user = acting_user(request)
    applications.application_decide(
        user,
        _held(user, request_id),
        version=payload.version,
        approve=payload.approve,
        note=payload.note,
        on=payload.on,
    )
    return _detail(user, request_id)


@router.post(
    "/inkind/requests/{request_id}/deliver",
    response={200: InkindRequestDetailOut, **EDIT_ERRORS},
)
def request_deliver(
    request: HttpRequest, request_id: Id, payload: InkindDeliverIn
) -> InkindRequestDetailOut:
    """Record the delivery of an approved request (a project is delivered by its acceptance)."""
    user = acting_user(request)
    applications.application_deliver(
        user,
        _held(user, request_id),
        version=payload.version,
        on=payload.on,
        supplier=payload.supplier,
        cost=payload.cost,
        serial_number=payload.serial_number,
        delivery_note=payload.delivery_note,
    )
    return _detail(user, request_id)


@router.post(
    "/inkind/requests/{request_id}/cancel",
    response={200: InkindRequestDetailOut, **EDIT_ERRORS},
)
def request_cancel(
    request: HttpRequest, request_id: Id, payload: InkindCancelIn
) -> InkindRequestDetailOut:
    """Cancel an open request with a reason; it is kept."""
    user = acting_user(request)
    applications.application_cancel(
        user,
        _held(user, request_id),
        version=payload.version,
        reason=payload.reason,
    )
    return _detail(user, request_id)


@router.post(
    "/inkind/requests/{request_id}/follow-ups",
    response={201: InkindRequestDetailOut, **WRITE_ERRORS},
)
def request_followup(request: HttpRequest, request_id: Id, payload: InkindFollowUpIn) -> Status:
    """Record whether what was delivered is in use ("needs repair" and "unused" say why)."""
    user = acting_user(request)
    applications.followup_add(
        user,
        _held(user, request_id),
        status=payload.status.value,
        reason=payload.reason,
        on=payload.on,
    )
    return Status(201, _detail(user, request_id))


@router.post(
    "/inkind/requests/{request_id}/stages",
    response={201: InkindRequestDetailOut, **EDIT_ERRORS},
)
def request_stage(
    request: HttpRequest,
    request_id: Id,
    payload: Form[InkindStageIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    """Record a project's next stage with up to six JPEG or PNG photos of 5 MB at most;
    the acceptance delivers the request."""
    user = acting_user(request)
    applications.stage_record(
        user,
        _held(user, request_id),
        version=payload.version,
        stage=payload.stage.value,
        on=payload.on,
        note=payload.note,
        amount=payload.amount,
        photos=photos or [],
    )
    return Status(201, _detail(user, request_id))


@router.get(
    "/inkind/photos/{photo_id}",
    response={**READ_ERRORS},
    url_name="inkind_photo",
    openapi_extra=PHOTO_OPENAPI,
)
def stage_photo(request: HttpRequest, photo_id: Id) -> FileResponse:
    """A photo of a project's stage, for whoever reads the request."""
    photo = get_object_or_404(StagePhoto.objects.select_related("record"), pk=photo_id)
    access.access_request(acting_user(request), photo.record.application_id)
    return photo_response(photo, inline=False)


@router.get(
    "/inkind/persons/{person_id}/services",
    response={200: list[InkindPersonServiceOut], **READ_ERRORS},
)
def person_service_list(request: HttpRequest, person_id: Id) -> list[InkindPersonServiceOut]:
    """Every service in use for the person: whether they qualify today and why, and the
    requests for it the caller reads."""
    user = acting_user(request)
    person = access_person(user, person_id)
    found = person_services(user, person, timezone.localdate())
    return [
        InkindPersonServiceOut(
            service=service_ref(entry.service),
            eligibility=decision_out(entry.decision),
            requests=[
                InkindPersonRequestOut(
                    id=a.pk,
                    status=ApplicationStatus(a.status),
                    requested_on=a.requested_on,
                    delivered_on=a.delivered_on,
                )
                for a in entry.applications
            ],
            open_request_id=entry.open.pk if entry.open else None,
            delivered_request_id=entry.delivered.pk if entry.delivered else None,
        )
        for entry in found
    ]

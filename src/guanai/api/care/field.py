"""Field work offline through the API (issue 23): what the phone's offline app calls.

``POST /care/field/sync`` takes the cards the phone holds (person id → hash) and answers
with the cards new or changed, the ids to drop and the caller's quotas; a sync that sends
cards is written in the access log. ``POST /care/field/records`` takes one record of the
outbox as ``multipart/form-data`` with up to three photos: 201 the first time, 200 with
``stored`` false when the same key arrives again (nothing stored twice). A record refused
keeps its reason in ``detail``: 400 for what the helper can correct (a date in the future,
a photo too large), 403 when it can no longer be saved (the pairing ended, the person was
transferred), 404 for a person the caller never cared for. The schemas are in
``field_schemas``.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, UploadedFile
from ninja.responses import Status

from guanai.api.auth import acting_user
from guanai.api.care.field_schemas import (
    FieldRecordIn,
    FieldRecordOut,
    FieldSyncIn,
    FieldSyncOut,
)
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.schemas import WRITE_ERRORS
from guanai.care import field
from guanai.care import log as care_log
from guanai.care.models import AREAS
from guanai.core.errors import ValidationFailed

router = Router(tags=["care"])


@router.post(
    "/care/field/sync",
    response={200: FieldSyncOut, 400: ErrorOut, **AUTH_ERRORS},
    url_name="care_field_sync",
)
def field_sync(request: HttpRequest, payload: FieldSyncIn) -> FieldSyncOut:
    """Return the cards of the persons paired with the caller that the phone lacks or holds
    in an older version, the ids it should drop, and the caller's quotas this week."""
    user = acting_user(request)
    sync = field.field_sync(user, field.have_read(payload.have), request=request)
    return FieldSyncOut(
        synced_at=sync.synced_at,
        today=sync.today,
        keep_days=sync.keep_days,
        persons=sync.persons,  # type: ignore[arg-type]
        removed=sync.removed,
        unchanged=sync.unchanged,
        quotas=sync.quotas,  # type: ignore[arg-type]
    )


@router.post(
    "/care/field/records",
    response={200: FieldRecordOut, 201: FieldRecordOut, **WRITE_ERRORS, **AUTH_ERRORS},
    url_name="care_field_records",
)
def field_record(
    request: HttpRequest,
    payload: Form[FieldRecordIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status:
    """Store a talk, visit or call written offline, once whatever the number of sends
    (the phone's key), with up to three JPEG or PNG photos of 5 MB at most."""
    user = acting_user(request)
    data = care_log.RecordData(
        kind=payload.kind.value,
        occurred_on=payload.occurred_on,
        summary=payload.summary,
        ratings={area: getattr(payload, area) for area in AREAS},
        needs=payload.needs,
        follow_up_on=payload.follow_up_on,
        parent=payload.parent.value if payload.parent else "",
        minutes=payload.minutes,
    )
    try:
        received = field.field_record_add(
            acting_user=user,
            key=payload.key,
            person_id=payload.person_id,
            data=data,
            photos=photos or [],
        )
    except ValidationFailed as exc:
        raise ValidationFailed(
            exc.message, field="person_id" if exc.field == "persons" else exc.field
        ) from None
    if received.stored:
        return Status(
            201, FieldRecordOut(stored=True, record_id=received.record.pk, detail=_("Saved."))
        )
    return Status(
        200,
        FieldRecordOut(
            stored=False,
            record_id=received.record.pk,
            detail=_("This record had already arrived; it was not stored twice."),
        ),
    )

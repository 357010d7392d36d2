"""A guardian's consent to processing a child's data (PIPL art. 31), read and recorded.

The consents are part of the case file: anyone who may open the file reads them (and the
read is audited like opening the file); only editors of the person's unit record one.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.schemas import WRITE_ERRORS, Text20, Text50, Text200
from guanai.api.types import Date
from guanai.registry import file_reads, selectors, services
from guanai.registry.models import Consent

router = Router(tags=["persons"])


class ConsentOut(Schema):
    id: int
    given_by: str
    relation: str
    given_on: date
    scope: str
    purpose: str
    recorded_at: datetime


class ConsentIn(Schema):
    given_by: Text50
    relation: Text20
    given_on: Date
    scope: Text200
    purpose: Text200


@router.get(
    "/persons/{person_id}/consents",
    response={200: list[ConsentOut], **AUTH_ERRORS, 404: ErrorOut},
)
@paginate(Pages)
def consent_list(request: HttpRequest, person_id: int) -> QuerySet[Consent]:
    """List the consents on a person's file, the latest first; the read is audited."""
    user = acting_user(request)
    person = file_reads.person_file_open(user=user, pk=person_id, request=request)
    return person.consents.all()


@router.post(
    "/persons/{person_id}/consents",
    response={201: ConsentOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def consent_record(request: HttpRequest, person_id: int, payload: ConsentIn) -> Status:
    """Record who consented, their relation to the child, when, to what and for what purpose."""
    user = acting_user(request)
    person = selectors.access_person(user, person_id)
    consent = services.consent_record(
        acting_user=user,
        person=person,
        given_by=payload.given_by,
        relation=payload.relation,
        given_on=payload.given_on,
        scope=payload.scope,
        purpose=payload.purpose,
    )
    return Status(201, consent)

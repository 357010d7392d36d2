"""Service standards through the API: the national and local standards the caller reads,
one with its items and numbers, and a county's (prefecture's, province's) leader adding a
local standard that may only ask more than the national one (五 总则 (六)). Refusals as the
pages: a lower number or a bad working age 400 with the message, another role 403."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, PlainText, Small, UnitRefOut
from guanai.api.types import Date
from guanai.institutions import register, standards
from guanai.institutions.models import Standard
from guanai.institutions.standards.rules import DEFAULT_MAX_AGE, DEFAULT_MIN_AGE

router = Router(tags=["institutions"])


class ServiceStandardOut(Schema):
    id: int
    code: str
    version: int
    title: str
    valid_from: date
    issued_by: UnitRefOut | None = Field(description="Empty: the national standard.")
    eligibility: dict[str, int] = Field(description="The working age served; empty: 16–59.")


class ServiceStandardItemOut(Schema):
    ref: str
    text: str
    automatic: bool
    params: dict[str, Any]


class ServiceStandardDetailOut(ServiceStandardOut):
    items: list[ServiceStandardItemOut]


class LocalStandardIn(Schema):
    unit_id: Id = Field(description="The county, prefecture or province issuing it.")
    title: PlainText
    valid_from: Date
    numbers: dict[str, Small] = Field(
        default_factory=dict,
        description='Raised numbers by "ref:key", e.g. {"机构-2:min_years": 8}.',
    )
    min_age: Small = DEFAULT_MIN_AGE
    max_age: Small = DEFAULT_MAX_AGE


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    register.require_reader(user)
    return user


def _out(s: Standard) -> dict[str, Any]:
    unit = s.org_unit
    return {
        "id": s.pk,
        "code": s.code,
        "version": s.version,
        "title": s.title,
        "valid_from": s.valid_from,
        "issued_by": None if unit is None else UnitRefOut(id=unit.pk, name=unit.name),
        "eligibility": s.eligibility,
    }


def _detail(s: Standard) -> ServiceStandardDetailOut:
    items = [
        ServiceStandardItemOut(ref=i.ref, text=i.text, automatic=bool(i.rule), params=i.params)
        for i in s.items.all()
    ]
    return ServiceStandardDetailOut(**_out(s), items=items)


@router.get(
    "/institutions/standards",
    response={200: list[ServiceStandardOut], **READ_ERRORS, **AUTH_ERRORS},
)
def standard_list(request: HttpRequest) -> list[ServiceStandardOut]:
    """List the national standards and the local ones of the caller's units and those above."""
    user = _reader(request)
    return [ServiceStandardOut(**_out(s)) for s in standards.standards_visible(user)]


@router.get(
    "/institutions/standards/{standard_id}",
    response={200: ServiceStandardDetailOut, **READ_ERRORS, **AUTH_ERRORS},
)
def standard_detail(request: HttpRequest, standard_id: Id) -> ServiceStandardDetailOut:
    """Return a standard with its items in order, each with its rule's numbers."""
    user = _reader(request)
    try:
        return _detail(standards.standard_visible(user, standard_id))
    except Standard.DoesNotExist:
        raise Http404 from None


@router.post(
    "/institutions/standards",
    response={201: ServiceStandardDetailOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def standard_create(request: HttpRequest, payload: LocalStandardIn) -> Status:
    """Add the next version of a unit's local standard."""
    user = _reader(request)
    unit = get_object_or_404(scoping.org_units_visible(user), pk=payload.unit_id)
    saved = standards.local_standard_add(
        acting_user=user,
        unit=unit,
        data=standards.LocalStandardData(**payload.dict(exclude={"unit_id"})),
    )
    return Status(201, _detail(standards.standard_visible(user, saved.pk)))

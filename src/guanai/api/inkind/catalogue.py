"""The catalogue of assistance in kind through the API: list and read the services with
their rules explained; a leader of a county or above adds one or changes one.

The same services as the pages (``inkind.catalogue``): the rules are the JSON object
``inkind.rules`` reads, checked there (400 naming the rule); a change carries the version
read (409 when stale); the code is given when a service is made and never changes. Every
data role reads the catalogue, one for the installation; the administrators see none.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS
from guanai.api.inkind.schemas import Version
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, WRITE_ERRORS, Id, Text40, Text60, Text2000
from guanai.api.types import Bool
from guanai.inkind import access
from guanai.inkind.catalogue import ServiceData, service_create, service_update
from guanai.inkind.models import Service, ServiceKind
from guanai.inkind.rules import explain

router = Router(tags=["inkind"])

RULES_HELP = (
    'Who qualifies, e.g. {"categories": ["disabled"], "types": [4, 7], "age_min": 60}: '
    "categories, types (1–7), grades (1–4), support, also, not_centralised, age_min, "
    "age_max, house."
)


class InkindServiceOut(Schema):
    id: int
    version: int
    code: str
    name: str
    kind: ServiceKind
    active: bool = Field(description="In use: new requests may be made.")
    is_project: bool = Field(description="Delivered through stages (survey … acceptance).")
    needs_serial: bool = Field(description="A serial number is written on delivery.")
    built_in: bool
    explanation: list[str] = Field(description="Each condition of the rules as a sentence.")


class InkindServiceDetailOut(InkindServiceOut):
    basis: str = Field(description="The words of the plan the service comes from.")
    rules: dict[str, Any]


class InkindServicePage(Schema):
    items: list[InkindServiceOut]
    count: int


class InkindServiceQuery(Pages.Input):
    kind: ServiceKind | None = None
    active: Bool | None = None


class InkindServiceIn(Schema):
    code: Text40 = Field(description="Lowercase letters, digits, underscores; never changes.")
    name: Text60
    kind: ServiceKind
    basis: Text2000 = ""
    rules: dict[str, Any] = Field(description=RULES_HELP)
    is_project: Bool = False
    needs_serial: Bool = False
    active: Bool = True


class InkindServicePatchIn(Schema):
    version: Version
    name: Text60 | None = None
    kind: ServiceKind | None = None
    basis: Text2000 | None = None
    rules: dict[str, Any] | None = Field(None, description=RULES_HELP)
    is_project: Bool | None = None
    needs_serial: Bool | None = None
    active: Bool | None = None


def _out(service: Service) -> InkindServiceOut:
    return InkindServiceOut(
        id=service.pk,
        version=service.version,
        code=service.code,
        name=service.name,
        kind=ServiceKind(service.kind),
        active=service.active,
        is_project=service.is_project,
        needs_serial=service.needs_serial,
        built_in=service.built_in,
        explanation=explain(service.rules),
    )


def _detail(service: Service) -> InkindServiceDetailOut:
    return InkindServiceDetailOut(
        **_out(service).model_dump(), basis=service.basis, rules=service.rules
    )


@router.get("/inkind/services", response={200: InkindServicePage, **AUTH_ERRORS})
def service_list(request: HttpRequest, filters: Query[InkindServiceQuery]) -> InkindServicePage:
    """The catalogue in its order, filtered by kind and whether in use."""
    found = access.services_visible(acting_user(request))
    if filters.kind is not None:
        found = found.filter(kind=filters.kind)
    if filters.active is not None:
        found = found.filter(active=filters.active)
    size = filters.page_size or Pages().page_size
    start = (filters.page - 1) * size
    return InkindServicePage(
        items=[_out(s) for s in found[start : start + size]], count=found.count()
    )


@router.get("/inkind/services/{service_id}", response={200: InkindServiceDetailOut, **READ_ERRORS})
def service_detail(request: HttpRequest, service_id: Id) -> InkindServiceDetailOut:
    """A service with its policy basis, its rules and their explanation."""
    return _detail(access.access_service(acting_user(request), service_id))


@router.post("/inkind/services", response={201: InkindServiceDetailOut, **WRITE_ERRORS})
def service_new(request: HttpRequest, payload: InkindServiceIn) -> Status:
    """Add a service to the catalogue (a leader of a county or above)."""
    values = payload.model_dump()
    code = values.pop("code")
    values["kind"] = payload.kind.value
    made = service_create(acting_user(request), code=code, data=ServiceData(**values))
    return Status(201, _detail(made))


@router.patch(
    "/inkind/services/{service_id}", response={200: InkindServiceDetailOut, **EDIT_ERRORS}
)
def service_change(
    request: HttpRequest, service_id: Id, payload: InkindServicePatchIn
) -> InkindServiceDetailOut:
    """Change the fields sent (a leader of a county or above); the code never changes."""
    user = acting_user(request)
    service = access.access_service(user, service_id)
    values = {name: getattr(service, name) for name in ServiceData.__dataclass_fields__}
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    values.update({key: getattr(v, "value", v) for key, v in sent.items() if v is not None})
    saved = service_update(user, service, version=payload.version, data=ServiceData(**values))
    return _detail(saved)

"""Org units: the caller's (a filtered, paginated list, one unit with its children), and,
for a system administrator, creating and editing the units it manages (as on the pages)."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from typing import Annotated

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import computed_field

from guanai.accounts import scoping
from guanai.accounts import services as account_services
from guanai.accounts.models import Role, User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.text import PlainText
from guanai.api.types import Bool
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.orgs import services as org_services
from guanai.orgs.models import ADMIN_LEVEL, OrgKind, OrgUnit
from guanai.orgs.selectors import children_with_counts

router = Router(tags=["orgs"])


class OrgUnitOut(Schema):
    id: int
    name: str
    code: str
    kind: OrgKind
    parent_id: int | None
    depth: int
    is_active: bool

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kind_label(self) -> str:
        return str(self.kind.label)


class OrgUnitDetailOut(OrgUnitOut):
    child_ids: list[int]
    phone: str
    version: int


class OrgUnitFilter(FilterSchema):
    q: Annotated[PlainText | None, FilterLookup(["name__icontains", "code__icontains"])] = None
    kind: Annotated[OrgKind | None, FilterLookup("kind")] = None


@router.get("/org-units", response={200: list[OrgUnitOut], **AUTH_ERRORS})
@paginate(Pages)
def org_unit_list(request: HttpRequest, filters: Query[OrgUnitFilter]) -> QuerySet[OrgUnit]:
    """List the org units in the caller's subtrees, by name or code (``q``) and kind."""
    return filters.filter(scoping.org_units_visible(acting_user(request)))


@router.get("/org-units/{unit_id}", response={200: OrgUnitDetailOut, **AUTH_ERRORS, 404: ErrorOut})
def org_unit_detail(request: HttpRequest, unit_id: int) -> OrgUnitDetailOut:
    """Return one org unit the caller may see, with the ids of its children."""
    user = acting_user(request)
    return _detail(user, scoping.access_org_unit(user, unit_id))


def _detail(user: User, unit: OrgUnit) -> OrgUnitDetailOut:
    children = children_with_counts(unit, scoping.org_units_visible(user))
    return OrgUnitDetailOut(
        id=unit.pk,
        name=unit.name,
        code=unit.code,
        kind=OrgKind(unit.kind),
        parent_id=unit.parent_id,
        depth=unit.depth,
        is_active=unit.is_active,
        child_ids=[child.pk for child in children],
        phone=unit.phone,
        version=unit.version,
    )


class OrgUnitCreateIn(Schema):
    parent_id: int = Field(description="A unit of an administrative kind the caller manages.")
    kind: OrgKind
    name: Annotated[PlainText, Field(max_length=100)]
    code: Annotated[PlainText, Field(max_length=20)] = Field(
        "", description="Only for divisions: 6 digits (county and above) or 12 digits."
    )


@router.post(
    "/org-units",
    response={201: OrgUnitDetailOut, **AUTH_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def org_unit_create(request: HttpRequest, payload: OrgUnitCreateIn) -> Status:
    """Create a unit under one the system administrator manages (its subtree)."""
    user = acting_user(request)
    if not scoping.has_role(user, Role.SYSADMIN):
        raise PermissionRefused(_("Only a system administrator creates org units."))
    parent = scoping.org_units_managed(user).filter(pk=payload.parent_id).first()
    if parent is None:
        raise Http404
    if parent.kind not in ADMIN_LEVEL:
        raise ValidationFailed(
            _("Units are created under a province, prefecture, county, township or village."),
            field="parent_id",
        )
    unit = org_services.org_unit_create(
        parent=parent, kind=payload.kind, name=payload.name, code=payload.code
    )
    return Status(201, _detail(user, unit))


class OrgUnitEditIn(Schema):
    version: int
    name: Annotated[PlainText, Field(max_length=100)]
    code: Annotated[PlainText, Field(max_length=20)] = ""
    phone: Annotated[PlainText, Field(max_length=30)] | None = Field(
        None, description="A school's hotline for families; unchanged when left out."
    )
    is_active: Bool = True


@router.put(
    "/org-units/{unit_id}",
    response={
        200: OrgUnitDetailOut,
        **AUTH_ERRORS,
        400: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
)
def org_unit_edit(request: HttpRequest, unit_id: int, payload: OrgUnitEditIn) -> OrgUnitDetailOut:
    """Rename, recode, set the phone of, or (de)activate a unit the caller manages."""
    user = acting_user(request)
    unit = scoping.access_org_unit(user, unit_id)
    unit = account_services.org_unit_edit(acting_user=user, unit=unit, **payload.dict())
    return _detail(user, unit)

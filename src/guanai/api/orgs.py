"""Org units the caller may see: a filtered, paginated list and one unit with its children."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import computed_field

from guanai.accounts import scoping
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import Pages
from guanai.api.text import PlainText
from guanai.orgs.models import OrgKind, OrgUnit
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
    unit = scoping.access_org_unit(user, unit_id)
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
    )

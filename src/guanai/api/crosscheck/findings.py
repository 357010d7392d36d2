"""Findings through the API: read, filtered, and resolved by hand.

``GET /crosscheck/findings`` lists the findings the caller reads (the urgent first, then the
latest; filtered by status, kind, kind of list and unit; paginated);
``GET /crosscheck/findings/{finding_id}`` reads one with its explanation in the caller's
language and the facts it rests on; ``POST /crosscheck/findings/{finding_id}/resolve``
closes an open one, fixed (saying how) or not an error (saying why), with the version read.

The same service as the pages (``crosscheck.findings.finding_resolve``): no reason, or a
finding resolved already, is 400 with the message a clerk reads; a stale version 409; a
viewer, or a leader or worker of another branch above, 403. Scoped as the pages
(``crosscheck.access``): a finding of a unit outside the caller's scope is 404. A finding
never shows an ID number.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from guanai.accounts import scoping
from guanai.api.crosscheck.lists import reader
from guanai.api.crosscheck.schemas import (
    CrosscheckFindingDetailOut,
    CrosscheckFindingOut,
    Version,
    finding_detail_out,
)
from guanai.api.pagination import Pages
from guanai.api.schemas import EDIT_ERRORS, READ_ERRORS, Id, Text300
from guanai.crosscheck import access
from guanai.crosscheck.findings import finding_resolve
from guanai.crosscheck.findings.selectors import finding_read
from guanai.crosscheck.models import Finding, FindingKind, FindingStatus, ListKind
from guanai.orgs.selectors import subtree_q

router = Router(tags=["crosscheck"])


class CrosscheckFindingQuery(Schema):
    status: FindingStatus | None = None
    kind: FindingKind | None = None
    list_kind: ListKind | None = None
    unit_id: Id | None = Field(None, description="The findings worked in this unit's subtree.")


class CrosscheckResolveIn(Schema):
    version: Version
    status: Literal["fixed", "not_error"] = Field(
        description="Fixed here, or not an error (the list is wrong)."
    )
    resolution: Text300 = Field(description="How it was fixed, or why it is not an error.")


@router.get("/crosscheck/findings", response={200: list[CrosscheckFindingOut], **READ_ERRORS})
@paginate(Pages)
def finding_list(request: HttpRequest, filters: Query[CrosscheckFindingQuery]) -> QuerySet[Finding]:
    """The findings the caller reads, the urgent first, then the latest found."""
    user = reader(request)
    found = access.findings_visible(user)
    if filters.status is not None:
        found = found.filter(status=filters.status.value)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind.value)
    if filters.list_kind is not None:
        found = found.filter(list_kind=filters.list_kind.value)
    if filters.unit_id is not None:
        unit = scoping.access_org_unit(user, filters.unit_id)
        found = found.filter(subtree_q([unit], field="org_unit__path"))
    return found


@router.get(
    "/crosscheck/findings/{finding_id}",
    response={200: CrosscheckFindingDetailOut, **READ_ERRORS},
)
def finding_detail(request: HttpRequest, finding_id: Id) -> CrosscheckFindingDetailOut:
    """A finding with its explanation and the facts it rests on."""
    return finding_detail_out(finding_read(reader(request), finding_id, request))


@router.post(
    "/crosscheck/findings/{finding_id}/resolve",
    response={200: CrosscheckFindingDetailOut, **EDIT_ERRORS},
)
def finding_resolve_op(
    request: HttpRequest, finding_id: Id, payload: CrosscheckResolveIn
) -> CrosscheckFindingDetailOut:
    """Close an open finding by hand (a leader or worker of its unit or above): fixed,
    saying how, or not an error, saying why."""
    user = reader(request)
    finding = access.access_finding(user, finding_id)
    finding_resolve(
        acting_user=user,
        finding=finding,
        status=payload.status,
        note=payload.resolution,
        version=payload.version,
    )
    # Read again in place: the same look-up twice in one request reads as an N+1 to zeal.
    finding.refresh_from_db()
    return finding_detail_out(finding)

"""Lists of other agencies through the API: uploaded, compared, read back.

``POST /crosscheck/lists`` (``multipart/form-data``: the unit, the kind of list, the agency
that issued it, the purpose, the list's date and the xlsx or CSV file) compares a list with
the unit's subtree and answers it with its counts, its rejected rows and the findings it
raised per kind; ``GET /crosscheck/lists`` lists the lists the caller reads (the latest
first, filtered by kind and unit, paginated), ``GET /crosscheck/lists/{list_id}`` reads one.

The same service as the pages (``crosscheck.lists.list_upload``): a file that cannot be
used, a date in the future or a missing purpose is 400 with the message a clerk reads, and
nothing is kept; only a leader or worker of the unit uploads (403). Scoped as the pages
(``crosscheck.access``): a unit or list outside the caller's scope is 404; a helper or a
system administrator, who reads no cross-checks, is refused (403).
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.crosscheck.schemas import (
    CrosscheckListDetailOut,
    CrosscheckListOut,
    list_detail_out,
)
from guanai.api.pagination import Pages
from guanai.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Text60, Text200
from guanai.api.types import Date
from guanai.core.errors import PermissionRefused
from guanai.crosscheck import access
from guanai.crosscheck.lists import ListData, list_upload
from guanai.crosscheck.lists.selectors import list_read
from guanai.crosscheck.models import CheckList, ListKind
from guanai.orgs.selectors import subtree_q
from guanai.sheets.reading import MAX_BYTES

router = Router(tags=["crosscheck"])


def reader(request: HttpRequest) -> User:
    """The caller, if they read cross-checks (the roster roles); else 403."""
    user = acting_user(request)
    if not access.can_open(user):
        raise PermissionRefused(
            _("Cross-checks are read by the leaders, workers and viewers of a unit.")
        )
    return user


class CrosscheckListQuery(Schema):
    kind: ListKind | None = None
    unit_id: Id | None = Field(None, description="The lists of this unit's subtree.")


class CrosscheckListIn(Schema):
    org_unit_id: Id = Field(description="The unit whose subtree the list is compared with.")
    kind: ListKind
    source: Text60 = Field(description="The agency that issued the list, e.g. 县公安局.")
    purpose: Text200 = Field(description="Why the list is compared (kept in the access log).")
    as_of: Date = Field(description="The list's date.")


@router.post("/crosscheck/lists", response={201: CrosscheckListDetailOut, **WRITE_ERRORS})
def list_new(
    request: HttpRequest, payload: Form[CrosscheckListIn], file: File[UploadedFile]
) -> Status:
    """Compare a list (xlsx or CSV, any column order, GBK or UTF-8) with the unit's subtree
    (a leader or worker of the unit); a bad row is refused with its reason, never matched."""
    user = reader(request)
    unit = scoping.access_org_unit(user, payload.org_unit_id)
    check_list = list_upload(
        acting_user=user,
        org_unit=unit,
        data=ListData(
            kind=payload.kind.value,
            source=payload.source,
            purpose=payload.purpose,
            as_of=payload.as_of,
        ),
        # One byte past the limit, never the whole of an oversized upload: refused by size.
        content=file.read(MAX_BYTES + 1),
        filename=file.name or "",
        request=request,
    )
    return Status(201, list_detail_out(check_list))


@router.get("/crosscheck/lists", response={200: list[CrosscheckListOut], **READ_ERRORS})
@paginate(Pages)
def list_index(request: HttpRequest, filters: Query[CrosscheckListQuery]) -> QuerySet[CheckList]:
    """The lists the caller reads, the latest uploaded first."""
    user = reader(request)
    found = access.lists_visible(user)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind.value)
    if filters.unit_id is not None:
        unit = scoping.access_org_unit(user, filters.unit_id)
        found = found.filter(subtree_q([unit], field="org_unit__path"))
    return found


@router.get("/crosscheck/lists/{list_id}", response={200: CrosscheckListDetailOut, **READ_ERRORS})
def list_detail(request: HttpRequest, list_id: Id) -> CrosscheckListDetailOut:
    """A list with its counts, its rejected rows (row, field, reason) and its findings per kind."""
    return list_detail_out(list_read(reader(request), list_id, request))

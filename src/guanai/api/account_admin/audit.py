"""The audit log and the account-administration report, for the auditor."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from typing import Annotated, Literal

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from guanai.accounts import audit_log
from guanai.accounts.models import Role
from guanai.api.account_admin.common import REFUSALS, _caller, router
from guanai.api.errors import ErrorOut
from guanai.api.pagination import MAX_PAGE, MAX_PAGE_SIZE, PAGE_SIZE
from guanai.api.text import PlainText
from guanai.api.types import Date
from guanai.core.audit import export_logged
from guanai.core.errors import ValidationFailed
from guanai.core.models import AuditAction
from guanai.sheets.writing import XLSX, workbook_bytes

# --- The audit log (auditor) ------------------------------------------------------------


class AuditQuery(Schema):
    source: Literal["access", "changes"] = Field(
        "access", description="“access”: logins, reads, exports; “changes”: data changes."
    )
    user: Annotated[PlainText, Field(max_length=150)] = ""
    action: Annotated[PlainText, Field(max_length=32)] = Field(
        "",
        description="An access-log action code (login, export, role_approve …) or, for "
        "changes, create / update / delete.",
    )
    object: Annotated[PlainText, Field(max_length=200)] = ""
    date_from: Date | None = None
    date_to: Date | None = None


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class AuditEntryOut(Schema):
    at: datetime
    user: str
    action: str = Field(description="The action as the auditor reads it (translated).")
    object_type: str = Field(description="What kind of object (translated).")
    object: str
    detail: str = Field(description="The IP address, the changes, or the unit and role.")


class AuditPageOut(Schema):
    items: list[AuditEntryOut]
    count: int


def _filter(query: AuditQuery) -> audit_log.AuditFilter:
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise ValidationFailed(_("The end date is before the start date."), field="date_to")
    actions = {a.value for a in AuditAction} | set(audit_log.CHANGE_ACTIONS)
    if query.action and query.action not in actions:
        raise ValidationFailed(
            _("Unknown action “%(code)s”.") % {"code": query.action}, field="action"
        )
    return audit_log.AuditFilter.from_cleaned(query.dict())


def _entry(row: audit_log.AuditRow) -> AuditEntryOut:
    return AuditEntryOut(
        at=row.at,
        user=row.user,
        action=row.action,
        object_type=row.object_type,
        object=row.object,
        detail=row.detail,
    )


@router.get("/audit/entries", response={200: AuditPageOut, **REFUSALS, 400: ErrorOut})
def audit_entries(
    request: HttpRequest, filters: Query[AuditQuery], paging: Query[PageQuery]
) -> AuditPageOut:
    """List the audit log in the auditor's scope, newest first, as the audit page does."""
    user = _caller(request, Role.AUDITOR)
    flt = _filter(filters)
    if flt.source == "changes":
        page = Paginator(audit_log.change_entries(user, flt), paging.page_size)
    else:
        page = Paginator(audit_log.access_entries(user, flt), paging.page_size)
    entries = page.get_page(paging.page) if paging.page <= page.num_pages else []
    rows = audit_log.rows_of(entries, flt.source)
    return AuditPageOut(items=[_entry(r) for r in rows], count=page.count)


@router.get(
    "/audit/export",
    response={**REFUSALS, 400: ErrorOut},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The filtered audit log as an xlsx (the export is audited).",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def audit_export(request: HttpRequest, filters: Query[AuditQuery]) -> HttpResponse:
    """Download the filtered audit log as the audit page's export does; it is audited."""
    user = _caller(request, Role.AUDITOR)
    flt = _filter(filters)
    if audit_log.count_entries(user, flt) > audit_log.EXPORT_LIMIT:
        raise ValidationFailed(
            _("More than %(n)s entries match; narrow the dates or the filter and export again.")
            % {"n": f"{audit_log.EXPORT_LIMIT:,}"}
        )
    headers, rows = audit_log.export_table(user, flt)
    content, count = workbook_bytes(title=_("Audit log"), headers=headers, rows=rows)
    export_logged(user=user, what="audit_log", rows=count, request=request, filters=flt.as_dict())
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response


class AccountAuditQuery(Schema):
    user: Annotated[PlainText, Field(max_length=150)] = ""
    action: Annotated[PlainText, Field(max_length=32)] = Field(
        "",
        description="account_create, role_request, role_grant, role_approve, role_reject, "
        "role_revoke, password_reset or unlock.",
    )
    date_from: Date | None = None
    date_to: Date | None = None


@router.get("/audit/accounts", response={200: AuditPageOut, **REFUSALS, 400: ErrorOut})
def audit_accounts(
    request: HttpRequest, filters: Query[AccountAuditQuery], paging: Query[PageQuery]
) -> AuditPageOut:
    """List account administration: accounts created, roles asked for, given, approved,
    refused and removed, password and lock resets — who did it, to which account."""
    user = _caller(request, Role.AUDITOR)
    if filters.action and filters.action not in audit_log.ACCOUNT_ACTIONS:
        raise ValidationFailed(
            _("Unknown action “%(code)s”.") % {"code": filters.action}, field="action"
        )
    flt = _filter(AuditQuery(**filters.dict()))
    page = Paginator(audit_log.account_entries(user, flt), paging.page_size)
    entries = page.get_page(paging.page) if paging.page <= page.num_pages else []
    return AuditPageOut(items=[_entry(audit_log.account_row(e)) for e in entries], count=page.count)

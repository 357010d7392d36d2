"""Administration through the API, with the limits of the pages (issue 12, point 18).

- The auditor reads and exports the audit log and the account-administration report,
  with the filters of the audit page.
- The system administrator lists, creates and edits the accounts it manages, resets
  their passwords (a one-time password, in the answer only) and asks for roles; a role
  that sees persons waits for a leader's or the security administrator's approval.
- A leader gives such roles in their units directly; a leader or the security
  administrator approves or refuses what a system administrator asked for.
- The security administrator lists and lifts lockouts.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from typing import Annotated, Literal

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import audit_log, scoping, selectors, services
from guanai.accounts.models import Membership, MembershipStatus, Role, User
from guanai.api.auth import acting_user
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.pagination import MAX_PAGE, MAX_PAGE_SIZE, PAGE_SIZE, Pages
from guanai.api.text import PlainText
from guanai.api.types import Bool, Date
from guanai.core.audit import export_logged
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AuditAction
from guanai.sheets.writing import workbook_bytes

router = Router(tags=["administration"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REFUSALS: dict[int, type[Schema]] = {**AUTH_ERRORS, 403: ErrorOut}


def _caller(request: HttpRequest, *roles: Role) -> User:
    user = acting_user(request)
    if not scoping.has_role(user, *roles):
        raise PermissionRefused(_("Your role may not use this."))
    return user


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


# --- Accounts (system administrator) -----------------------------------------------------


class MembershipOut(Schema):
    id: int
    org_unit_id: int
    org_unit_name: str
    role: Role
    role_label: str
    status: MembershipStatus
    status_label: str

    @staticmethod
    def resolve_org_unit_name(obj: Membership) -> str:
        return obj.org_unit.name

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(Role(obj.role).label)

    @staticmethod
    def resolve_status_label(obj: Membership) -> str:
        return str(MembershipStatus(obj.status).label)


class AccountOut(Schema):
    id: int
    username: str
    full_name: str
    is_active: bool
    must_change_password: bool
    last_login: datetime | None
    memberships: list[MembershipOut]


class AccountCreatedOut(AccountOut):
    one_time_password: str = Field(
        description="Shown in this answer only; the user must change it at first login."
    )


class OneTimePasswordOut(Schema):
    one_time_password: str = Field(
        description="Shown in this answer only; the user must change it at next login."
    )


def _with_memberships(users: QuerySet[User]) -> QuerySet[User]:
    memberships = Membership.objects.select_related("org_unit").order_by("org_unit__path", "role")
    return users.prefetch_related(Prefetch("memberships", queryset=memberships))


def _account(user: User, account_id: int) -> User:
    found: User = scoping.access_user(user, account_id, manage=True)
    return _with_memberships(User.objects.filter(pk=found.pk)).get()


class AccountQuery(Schema):
    q: Annotated[PlainText, Field(max_length=150)] = Field(
        "", description="Part of the username or the full name."
    )
    unit: int | None = Field(None, description="Only the accounts with a role in this unit.")


@router.get("/users", response={200: list[AccountOut], **REFUSALS})
@paginate(Pages)
def account_list(request: HttpRequest, filters: Query[AccountQuery]) -> QuerySet[User]:
    """List the accounts the system administrator manages, with their roles."""
    user = _caller(request, Role.SYSADMIN)
    users = scoping.users_managed(user)
    if filters.unit is not None:
        users = users.filter(memberships__org_unit_id=filters.unit)
    if filters.q:
        users = users.filter(Q(username__icontains=filters.q) | Q(full_name__icontains=filters.q))
    return _with_memberships(users.order_by("username"))


class AccountCreateIn(Schema):
    username: Annotated[PlainText, Field(min_length=1, max_length=150)]
    full_name: Annotated[PlainText, Field(min_length=1, max_length=60)]
    org_unit_id: int = Field(description="A unit the system administrator manages.")
    role: Role = Field(
        description="A role that sees persons waits for a leader's or the security "
        "administrator's approval; the audit and security roles are not given here."
    )


@router.post("/users", response={201: AccountCreatedOut, **REFUSALS, 400: ErrorOut, 404: ErrorOut})
def account_create(request: HttpRequest, payload: AccountCreateIn) -> Status:
    """Create an account with a one-time password (in this answer only)."""
    user = _caller(request, Role.SYSADMIN)
    unit = scoping.org_units_managed(user).filter(pk=payload.org_unit_id).first()
    if unit is None:
        raise Http404
    account, password = services.account_create(
        acting_user=user,
        username=payload.username,
        full_name=payload.full_name,
        org_unit=unit,
        role=payload.role,
        request=request,
    )
    created = _account(user, account.pk)
    created.one_time_password = password  # type: ignore[attr-defined]
    return Status(201, created)


@router.get("/users/{account_id}", response={200: AccountOut, **REFUSALS, 404: ErrorOut})
def account_detail(request: HttpRequest, account_id: int) -> User:
    """Return an account the system administrator manages, with its roles."""
    return _account(_caller(request, Role.SYSADMIN), account_id)


class AccountEditIn(Schema):
    full_name: Annotated[PlainText, Field(min_length=1, max_length=60)]
    is_active: Bool = Field(description="false locks the account out (deactivates it).")


@router.put(
    "/users/{account_id}", response={200: AccountOut, **REFUSALS, 400: ErrorOut, 404: ErrorOut}
)
def account_edit(request: HttpRequest, account_id: int, payload: AccountEditIn) -> User:
    """Rename, deactivate or reactivate an account the system administrator manages."""
    user = _caller(request, Role.SYSADMIN)
    account = _account(user, account_id)
    return services.user_update(
        acting_user=user, user=account, full_name=payload.full_name, is_active=payload.is_active
    )


@router.post(
    "/users/{account_id}/password-reset",
    response={200: OneTimePasswordOut, **REFUSALS, 404: ErrorOut},
)
def account_password_reset(request: HttpRequest, account_id: int) -> OneTimePasswordOut:
    """Give the account a one-time password (in this answer only).

    Its API tokens are revoked, and its roles that see persons wait again for a leader's
    or the security administrator's approval.
    """
    user = _caller(request, Role.SYSADMIN)
    account = _account(user, account_id)
    password = services.password_reset(acting_user=user, user=account, request=request)
    return OneTimePasswordOut(one_time_password=password)


# --- Roles: asked for, given, approved ------------------------------------------------------


class RoleGrantIn(Schema):
    org_unit_id: int
    role: Role


@router.post(
    "/users/{account_id}/memberships",
    response={201: MembershipOut, **REFUSALS, 400: ErrorOut, 404: ErrorOut},
)
def membership_grant(request: HttpRequest, account_id: int, payload: RoleGrantIn) -> Status:
    """Give a role (a leader, in their units) or ask for it (a system administrator).

    A system administrator's request for a role that sees persons has the status
    ``pending`` until a leader of the unit or the security administrator approves it.
    """
    user = _caller(request, Role.SYSADMIN, *scoping.GRANTERS)
    unit = scoping.role_grant_units(user).filter(pk=payload.org_unit_id).first()
    if unit is not None and scoping.grants_directly(user, unit, payload.role):
        account = scoping.access_user(user, account_id)
    else:
        unit = scoping.org_units_managed(user).filter(pk=payload.org_unit_id).first()
        if unit is None:
            raise Http404
        account = scoping.access_user(user, account_id, manage=True)
    membership = services.membership_grant(
        acting_user=user, user=account, org_unit=unit, role=payload.role, request=request
    )
    return Status(201, membership)


class AwaitingOut(MembershipOut):
    username: str
    full_name: str
    requested_by: str | None
    requested_at: datetime

    @staticmethod
    def resolve_username(obj: Membership) -> str:
        return obj.user.username

    @staticmethod
    def resolve_full_name(obj: Membership) -> str:
        return obj.user.full_name

    @staticmethod
    def resolve_requested_by(obj: Membership) -> str | None:
        return obj.requested_by.username if obj.requested_by else None

    @staticmethod
    def resolve_requested_at(obj: Membership) -> datetime:
        return obj.created_at


# Before ``/memberships/{membership_id}``, which would otherwise take "awaiting".
@router.get("/memberships/awaiting", response={200: list[AwaitingOut], **REFUSALS})
@paginate(Pages)
def memberships_awaiting(request: HttpRequest) -> QuerySet[Membership]:
    """List the roles waiting for the caller's approval (a leader or security admin)."""
    return scoping.memberships_awaiting(_caller(request, *scoping.APPROVERS))


@router.delete(
    "/memberships/{membership_id}", response={204: None, **REFUSALS, 400: ErrorOut, 404: ErrorOut}
)
def membership_revoke(request: HttpRequest, membership_id: int) -> Status:
    """Remove a role from an account the system administrator manages (not its last)."""
    user = _caller(request, Role.SYSADMIN)
    membership = scoping.access_membership(user, membership_id)
    services.membership_revoke(acting_user=user, membership=membership, request=request)
    return Status(204, None)


class DecisionIn(Schema):
    decision: Literal["approve", "reject"]


@router.post(
    "/memberships/{membership_id}/decision",
    response={200: MembershipOut, **REFUSALS, 404: ErrorOut},
)
def membership_decide(request: HttpRequest, membership_id: int, payload: DecisionIn) -> Membership:
    """Approve or refuse a role a system administrator asked for (never one's own)."""
    user = _caller(request, *scoping.APPROVERS)
    membership = scoping.access_awaiting_membership(user, membership_id)
    if payload.decision == "approve":
        return services.membership_approve(acting_user=user, membership=membership, request=request)
    return services.membership_reject(acting_user=user, membership=membership, request=request)


# --- Lockouts (security administrator) -------------------------------------------------------


class LockoutOut(Schema):
    username: str
    failures: int
    last_attempt: datetime


@router.get("/lockouts", response={200: list[LockoutOut], **REFUSALS})
def lockout_list(request: HttpRequest) -> list[LockoutOut]:
    """List the locked accounts in the security administrator's scope."""
    user = _caller(request, Role.SECADMIN)
    return [
        LockoutOut(
            username=a.username or "", failures=a.failures_since_start, last_attempt=a.attempt_time
        )
        for a in selectors.lockouts_visible(user)
    ]


@router.delete("/lockouts/{username}", response={204: None, **REFUSALS, 404: ErrorOut})
def lockout_reset(request: HttpRequest, username: str) -> Status:
    """Lift the lock of an account in the security administrator's scope; it is audited."""
    user = _caller(request, Role.SECADMIN)
    if username not in {a.username for a in selectors.lockouts_visible(user)}:
        raise Http404
    services.lockout_reset(acting_user=user, username=username, request=request)
    return Status(204, None)

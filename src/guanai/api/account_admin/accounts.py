"""Accounts and roles: the system administrator within its limits, leaders and the
security administrator for approvals."""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import datetime
from typing import Annotated, Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from guanai.accounts import scoping, services
from guanai.accounts.models import Membership, MembershipStatus, Role, User
from guanai.api.account_admin.common import REFUSALS, _caller, router
from guanai.api.errors import ErrorOut
from guanai.api.pagination import Pages
from guanai.api.text import PlainText
from guanai.api.types import Bool

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

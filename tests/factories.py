"""Factories for tests. They create rows through the services, as the application does."""

from __future__ import annotations

import itertools

from guanai.accounts.models import Role, User
from guanai.accounts.services import membership_grant, user_create
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import org_unit_create

PASSWORD = "Test-pass-2026"
_numbers = itertools.count(1)


def org_unit(
    *, parent: OrgUnit | None, kind: OrgKind, name: str | None = None, code: str = ""
) -> OrgUnit:
    return org_unit_create(
        parent=parent, kind=kind, name=name or f"{kind.label}{next(_numbers)}", code=code
    )


def user(
    *,
    unit: OrgUnit,
    role: Role,
    username: str | None = None,
    full_name: str = "测试用户",
    must_change_password: bool = False,
) -> User:
    return user_create(
        acting_user=None,
        username=username or f"user{next(_numbers)}",
        full_name=full_name,
        password=PASSWORD,
        org_unit=unit,
        role=role,
        must_change_password=must_change_password,
    )


def grant(account: User, unit: OrgUnit, role: Role) -> User:
    membership_grant(acting_user=None, user=account, org_unit=unit, role=role)
    return account

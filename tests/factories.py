"""Factories for tests. They create rows through the services, as the application does."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from guanai.accounts.models import Role, User
from guanai.accounts.services import membership_grant, user_create
from guanai.core.actors import SYSTEM
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import org_unit_create
from guanai.registry.models import Person
from guanai.registry.services import PersonData, contact_add, person_register

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
        acting_user=SYSTEM,
        username=username or f"user{next(_numbers)}",
        full_name=full_name,
        password=PASSWORD,
        org_unit=unit,
        role=role,
        must_change_password=must_change_password,
    )


def grant(account: User, unit: OrgUnit, role: Role) -> User:
    membership_grant(acting_user=SYSTEM, user=account, org_unit=unit, role=role)
    return account


def pupil(
    user: User | None,
    school: OrgUnit,
    name: str,
    sequence: int,
    *,
    categories: tuple[str, ...] = (),
    **values: Any,
) -> Person:
    """Register a pupil of ``school`` (三年级2班) with a grandmother as guardian and a
    father working away; ``sequence`` makes the ID and phone numbers unique."""
    person = person_register(
        acting_user=user,
        org_unit=school,
        data=PersonData(
            name=name,
            id_number=make_id("513322", date(2015, 5, 5), sequence),
            school=school,
            grade="三年级",
            class_name="2班",
            **values,
        ),
        categories=[(c, date(2024, 9, 1)) for c in categories],
    )
    contact_add(
        acting_user=user,
        person=person,
        kind="guardian",
        name=f"{name[0]}奶奶",
        relation="祖母",
        phone=f"1391234{sequence:04d}",
        is_guardian=True,
    )
    contact_add(
        acting_user=user,
        person=person,
        kind="parent",
        name=f"{name[0]}爸爸",
        relation="父亲",
        phone=f"1381234{sequence:04d}",
        works_away_at="广东东莞",
    )
    return person

"""Factories for tests. They create rows through the services, as the application does."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from guanai.accounts.models import Role, User
from guanai.accounts.scoping import Actor
from guanai.accounts.services import membership_grant, user_create
from guanai.core.actors import SYSTEM
from guanai.core.idnumber import make_id
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import org_unit_create
from guanai.registry.models import Person, PersonCategory
from guanai.registry.services import (
    PersonData,
    category_update_details,
    contact_add,
    person_register,
)

PASSWORD = "Test-pass-2026"
_numbers = itertools.count(1)
# ID numbers have a 3-digit sequence: the counter wraps (each test rolls back).
_sequences = itertools.cycle(range(100, 1000))
# A category span written straight to the table: (category, from, details[, until]).
Span = tuple[str, date, dict[str, Any]] | tuple[str, date, dict[str, Any], date | None]


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


def person(
    unit: OrgUnit,
    name: str = "张三",
    *,
    by: Actor = SYSTEM,
    born: date | None = None,
    sequence: int | None = None,
    categories: Iterable[str] = (),
    since: date = date(2024, 9, 1),
    details: Mapping[str, Any] | None = None,
    spans: Iterable[Span] = (),
    archived: datetime | None = None,
    archive_reason: str = "deceased",
    **values: Any,
) -> Person:
    """Register a person of ``unit`` as ``by`` (the system unless given), as the app does.

    ``born`` gives an ID number of that birth day (``sequence``, or the next free one);
    ``values`` are the other fields of ``PersonData`` (``id_number``, ``school``, …).
    ``categories`` start on ``since`` through the service, with ``details`` set on each;
    ``spans`` are written to the table as they are (a test may need what the service would
    refuse, or a span already ended); ``archived`` is when the file was archived.
    """
    if born is not None:
        number = sequence if sequence is not None else next(_sequences)
        values["id_number"] = make_id("513322", born, number)
    registered = person_register(
        acting_user=by,
        org_unit=unit,
        data=PersonData(name=name, **values),
        categories=[(c, since) for c in categories],
    )
    if details:
        for entry in registered.categories.all():
            category_update_details(acting_user=by, entry=entry, details=dict(details), note="")
    for span in spans:
        PersonCategory.objects.create(
            person=registered,
            category=span[0],
            started_on=span[1],
            details=span[2],
            ended_on=span[3] if len(span) > 3 else None,
        )
    if archived is not None:
        Person.objects.filter(pk=registered.pk).update(
            archived_at=archived, archive_reason=archive_reason
        )
        registered.refresh_from_db()
    return registered


def pupil(
    user: Actor,
    school: OrgUnit,
    name: str,
    sequence: int,
    *,
    categories: tuple[str, ...] = (),
    **values: Any,
) -> Person:
    """Register a pupil of ``school`` (三年级2班) with a grandmother as guardian and a
    father working away; ``sequence`` makes the ID and phone numbers unique."""
    registered = person(
        school,
        name,
        by=user,
        born=date(2015, 5, 5),
        sequence=sequence,
        categories=categories,
        school=school,
        grade="三年级",
        class_name="2班",
        **values,
    )
    contact_add(
        acting_user=user,
        person=registered,
        kind="guardian",
        name=f"{name[0]}奶奶",
        relation="祖母",
        phone=f"1391234{sequence:04d}",
        is_guardian=True,
    )
    contact_add(
        acting_user=user,
        person=registered,
        kind="parent",
        name=f"{name[0]}爸爸",
        relation="父亲",
        phone=f"1381234{sequence:04d}",
        works_away_at="广东东莞",
    )
    return registered

"""Persons the survey found who are not on file (发现未建档): add one to a round, and
register one through the registry, which links the case (and so its answers) to the new file.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of, require_actor
from guanai.core.audit import access_log
from guanai.core.dates import check_plausible_day
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump
from guanai.core.models import AuditAction
from guanai.core.names import check_name_characters
from guanai.core.text import fits
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside
from guanai.registry.models import Category, Gender, Person
from guanai.registry.services import PersonData, person_register
from guanai.surveys.models import Case, Round
from guanai.surveys.rounds.access import ASSIGNEES, RUNNERS
from guanai.surveys.rounds.services import require_open


@transaction.atomic
def case_found_add(
    *,
    acting_user: Actor,
    round_: Round,
    unit: OrgUnit,
    name: str,
    category: str,
    gender: str = "",
    birth_date: date | None = None,
    where: str = "",
) -> Case:
    """Add a person the survey found who is not on file, living in ``unit`` (of the round's
    subtree). A helper who adds one is given the case, so that they can answer for it."""
    require_open(round_)
    if not is_inside(unit, round_.org_unit):
        raise ValidationFailed(_("Choose a unit of the round."), field="unit")
    if not scoping.acts_over(acting_user, unit, ASSIGNEES):
        raise PermissionRefused(_("You hold no role over this unit."))
    name = check_name_characters(fits(name.strip(), Case, "name"), field="name")
    if not name:
        raise ValidationFailed(_("Write the person's name."), field="name")
    categories = round_.form.questionnaire.categories
    if category not in Category.values or category not in categories:
        raise ValidationFailed(
            _("Choose one of the groups this questionnaire is for."), field="category"
        )
    if gender not in ("", *Gender.values):
        raise ValidationFailed(_("Choose a gender."), field="gender")
    if birth_date is not None:
        check_plausible_day(birth_date, field="birth_date")
        if birth_date.year < 1900:
            raise ValidationFailed(_("The birth date is too early."), field="birth_date")
    where = fits(where.strip(), Case, "where")
    actor = require_actor(acting_user)
    helper = actor if isinstance(actor, User) else None
    runner = helper is None or scoping.holds_role_over(helper, unit, RUNNERS)
    case = Case.objects.create(
        round=round_,
        org_unit=unit,
        name=name,
        category=category,
        gender=gender,
        birth_date=birth_date,
        where=where,
        found=True,
        assigned_to=None if runner else helper,
        created_by=account_of(acting_user),
    )
    access_log(
        user=account_of(acting_user),
        action=AuditAction.SURVEY_CASE,
        obj=case,
        detail={"action": "found", "round": round_.pk},
    )
    return case


@transaction.atomic
def case_register(*, acting_user: Actor, case: Case, data: PersonData) -> Person:
    """Register a found person through the registry (in the case's unit, with the case's
    category from the round's start) and link the case to the file, answers and all.

    A case linked already is refused; an ID number on file is refused by the registry
    (``DuplicatePerson``)."""
    current = Case.objects.select_for_update().select_related("round", "org_unit").get(pk=case.pk)
    if current.person_id is not None:
        raise ValidationFailed(_("This person is on file already."), field="person")
    person = person_register(
        acting_user=acting_user,
        org_unit=current.org_unit,
        data=data,
        categories=[(current.category, min(current.round.starts_on, timezone.localdate()))],
    )
    current.person = person
    current.name = person.name
    current.gender = person.gender
    current.birth_date = person.birth_date
    bump(current)
    current.save()
    access_log(
        user=account_of(acting_user),
        action=AuditAction.SURVEY_CASE,
        obj=current,
        detail={"action": "register", "person": person.pk},
    )
    return person

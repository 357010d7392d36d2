"""Writes of the staff roster: a staff member added or edited, a certificate, a training.

Changes are refused with a message when the input is wrong (a name with control characters,
a birth date in the future, a certificate that expires before it was issued) and nothing is
saved; every save is audited by django-auditlog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.names import check_name_characters
from guanai.core.pinyin import sort_key
from guanai.core.text import fits
from guanai.institutions.models import (
    Institution,
    Qualification,
    Staff,
    StaffRole,
    Training,
    TrainingKind,
)
from guanai.institutions.register.access import require_edit
from guanai.institutions.standard import year_before

# Nobody on a staff is younger than this (the working age of the standard starts at 16).
YOUNGEST = 16


@dataclass
class StaffData:
    name: str
    role: str
    birth_date: date
    full_time: bool = True
    relevant_study: str = ""
    is_active: bool = True


def _clean(data: StaffData, *, today: date) -> StaffData:
    name = " ".join(data.name.split())
    if not name:
        raise ValidationFailed(_("Enter the staff member's name."), field="name")
    check_name_characters(name)
    fits(name, Staff, "name")
    if data.role not in StaffRole.values:
        raise ValidationFailed(_("Choose the staff member's role."), field="role")
    check_plausible_day(data.birth_date, field="birth_date")
    if data.birth_date > year_before(today, 12 * YOUNGEST):
        raise ValidationFailed(
            _("A staff member is at least %(age)s years old; check the birth date.")
            % {"age": YOUNGEST},
            field="birth_date",
        )
    study = " ".join(data.relevant_study.split())
    fits(study, Staff, "relevant_study")
    return StaffData(
        name=name,
        role=data.role,
        birth_date=data.birth_date,
        full_time=data.full_time,
        relevant_study=study,
        is_active=data.is_active,
    )


def _apply(staff: Staff, data: StaffData) -> None:
    staff.name = data.name
    staff.name_sort = sort_key(data.name)
    staff.role = data.role
    staff.birth_date = data.birth_date
    staff.full_time = data.full_time
    staff.relevant_study = data.relevant_study
    staff.is_active = data.is_active


@transaction.atomic
def staff_add(
    *, acting_user: Actor, institution: Institution, data: StaffData, today: date
) -> Staff:
    """Add a staff member to the institution's roster."""
    require_edit(acting_user, institution.org_unit)
    staff = Staff(institution=institution)
    _apply(staff, _clean(data, today=today))
    staff.save()
    return staff


@transaction.atomic
def staff_update(
    *, acting_user: Actor, staff: Staff, data: StaffData, version: int, today: date
) -> Staff:
    """Save a staff member edited at ``version``."""
    require_edit(acting_user, staff.institution.org_unit)
    current = (
        Staff.objects.select_for_update()
        .select_related("institution", "institution__org_unit")
        .get(pk=staff.pk)
    )
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this staff member after you opened it (%(fields)s). Reload it "
            "and make your change again."
        ),
        fields=["name", "role", "birth_date", "full_time", "relevant_study", "is_active"],
    )
    _apply(current, _clean(data, today=today))
    bump(current)
    current.save()
    return current


@transaction.atomic
def training_add(*, acting_user: Actor, staff: Staff, on: date, title: str, kind: str) -> Training:
    """Record a training the staff member attended."""
    require_edit(acting_user, staff.institution.org_unit)
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Enter the training's title."), field="title")
    fits(title, Training, "title")
    if kind not in TrainingKind.values:
        raise ValidationFailed(_("Choose the kind of training."), field="kind")
    check_plausible_day(on, field="on")
    return Training.objects.create(staff=staff, on=on, title=title, kind=kind)


@transaction.atomic
def qualification_add(
    *,
    acting_user: Actor,
    staff: Staff,
    title: str,
    number: str = "",
    issued_on: date | None = None,
    expires_on: date | None = None,
) -> Qualification:
    """Record a certificate the staff member holds (``expires_on`` empty: no expiry)."""
    require_edit(acting_user, staff.institution.org_unit)
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Enter the certificate's name."), field="title")
    fits(title, Qualification, "title")
    number = "".join(number.split())
    fits(number, Qualification, "number")
    if issued_on is not None:
        check_plausible_day(issued_on, field="issued_on")
    if expires_on is not None:
        check_plausible_day(expires_on, field="expires_on", days_ahead=None)
        if issued_on is not None and expires_on < issued_on:
            raise ValidationFailed(
                _("A certificate cannot expire before it was issued."), field="expires_on"
            )
    return Qualification.objects.create(
        staff=staff, title=title, number=number, issued_on=issued_on, expires_on=expires_on
    )

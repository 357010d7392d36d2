"""Writes of birthdays: set or clear a person's lunar birthday, record or undo a celebration.

Every change is a row of the app's audited models (``ActivitiesConfig.ready`` registers them
with auditlog, which records who changed what from the request); the services check who
acts (``access``) and refuse bad input with a message naming the field.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.activities.birthdays import lunar
from guanai.activities.birthdays.access import (
    refuse_archived,
    require_celebrator,
    require_lunar_birthday_editor,
)
from guanai.activities.models.birthdays import Celebration, CelebrationHow, LunarBirthday
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.text import fits
from guanai.registry.models import Person


@transaction.atomic
def lunar_birthday_set(
    *, acting_user: Actor, person: Person, month: object, day: object, leap: bool = False
) -> LunarBirthday:
    """Set (or change) the lunar birthday a person keeps; refuse a month or day no year has."""
    require_lunar_birthday_editor(acting_user, person)
    refuse_archived(person)
    birthday = lunar.lunar_date_clean(month, day, leap)
    kept, _created = LunarBirthday.objects.update_or_create(
        person=person,
        defaults={
            "month": birthday.month,
            "day": birthday.day,
            "is_leap": birthday.leap,
            "set_by": account_of(acting_user),
        },
    )
    return kept


@transaction.atomic
def lunar_birthday_clear(*, acting_user: Actor, person: Person) -> None:
    """Let the person's birthday be the solar one again."""
    require_lunar_birthday_editor(acting_user, person)
    refuse_archived(person)
    kept = LunarBirthday.objects.filter(person=person).first()
    if kept is None:
        raise ValidationFailed(_("This person keeps no lunar birthday."))
    kept.delete()


def _clean_how(how: str) -> str:
    if how not in CelebrationHow.values:
        raise ValidationFailed(
            _("Choose how the birthday was celebrated: card, wishes, party or other."),
            field="how",
        )
    return how


@transaction.atomic
def celebration_record(
    *,
    acting_user: Actor,
    person: Person,
    year: int,
    how: str,
    on: dt.date | None = None,
    note: str = "",
) -> Celebration:
    """Record that the person's birthday of ``year`` was celebrated, ``how`` and ``on``.

    ``year`` is the birthday's year as the lists give it: the lunar year of a lunar
    birthday, the solar year of a solar one. One celebration a person a year.
    """
    require_celebrator(acting_user, person)
    refuse_archived(person)
    lunar.check_year(year)
    how = _clean_how(how)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationFailed(
            _("A celebration is recorded on or after its day, not ahead of it."), field="on"
        )
    note = fits(" ".join(note.split()), Celebration, "note")
    earlier = Celebration.objects.filter(person=person, year=year).first()
    if earlier is not None:
        raise ValidationFailed(
            _("This birthday was already recorded as celebrated on %(on)s.")
            % {"on": date_format(earlier.on, "DATE_FORMAT")}
        )
    try:
        with transaction.atomic():
            return Celebration.objects.create(
                person=person,
                year=year,
                lunar=LunarBirthday.objects.filter(person=person).exists(),
                how=how,
                on=on,
                by=account_of(acting_user),
                note=note,
            )
    except IntegrityError:
        # Two taps at once: the other one recorded it.
        raise ValidationFailed(_("This birthday is already recorded as celebrated.")) from None


@transaction.atomic
def celebration_undo(*, acting_user: Actor, person: Person, year: int) -> None:
    """Take back a celebration recorded by mistake (the audit trail keeps it)."""
    require_celebrator(acting_user, person)
    refuse_archived(person)
    deleted, _rows = Celebration.objects.filter(person=person, year=year).delete()
    if not deleted:
        raise ValidationFailed(_("No celebration of this birthday is recorded."))

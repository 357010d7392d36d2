"""Writes of the holiday arrangement: one day added or corrected, a pasted year, a day
removed. Each row is saved on its own, so django-auditlog records who changed which day
(a year is a few dozen rows); a paste with a bad line stores nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.errors import ValidationFailed
from guanai.core.text import column_limit
from guanai.reports.holidays.access import require_holiday_setter
from guanai.reports.holidays.parsing import Limits, check_day, check_name, parse_arrangement
from guanai.reports.models import HolidayKind, HolidayOverride
from guanai.reports.monthly.workdays import OverrideDay

# The library starts at 2004; a correction of an older year moves no deadline kept here.
FIRST_YEAR = 2000


def holiday_limits(today: dt.date | None = None) -> Limits:
    """Return what may be entered: 2000 to next year (the State Council publishes a year's
    arrangement in the November before), names as long as the column."""
    today = today or timezone.localdate()
    return Limits(
        first_year=FIRST_YEAR,
        last_year=today.year + 1,
        name_length=column_limit(HolidayOverride, "name"),
    )


@dataclass(frozen=True)
class Entered:
    """What storing some days did: new days, days whose kind or name changed, days that
    were already so."""

    added: int
    changed: int
    unchanged: int


def _store(actor: Actor, days: Iterable[OverrideDay]) -> Entered:
    days = list(days)
    current = {
        row.day: row
        for row in HolidayOverride.objects.select_for_update().filter(
            day__in=[entry.day for entry in days]
        )
    }
    added = changed = 0
    for entry in days:
        kind = HolidayKind.REST if entry.rest else HolidayKind.WORK
        row = current.get(entry.day)
        if row is None:
            HolidayOverride.objects.create(
                day=entry.day, kind=kind, name=entry.name, entered_by=account_of(actor)
            )
            added += 1
        elif (row.kind, row.name) != (kind, entry.name):
            row.kind, row.name, row.entered_by = kind, entry.name, account_of(actor)
            row.save()
            changed += 1
    return Entered(added=added, changed=changed, unchanged=len(days) - added - changed)


@transaction.atomic
def holiday_override_set(
    *, acting_user: Actor, day: dt.date, kind: object, name: str
) -> HolidayOverride:
    """Enter ``day`` as a rest day (with the holiday's name) or a working day; a day already
    entered takes the new kind and name."""
    require_holiday_setter(acting_user)
    if kind not in HolidayKind.values:
        raise ValidationFailed(_("Choose a rest day or a working day."), field="kind")
    limits = holiday_limits()
    rest = kind == HolidayKind.REST
    entry = OverrideDay(
        day=check_day(day, limits),
        rest=rest,
        name=check_name(name.strip(), rest=rest, limits=limits),
    )
    _store(acting_user, [entry])
    return HolidayOverride.objects.get(day=day)


@transaction.atomic
def holiday_arrangement_enter(*, acting_user: Actor, text: str) -> Entered:
    """Enter every day of the pasted lines (``parsing``); with a bad line, enter none and
    raise ``LinesRefused`` naming every bad line."""
    require_holiday_setter(acting_user)
    return _store(acting_user, parse_arrangement(text, holiday_limits()))


@transaction.atomic
def holiday_override_delete(*, acting_user: Actor, day: dt.date) -> HolidayOverride:
    """Remove the day entered for ``day``: the library decides it again (or, in a year it
    does not know, the weekday)."""
    require_holiday_setter(acting_user)
    row = HolidayOverride.objects.select_for_update().filter(day=day).first()
    if row is None:
        raise ValidationFailed(
            _("No day is entered for %(day)s.") % {"day": f"{day:%Y-%m-%d}"}, field="day"
        )
    row.delete()
    return row

"""Reads of birthdays: a month's birthdays of the persons a user may read, or of a unit.

Each person has one birthday a year: the lunar one when the family keeps it (converted to
the year by ``lunar``), else the solar ``birth_date``. A solar birthday on 29 February falls
on the 28th in a year without that day. A day on or before the person's birth is no
birthday (a child born this month has none yet). Archived files are left out.

Two queries whatever the number of persons: the persons (with their lunar birthdays), and
the month's celebrations of those listed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.activities.birthdays import lunar
from guanai.activities.models.birthdays import Celebration
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Person


@dataclass(frozen=True)
class Birthday:
    """One person's birthday inside a month: on which day, which year's, and celebrated."""

    person: Person
    on: dt.date
    # The birthday's year: lunar for a lunar birthday (a twelfth-month one of lunar Y-1
    # falls in January of Y), solar for a solar one. Celebrations are keyed by it.
    year: int
    lunar_date: lunar.LunarDate | None
    celebration: Celebration | None

    @property
    def is_lunar(self) -> bool:
        return self.lunar_date is not None


def birthday_units(user: User) -> list[OrgUnit]:
    """Return the units whose persons the user reads: the choices of the unit filter."""
    seen: dict[int, OrgUnit] = {}
    for unit in scoping.units_for(user, scoping.PERSON_READERS):
        seen.setdefault(unit.pk, unit)
    return sorted(seen.values(), key=lambda u: u.path)


def birthdays_of_month(user: User, month: dt.date, unit: OrgUnit | None = None) -> list[Birthday]:
    """Return the month's birthdays of the persons the user reads, in ``unit``'s subtree."""
    persons = Person.objects.filter(scoping.persons_q(user))
    if unit is not None:
        persons = persons.filter(subtree_q([unit], field="org_unit__path"))
    return _birthdays(persons, month)


def unit_birthdays(unit: OrgUnit, month: dt.date) -> list[Birthday]:
    """Return the month's birthdays of the persons managed in ``unit``'s subtree.

    Unscoped: for the operator's command (``guanai birthdays``), which acts as the system.
    """
    return _birthdays(Person.objects.filter(subtree_q([unit], field="org_unit__path")), month)


def birthdays_between(persons: QuerySet[Person], start: dt.date, end: dt.date) -> list[Birthday]:
    """Return the birthdays of ``persons`` from ``start`` to ``end`` (both included, at most
    two months apart: reminders a week ahead, across a month's end)."""
    months = sorted({start.replace(day=1), end.replace(day=1)})
    return [b for month in months for b in _birthdays(persons, month) if start <= b.on <= end]


def _birthdays(persons: QuerySet[Person], month: dt.date) -> list[Birthday]:
    lunar.check_year(month.year)
    found: list[tuple[Person, dt.date, int, lunar.LunarDate | None]] = []
    candidates = (
        persons.filter(archived_at__isnull=True)
        .filter(
            Q(lunar_birthday__isnull=False)
            | Q(lunar_birthday__isnull=True, birth_date__month=month.month)
        )
        .select_related("org_unit", "school", "lunar_birthday")
    )
    for person in candidates:
        kept = getattr(person, "lunar_birthday", None)
        if kept is not None:
            birthday = lunar.LunarDate(kept.month, kept.day, kept.is_leap)
            hit = lunar.occurrence_in_month(birthday, month)
            if hit is None:
                continue
            on, year = hit
            found_lunar: lunar.LunarDate | None = birthday
        elif person.birth_date is None:  # pragma: no cover - the filter asked a month of it
            continue
        else:
            on, year, found_lunar = _solar_in(person.birth_date, month), month.year, None
        if person.birth_date is not None and on <= person.birth_date:
            continue
        found.append((person, on, year, found_lunar))
    celebrated = _celebrations({(p.pk, year) for p, _on, year, _l in found})
    rows = [
        Birthday(p, on, year, date, celebrated.get((p.pk, year))) for p, on, year, date in found
    ]
    rows.sort(key=lambda row: (row.on, row.person.name_sort, row.person.pk))
    return rows


def _solar_in(born: dt.date, month: dt.date) -> dt.date:
    """Return the solar birthday in ``month``: 29 February on the 28th in a common year."""
    day = min(born.day, calendar.monthrange(month.year, month.month)[1])
    return dt.date(month.year, month.month, day)


def _celebrations(keys: set[tuple[int, int]]) -> dict[tuple[int, int], Celebration]:
    if not keys:
        return {}
    years = {year for _pk, year in keys}
    rows = Celebration.objects.filter(
        person_id__in={pk for pk, _year in keys}, year__in=years
    ).select_related("by")
    return {(c.person_id, c.year): c for c in rows if (c.person_id, c.year) in keys}

"""The KPIs of activities (issue 15): participation in a term, birthdays celebrated.

**Activity participation** counts the special-group persons — on file, with a category in
force on the counting day — who were marked present at an event (any unit's, not
cancelled) that started in the school term so far: from the term's first day
(``activities.events.term_of``: September or February) to the month's counting day. The
term, not the month, because the plans set activities per term and the coverage page
lists per term who joined nothing; a month alone would read near nil in January and
August, the holidays. Counted "so far", as the visits are counted in the year so far, so
that each month's figure can only grow within a term and a past month is read as it
stood then. It is two ``Exists`` in the contacts part (``parts._contacts``): no query
of its own.

**Birthdays celebrated** counts, among the children (under 18) on file, the birthdays
that fell from the month's first day to its counting day — the lunar one converted to
the year for a child whose family keeps it (``activities.birthdays``), else the solar
one — and of those the ones recorded as celebrated: a ``Celebration`` of that birthday's
year, or a care record of kind "birthday" in the month (how helpers recorded birthdays
before activities existed). A birthday later in the current month is not due yet. The
lunar conversion runs in Python, so this is its own read: two queries for the month,
whatever the number of persons (``birthdays_between``'s persons and celebrations).

**Family contact** counts the left-behind children — on file, the category in force on the
counting day — who were in touch with their parents in the month so far: a care record of
kind "family phone call" (亲情电话) or "letter home" (亲情书信), or a letter of a letters-home
round marked written on a day of the month (``activities.letters``). Plan 1 asks for both,
a call and a letter; either one counts as contact, as a child whose parents cannot be
reached by phone still writes. Two ``Exists`` in the contacts part: no query of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from guanai.activities.birthdays import birthdays_between
from guanai.activities.events import term_of
from guanai.activities.models.events import Attendance, EventStatus
from guanai.activities.models.letters import Letter
from guanai.care.models import CareKind, CareRecordPerson
from guanai.registry.models import Category, Person, PersonCategory
from guanai.reports.figures import Month, _active_persons_q, _end_of


def special_on(month: Month) -> Exists:
    """Return "has a category in force on the counting day" for the outer person."""
    return Exists(
        PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=month.as_of),
            person=OuterRef("pk"),
            started_on__lte=month.as_of,
        )
    )


def joined_in_term(month: Month) -> Exists:
    """Return "present at an event of the term so far" for the outer person."""
    start = timezone.make_aware(datetime.combine(term_of(month.as_of).starts_on, time.min))
    return Exists(
        Attendance.objects.filter(
            person=OuterRef("pk"),
            present=True,
            event__starts_at__gte=start,
            event__starts_at__lt=_end_of(month.as_of),
        ).exclude(event__status=EventStatus.CANCELLED)
    )


def left_behind_on(month: Month) -> Exists:
    """Return "a left-behind child on the counting day" for the outer person."""
    return Exists(
        PersonCategory.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=month.as_of),
            person=OuterRef("pk"),
            category=Category.LEFT_BEHIND,
            started_on__lte=month.as_of,
        )
    )


def in_touch_in_month(month: Month) -> tuple[Exists, Exists]:
    """Return "a call or letter in the care log in the month so far" and "a letter of a
    round written in the month so far" for the outer person."""
    called_or_wrote = CareRecordPerson.objects.filter(
        person=OuterRef("pk"),
        kind__in=(CareKind.FAMILY_CALL, CareKind.LETTER),
        occurred_on__gte=month.first,
        occurred_on__lte=month.as_of,
    )
    letter = Letter.objects.filter(
        person=OuterRef("pk"),
        written=True,
        written_on__gte=month.first,
        written_on__lte=month.as_of,
    )
    return Exists(called_or_wrote), Exists(letter)


def birthday_counts(
    month: Month, *, adult_born: date, units: Collection[int] | None = None
) -> list[tuple[int, str, int]]:
    """Return (unit id, indicator, count) of the month's birthdays due and celebrated, of
    the persons born after ``adult_born`` (the children), of ``units`` only if given."""
    cared = CareRecordPerson.objects.filter(
        person=OuterRef("pk"),
        kind=CareKind.BIRTHDAY,
        occurred_on__gte=month.first,
        occurred_on__lte=month.as_of,
    )
    children = Person.objects.filter(
        _active_persons_q(month.as_of), birth_date__gt=adult_born
    ).annotate(cared=Exists(cared))
    if units is not None:
        children = children.filter(org_unit_id__in=units)
    due: Counter[int] = Counter()
    celebrated: Counter[int] = Counter()
    for birthday in birthdays_between(children, month.first, month.as_of):
        unit = birthday.person.org_unit_id
        due[unit] += 1
        if birthday.celebration is not None or getattr(birthday.person, "cared", False):
            celebrated[unit] += 1
    return [(unit, "birthdays_due", n) for unit, n in due.items()] + [
        (unit, "birthdays_celebrated", n) for unit, n in celebrated.items()
    ]

"""The facts only KPIs read: schooling, contacts, activities, birthdays, centralised
support, the beds and residents of elder and welfare homes, survey counts.

Each part is one grouped query per source, read by ``facts.facts_refresh`` with the
parts of ``figures``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Count, Exists, OuterRef, Q, Sum

from guanai.care.models import AssistancePlan, CareKind, CareRecordPerson, PlanStatus
from guanai.institutions.models import HOMES, Institution, Resident
from guanai.institutions.register import present_q
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside
from guanai.registry.models import Category, Person, PersonCategory, SchoolingStatus
from guanai.reports.figures import VISIT_KINDS, Month, Part, _active_persons_q, _end_of
from guanai.reports.kpis.activities import (
    birthday_counts,
    in_touch_in_month,
    joined_in_term,
    left_behind_on,
    special_on,
)
from guanai.reports.models import SurveyCount
from guanai.surveys.rounds.counts import registered_counts, round_units
from guanai.surveys.rounds.counts import survey_counts as round_counts

# Compulsory education (义务教育): ages 6 to 15.
SCHOOL_AGE = (6, 15)
ADULT_AGE = 18


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _schooling(month: Month) -> Part:
    young, old = SCHOOL_AGE
    # Aged 6 to 15 on the counting day: born after (day − 16 years), on or before (day − 6).
    school_age = Q(
        birth_date__gt=_years_before(month.as_of, old + 1),
        birth_date__lte=_years_before(month.as_of, young),
    )
    return Part(
        Person.objects.filter(_active_persons_q(month.as_of), school_age),
        "org_unit",
        {
            "school_age": Count("pk"),
            "school_age_enrolled": Count(
                "pk", filter=Q(schooling_status=SchoolingStatus.IN_SCHOOL)
            ),
            "school_age_retained": Count(
                "pk", filter=~Q(schooling_status=SchoolingStatus.DROPPED_OUT)
            ),
        },
    )


def _contacts(month: Month) -> Part:
    called, wrote = in_touch_in_month(month)
    talked = CareRecordPerson.objects.filter(
        person=OuterRef("pk"),
        kind=CareKind.TALK,
        occurred_on__gte=month.first,
        occurred_on__lte=month.as_of,
    )
    visited = CareRecordPerson.objects.filter(
        person=OuterRef("pk"),
        kind__in=VISIT_KINDS,
        occurred_on__gte=month.first.replace(month=1),
        occurred_on__lte=month.as_of,
    )
    disabled = PersonCategory.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=month.as_of),
        person=OuterRef("pk"),
        category=Category.DISABLED,
        started_on__lte=month.as_of,
    )
    running = AssistancePlan.objects.filter(
        person=OuterRef("pk"),
        status=PlanStatus.ACTIVE,
        starts_on__lte=month.as_of,
        ends_on__gte=month.as_of,
    )
    return Part(
        Person.objects.filter(_active_persons_q(month.as_of)).annotate(
            talked=Exists(talked),
            visited=Exists(visited),
            disabled=Exists(disabled),
            planned=Exists(running),
            special=special_on(month),
            joined=joined_in_term(month),
            left_behind=left_behind_on(month),
            called=called,
            wrote=wrote,
        ),
        "org_unit",
        {
            "pupils": Count("pk", filter=Q(school__isnull=False)),
            "pupils_talked": Count("pk", filter=Q(school__isnull=False, talked=True)),
            "disabled_visited": Count("pk", filter=Q(disabled=True, visited=True)),
            "persons_with_plan": Count("pk", filter=Q(planned=True)),
            # Activity participation (``kpis.activities``): the term so far.
            "persons_special": Count("pk", filter=Q(special=True)),
            "special_joined_activity": Count("pk", filter=Q(special=True, joined=True)),
            # Family contact (``kpis.activities``): the month so far.
            "left_behind_children": Count("pk", filter=Q(left_behind=True)),
            "left_behind_in_touch": Count(
                "pk", filter=Q(left_behind=True) & (Q(called=True) | Q(wrote=True))
            ),
        },
    )


def _tekun(month: Month) -> Part:
    return Part(
        PersonCategory.objects.filter(
            _active_persons_q(month.as_of, "person__"),
            Q(ended_on__isnull=True) | Q(ended_on__gte=month.as_of),
            category=Category.TEKUN,
            started_on__lte=month.as_of,
            details__support="centralised",
        ),
        "person__org_unit",
        {"tekun_centralised": Count("person", distinct=True)},
    )


def _home_beds(month: Month) -> Part:
    """The beds of the elder and welfare homes (plan 八), at their own unit."""
    return Part(
        Institution.objects.filter(
            category__in=HOMES,
            created_at__lt=_end_of(month.as_of),
            org_unit__is_active=True,
        ),
        "org_unit",
        {"home_beds": Sum("capacity")},
    )


def _home_residents(month: Month) -> Part:
    """The residents admitted and present in an elder or welfare home on the counting day
    (``institutions.register.present_q``), at the home's unit."""
    return Part(
        Resident.objects.filter(
            present_q(month.as_of),
            institution__category__in=HOMES,
            institution__org_unit__is_active=True,
        ),
        "institution__org_unit",
        {"home_residents": Count("pk")},
    )


KPI_PARTS = (_schooling, _contacts, _tekun, _home_beds, _home_residents)


def birthdays(month: Month, units: Collection[int] | None = None) -> list[tuple[int, str, int]]:
    """Return (unit id, indicator, count) of the children's birthdays due and celebrated in
    the month so far, lunar ones on their converted day (``kpis.activities``), of the
    persons of ``units`` only if given."""
    return birthday_counts(month, adult_born=_years_before(month.as_of, ADULT_AGE), units=units)


def survey_counts(month: Month) -> list[tuple[int, int, int | None]]:
    """Return (unit id, count, on file) of the survey counts of the month's year.

    Each unit's own count from the survey rounds (``surveys.rounds.counts``), with the
    persons found who are on file; and the count a unit typed in, with None for on file
    (every person on file in its subtree counts), only where the rounds do not replace it —
    no round counted anyone in the unit itself and no round ran over it or a unit above it.
    Six queries."""
    year = month.first.year
    from_rounds = round_counts(year)
    on_file = registered_counts(year)
    covering = round_units(year)
    typed = [
        (unit, count)
        for unit, count in SurveyCount.objects.filter(year=year).values_list("org_unit_id", "count")
        if unit not in from_rounds
    ]
    units = OrgUnit.objects.in_bulk([unit for unit, _count in typed])
    kept: list[tuple[int, int, int | None]] = [
        (unit, count, None)
        for unit, count in typed
        if not any(is_inside(units[unit], over) for over in covering)
    ]
    counted = [(unit, count, on_file.get(unit, 0)) for unit, count in from_rounds.items()]
    return [*counted, *kept]

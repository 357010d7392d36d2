"""The activities demo (issue 15, point 8): plans, events, coverage and birthdays.

Each school and the kindergarten gets this school year's plan from its template, made and
(but for one, left a draft) published through the plan services as the system. Each holds
three events earlier in the term, with its pupils enrolled and their attendance marked —
but for a few special-group pupils per unit who joined nothing, so the coverage page has
its list to act on — and three units an upcoming event with fewer places than pupils
enrolled, so the waiting list shows. About a tenth of the children keep their lunar
birthday (some a leap-month one), and most birthdays of the last three months and of this
month up to yesterday are recorded as celebrated.

Fast and deterministic: plans, events and the upcoming enrolments go through the services
(a few hundred rows); the past events' enrolments and attendance, the lunar birthdays and
the celebrations — some two thousand rows nobody entered — are written with ``bulk_create``,
as the roster is, so django-auditlog records nothing for them. Dates count from the day the
demo is loaded. It runs once: when any activity plan is on file it changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from guanai.activities.birthdays import birthdays_between
from guanai.activities.birthdays.lunar import LunarDate, lunar_date_of, solar_date
from guanai.activities.events import EventData, enrol_persons, event_create, term_of
from guanai.activities.models.birthdays import Celebration, CelebrationHow, LunarBirthday
from guanai.activities.models.events import (
    Attendance,
    Enrolment,
    EnrolmentState,
    Event,
    EventKind,
    EventStatus,
)
from guanai.activities.models.plans import ActivityPlan
from guanai.activities.plans import plan_create_from_template, plan_publish, school_year_of
from guanai.core.actors import SYSTEM
from guanai.core.months import add_months
from guanai.ops.demo.activity_letters import demo_letters
from guanai.ops.demo.activity_photos import demo_event_photos
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

SEED = 20260915
# The units that keep plans and hold events, with their template.
PLAN_UNITS = {
    "luqiao_school": "school_caring",
    "second_school": "school_caring",
    "lengqi_school": "left_behind",
    "xinglong_school": "school_caring",
    "kindergarten": "kindergarten_home",
}
DRAFT_UNIT = "xinglong_school"  # its plan is left a draft: the list shows both statuses
SCHOOL_EVENTS = (
    ("安全教育讲座", EventKind.LECTURE, "学校报告厅"),
    ("关爱留守儿童文艺汇演", EventKind.FESTIVAL, "学校操场"),
    ("硬笔书法比赛", EventKind.COMPETITION, "各班教室"),
)
KINDERGARTEN_EVENTS = (
    ("家长学校（第一期）", EventKind.PARENT_SCHOOL, "幼儿园多功能厅"),
    ("家园开放半日活动", EventKind.OPEN_DAY, "各班活动室"),
    ("秋收参观", EventKind.VISIT, "沈村农户果园"),
)
# Special-group pupils per unit enrolled in nothing: the coverage page's list.
LEFT_OUT = 3
# Upcoming events: unit, title, kind, days ahead, places; pupils enrolled = places + WAITING.
UPCOMING = (
    ("lengqi_school", "亲情视频通话日", EventKind.LETTER_HOME, 9, 20),
    ("luqiao_school", "法治教育讲座", EventKind.LECTURE, 12, 25),
    ("kindergarten", "亲子运动会", EventKind.FESTIVAL, 15, 15),
)
WAITING = 6
LUNAR_SHARE = 10  # one child in ten keeps the lunar birthday
LEAP_WANTED, LEAP_MAX = 3, 8
# The leap months of the children's birth years (solar first and last day): 闰九月 2014,
# 闰六月 2017, 闰四月 2020, 闰二月 2023, 闰六月 2025.
LEAP_MONTHS = (
    (date(2014, 10, 24), date(2014, 11, 21)),
    (date(2017, 7, 23), date(2017, 8, 21)),
    (date(2020, 5, 23), date(2020, 6, 20)),
    (date(2023, 3, 22), date(2023, 4, 19)),
    (date(2025, 7, 25), date(2025, 8, 22)),
)
CELEBRATED_MONTHS = 3
UNCELEBRATED_ONE_IN = 6  # one birthday in six is left uncelebrated: the KPI shows < 100%
CHILD_AGE = 18


@transaction.atomic
def demo_activities(units: dict[str, OrgUnit]) -> int:
    """Add the activities demo unless a plan exists; return how many events it made."""
    if ActivityPlan.objects.exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    _plans(units, today)
    made = _past_events(rng, units, today) + _upcoming_events(units, today)
    demo_event_photos()
    _lunar_birthdays(rng, today)
    _celebrations(rng, today)
    demo_letters(units, today)
    return made


def _plans(units: dict[str, OrgUnit], today: date) -> None:
    year = school_year_of(today)
    for key, template in PLAN_UNITS.items():
        plan = plan_create_from_template(
            acting_user=SYSTEM, org_unit=units[key], template_code=template, school_year=year
        )
        if key != DRAFT_UNIT:
            plan_publish(acting_user=SYSTEM, plan=plan, version=plan.version)


def past_days(today: date) -> list[date]:
    """Return the days of the three past events: spread over the term so far, or over the
    last weeks of the term before when this one has only just begun."""
    start = term_of(today).starts_on
    span = (today - start).days
    if span < 6:
        return [today - timedelta(days=d) for d in (40, 25, 10)]
    return [start + timedelta(days=span * n // 4) for n in (1, 2, 3)]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _event(
    unit: OrgUnit, title: str, kind: str, place: str, day: date, places: int | None
) -> Event:
    return event_create(
        acting_user=SYSTEM,
        org_unit=unit,
        data=EventData(
            title=title,
            kind=kind,
            starts_at=_at(day, 14),
            ends_at=_at(day, 16),
            place=place,
            capacity=places,
            status=EventStatus.PUBLISHED,
        ),
    )


def children_of(unit: OrgUnit) -> QuerySet[Person]:
    """Return the unit's pupils on file (the school's or kindergarten's own roster)."""
    return Person.objects.filter(org_unit=unit, archived_at__isnull=True).order_by("pk")


def _past_events(rng: random.Random, units: dict[str, OrgUnit], today: date) -> int:
    """Hold three events per unit earlier in the term: everyone enrolled but ``LEFT_OUT``,
    the third (a competition or a visit) for grades 3 and up only; one pupil in ten is
    absent from each event, never from both of the first two."""
    enrolments: list[Enrolment] = []
    attendances: list[Attendance] = []
    made = 0
    for key in PLAN_UNITS:
        unit = units[key]
        pupils = list(children_of(unit))
        left_out = set(rng.sample([p.pk for p in pupils], min(LEFT_OUT, len(pupils))))
        joining = [p for p in pupils if p.pk not in left_out]
        titles = KINDERGARTEN_EVENTS if key == "kindergarten" else SCHOOL_EVENTS
        for n, ((title, kind, place), day) in enumerate(zip(titles, past_days(today), strict=True)):
            event = _event(unit, title, kind, place, day, None)
            made += 1
            older = n < 2 or key == "kindergarten"
            for position, pupil in enumerate(joining, start=1):
                if not older and pupil.grade in ("1年级", "2年级"):
                    continue
                enrolments.append(
                    Enrolment(
                        event=event,
                        person=pupil,
                        state=EnrolmentState.ENROLLED,
                        position=position,
                        priority_rank=1,
                    )
                )
                absent = (position + n) % 10 == 0
                attendances.append(Attendance(event=event, person=pupil, present=not absent))
    Enrolment.objects.bulk_create(enrolments, batch_size=500)
    Attendance.objects.bulk_create(attendances, batch_size=500)
    return made


def _upcoming_events(units: dict[str, OrgUnit], today: date) -> int:
    """Open an upcoming event in three units and enrol more pupils than it has places:
    the priority rule gives the places, the rest wait (through the enrolment service)."""
    for key, title, kind, ahead, places in UPCOMING:
        unit = units[key]
        event = _event(unit, title, kind, "", today + timedelta(days=ahead), places)
        enrol_persons(
            acting_user=SYSTEM, event=event, persons=children_of(unit)[: places + WAITING]
        )
    return len(UPCOMING)


def _children(today: date) -> QuerySet[Person]:
    born_after = today.replace(year=today.year - CHILD_AGE, day=1)
    return Person.objects.filter(archived_at__isnull=True, birth_date__gt=born_after)


def _lunar_birthdays(rng: random.Random, today: date) -> None:
    """Let one child in ten keep the lunar date of their birth, among them up to
    ``LEAP_MAX`` children born in a leap month (``LEAP_MONTHS``) and, when the roster has fewer than
    ``LEAP_WANTED`` of those, children born in the 6th lunar month (a number that can be
    leap: 2017 and 2025 had a leap 6th) who keep it as the leap 6th.

    ``lunar_python`` takes some milliseconds a date, so only the chosen children's birth
    dates are converted, not every child's.
    """
    children = _children(today).filter(birth_date__isnull=False).order_by("pk")
    leap_born = Q()
    for first, last in LEAP_MONTHS:
        leap_born |= Q(birth_date__range=(first, last))
    leap_children = children.filter(leap_born)[:LEAP_MAX]
    chosen = {c.pk: lunar_date_of(c.birth_date) for c in leap_children if c.birth_date}
    forced: set[int] = set()
    # Mid-July to mid-August is most often the 6th lunar month: converted a few at a time.
    summer = children.filter(birth_date__month__in=(7, 8))
    for child in summer.exclude(pk__in=list(chosen)):
        if len(chosen) >= LEAP_WANTED or child.birth_date is None:
            break
        kept = lunar_date_of(child.birth_date)
        if kept.month == 6 and not kept.leap:
            chosen[child.pk] = kept
            forced.add(child.pk)
    pks = list(children.values_list("pk", flat=True))
    rest = [pk for pk in pks if pk not in chosen]
    wanted = max(0, len(pks) // LUNAR_SHARE - len(chosen))
    picked = sorted(rng.sample(rest, min(wanted, len(rest))))
    for pk, born in children.filter(pk__in=picked).values_list("pk", "birth_date"):
        if born is not None:  # the query asked for a birth date
            chosen[pk] = lunar_date_of(born)
    LunarBirthday.objects.bulk_create(
        [
            LunarBirthday(
                person_id=pk, month=kept.month, day=kept.day, is_leap=kept.leap or pk in forced
            )
            for pk, kept in sorted(chosen.items())
        ],
        batch_size=500,
    )
    _warm(list(chosen.values()), today)


def _warm(kept: list[LunarDate], today: date) -> None:
    """Convert the lunar birthdays of the last years one year after the other.

    ``lunar_python`` keeps only the last lunar year it computed, and a month's list asks
    each birthday's years in turn (Y-1, Y, Y-1, …), recomputing the year every time; asked
    year by year first, the engine's cache then answers the celebrations and the reports'
    facts below (some six times faster).
    """
    for year in range(today.year - 2, today.year + 1):
        for birthday in kept:
            solar_date(birthday, year)


def celebration_months(today: date) -> list[tuple[date, date]]:
    """Return the spans whose birthdays the demo celebrates: each of the last three months,
    and this month up to yesterday (none on its first day)."""
    first = today.replace(day=1)
    spans = [
        (add_months(first, -back), add_months(first, -back + 1) - timedelta(days=1))
        for back in range(CELEBRATED_MONTHS, 0, -1)
    ]
    if today > first:
        spans.append((first, today - timedelta(days=1)))
    return spans


def _celebrations(rng: random.Random, today: date) -> None:
    """Record most past birthdays of the children as celebrated, on the day, by card,
    wishes or a party; one in six is left uncelebrated."""
    hows: Sequence[str] = (CelebrationHow.CARD, CelebrationHow.WISHES, CelebrationHow.PARTY)
    rows: list[Celebration] = []
    for start, end in celebration_months(today):
        for n, birthday in enumerate(birthdays_between(_children(today), start, end)):
            if n % UNCELEBRATED_ONE_IN == UNCELEBRATED_ONE_IN - 1:
                continue
            rows.append(
                Celebration(
                    person=birthday.person,
                    year=birthday.year,
                    lunar=birthday.is_lunar,
                    how=rng.choice(hows),
                    on=birthday.on,
                )
            )
    Celebration.objects.bulk_create(rows, batch_size=500)

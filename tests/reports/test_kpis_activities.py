"""The KPIs of activities (issue 15): participation in the term so far and birthdays
celebrated in the month, lunar birthdays on their converted day — each against a
hand-counted 冷碛镇中心小学 in October 2026."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from guanai.accounts.models import User
from guanai.activities.birthdays import celebration_record, lunar_birthday_set, solar_date
from guanai.activities.birthdays.lunar import LunarDate
from guanai.activities.events import (
    EventData,
    attendance_mark,
    enrol_persons,
    event_create,
    event_update,
)
from guanai.activities.models.events import Event, EventKind, EventStatus
from guanai.care.models import CareKind
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgUnit
from guanai.registry import services
from guanai.registry.models import Category, Person
from guanai.reports import kpis
from guanai.reports.facts import facts_of, facts_refresh
from guanai.reports.figures import month_of
from tests.care.log_support import on, record
from tests.conftest import Region
from tests.reports.conftest import TODAY
from tests.reports.test_kpis import OCTOBER, person

LB = (Category.LEFT_BEHIND,)


def values(unit: OrgUnit) -> dict[str, kpis.KpiValue]:
    targets = kpis.targets_for([unit])[unit.pk]
    return {v.kpi.code: v for v in kpis.kpi_values(facts_of(unit, OCTOBER), targets)}


def held(
    worker: User, unit: OrgUnit, day: date, present: list[Person], absent: list[Person]
) -> Event:
    """Hold an event on ``day`` and mark who came (as the teacher does on the phone)."""
    at = timezone.make_aware(datetime.combine(day, time(14)))
    event = event_create(
        acting_user=worker,
        org_unit=unit,
        data=EventData(
            title=f"活动{day.isoformat()}",
            kind=EventKind.LECTURE,
            starts_at=at,
            ends_at=at,
            status=EventStatus.PUBLISHED,
        ),
    )
    enrol_persons(acting_user=worker, event=event, persons=present + absent)
    with on(TODAY):
        for p in present + absent:
            attendance_mark(acting_user=worker, event=event, person=p, present=p in present)
    return event


def test_activity_participation_counts_the_term_so_far(
    region: Region, township_worker: User
) -> None:
    school = region.lengqi_school
    a = person(school, "甲", date(2015, 5, 1), LB, school, "in_school")
    b = person(school, "乙", date(2015, 5, 2), LB, school, "in_school")
    c = person(school, "丙", date(2015, 5, 3), LB, school, "in_school")
    d = person(school, "丁", date(2015, 5, 4), LB, school, "in_school")
    e = person(school, "戊", date(2015, 5, 5), LB, school, "in_school")
    f = person(school, "己", date(2015, 5, 6), LB, school, "in_school")
    g = person(school, "庚", date(2015, 5, 7), (), school, "in_school")  # no special group
    h = person(school, "辛", date(2015, 5, 8), LB, school, "in_school")
    with on(TODAY):
        services.category_end(
            acting_user=SYSTEM, entry=h.categories.get(), on=date(2026, 9, 30)
        )  # a parent came home: not special on 31 October
    held(township_worker, school, date(2026, 9, 15), [a, h], [])  # the term's first month
    held(township_worker, school, date(2026, 10, 20), [b, g], [c])  # 丙 absent
    held(township_worker, school, date(2026, 6, 10), [d], [])  # the spring term before
    cancelled = held(township_worker, school, date(2026, 10, 5), [e], [])
    with on(TODAY):
        data = EventData(
            title=cancelled.title,
            kind=cancelled.kind,
            starts_at=cancelled.starts_at,
            ends_at=cancelled.ends_at,
            status=EventStatus.CANCELLED,
        )
        event_update(
            acting_user=township_worker, event=cancelled, data=data, version=cancelled.version
        )
    held(township_worker, school, date(2026, 11, 5), [f], [])  # after October's counting day
    facts_refresh(month_of("2026-10", today=TODAY))
    for unit in (school, region.lengqi):  # the school's figure, and the township's (its sum)
        value = values(unit)["activity_participation"]
        # Special on 31 October: 甲 乙 丙 丁 戊 己 (not 庚, no group; not 辛, ended).
        # Present at an event of the autumn term up to 31 October: 甲 (September) and 乙.
        assert (value.numerator, value.denominator) == (2, 6)
        assert value.value == Decimal("33.3")
        assert value.met is False
    # November: 己 came on 5 November; the term so far still counts 甲 and 乙.
    facts_refresh(month_of("2026-11", today=TODAY))
    november = {
        v.kpi.code: v
        for v in kpis.kpi_values(
            facts_of(school, date(2026, 11, 1)), kpis.targets_for([school])[school.pk]
        )
    }
    assert november["activity_participation"].numerator == 3


def test_birthdays_celebrated_counts_lunar_birthdays_on_their_day(
    region: Region, township_worker: User
) -> None:
    school = region.lengqi_school
    p1 = person(school, "一", date(2015, 10, 10), LB, school, "in_school")
    person(school, "二", date(2014, 10, 20), LB, school, "in_school")  # not celebrated
    p3 = person(school, "三", date(2016, 10, 5), LB, school, "in_school")
    # Born 25 October 2015, lunar 九月十三: kept lunar, it falls on 22 October 2026 — once,
    # not also on the solar 25th.
    p4 = person(school, "四", date(2015, 10, 25), LB, school, "in_school")
    # Born 1 November 2014, lunar 闰九月初九: 2026 has no leap ninth month, so it falls in
    # the ordinary ninth month, on 18 October — due in October, though born in November.
    p5 = person(school, "五", date(2014, 11, 1), LB, school, "in_school")
    # Born 3 October 2015 but keeping 八月二十: 30 September 2026, not due in October.
    p6 = person(school, "六", date(2015, 10, 3), LB, school, "in_school")
    person(region.ganlusi, "七", date(1960, 10, 3), (Category.DISABLED,))  # an adult
    with on(date(2026, 9, 2)):
        lunar_birthday_set(acting_user=township_worker, person=p4, month=9, day=13)
        lunar_birthday_set(acting_user=township_worker, person=p5, month=9, day=9, leap=True)
        lunar_birthday_set(acting_user=township_worker, person=p6, month=8, day=20)
    assert solar_date(LunarDate(9, 13), 2026) == date(2026, 10, 22)
    assert solar_date(LunarDate(9, 9, leap=True), 2026) == date(2026, 10, 18)
    assert solar_date(LunarDate(8, 20), 2026) == date(2026, 9, 30)
    with on(date(2026, 10, 25)):
        celebration_record(acting_user=township_worker, person=p1, year=2026, how="card")
        celebration_record(acting_user=township_worker, person=p4, year=2026, how="party")
        celebration_record(acting_user=township_worker, person=p6, year=2026, how="wishes")
    record(township_worker, [p3], CareKind.BIRTHDAY, date(2026, 10, 6))  # the care log's way
    facts_refresh(month_of("2026-10", today=TODAY))
    value = values(region.lengqi)["birthday_rate"]
    # Due in October: 一 二 三 (solar), 四 and 五 (lunar); celebrated: 一, 三 (a care
    # record), 四 (lunar). 六's celebrated birthday was in September; 七 is an adult.
    assert (value.numerator, value.denominator) == (3, 5)
    assert value.value == Decimal("60.0")
    september = facts_refresh(month_of("2026-09", today=TODAY))
    assert september
    sept = {
        v.kpi.code: v
        for v in kpis.kpi_values(
            facts_of(region.lengqi, date(2026, 9, 1)),
            kpis.targets_for([region.lengqi])[region.lengqi.pk],
        )
    }
    assert (sept["birthday_rate"].numerator, sept["birthday_rate"].denominator) == (1, 1)


def test_a_birthday_later_in_the_current_month_is_not_due_yet(
    region: Region, township_worker: User
) -> None:
    school = region.lengqi_school
    person(school, "早", date(2015, 11, 3), LB, school, "in_school")
    person(school, "晚", date(2015, 11, 25), LB, school, "in_school")  # after 20 November
    facts_refresh(month_of("2026-11", today=TODAY))
    facts = facts_of(region.lengqi, date(2026, 11, 1))
    assert facts.get("birthdays_due") == 1
    assert not facts.get("birthdays_celebrated")


def test_the_catalogue_names_both(region: Region) -> None:
    codes = [k.code for k in kpis.KPIS]
    assert {"activity_participation", "birthday_rate"} <= set(codes)
    assert kpis.BY_CODE["activity_participation"].target == 100

"""A class teacher's work list with one pupil in each state, for the filter tests.

On 2026-11-25 (a Wednesday), with a monthly talk and a visit every 90 days:
- 赵小军 has no record: the talk's previous month was missed, the visit never made;
- 王小明 talked in October and was visited 85 days ago: both due by 2026-11-30;
- 李小花 (class 3班) talked and was visited this month: both done;
- 周小东, an orphan, also has a weekly family call, due by Sunday 2026-11-29.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import formats, translation

from guanai.accounts.models import User
from guanai.care.models import CareKind, Period
from guanai.registry.models import Category, Person
from tests.care.log_support import pair, pupil, record, rule
from tests.conftest import Region

TODAY = date(2026, 11, 25)
MONTH_END = date(2026, 11, 30)


@dataclass
class ClassList:
    overdue: Person  # 赵小军
    due: Person  # 王小明
    done: Person  # 李小花, in 3班
    call_due: Person  # 周小东


def class_list(region: Region, teacher: User) -> ClassList:
    rule(region.county, "monthly-talk", name="每月谈心", period=Period.MONTH, kinds="talk")
    rule(
        region.county,
        "visit-90",
        name="每90天家访",
        period=Period.DAYS,
        days=90,
        kinds="home_visit",
    )
    rule(
        region.county,
        "weekly-call",
        name="孤儿每周亲情电话",
        period=Period.WEEK,
        kinds="family_call",
        category=Category.ORPHAN,
    )
    overdue = pupil(region.lengqi_school, "赵小军")
    due = pupil(region.lengqi_school, "王小明")
    done = pupil(region.lengqi_school, "李小花")
    done.class_name = "3班"
    done.save(update_fields=["class_name"])
    call_due = pupil(region.lengqi_school, "周小东", categories=(Category.ORPHAN,))
    for person in (overdue, due, done, call_due):
        pair(person, teacher)
    record(teacher, [due], CareKind.TALK, date(2026, 10, 10))
    record(teacher, [due], CareKind.HOME_VISIT, date(2026, 9, 1))
    record(teacher, [done, call_due], CareKind.TALK, date(2026, 11, 20))
    record(teacher, [done, call_due], CareKind.HOME_VISIT, date(2026, 11, 1))
    record(
        teacher, [call_due], CareKind.FAMILY_CALL, date(2026, 11, 18), parent="mother", minutes=9
    )
    return ClassList(overdue, due, done, call_due)


def zh_date(day: date) -> str:
    """Return ``day`` as the Chinese pages show it (the locale's DATE_FORMAT)."""
    with translation.override("zh-hans"):
        return formats.date_format(day)


def card(html: str, person: Person) -> str:
    """Return the text of ``person``'s card on the work list ('' when it is not shown)."""
    start = html.find(f'data-person="{person.pk}"')
    if start < 0:
        return ""
    end = html.find('data-testid="person-row"', start + 1)
    part = html[start : end if end > 0 else html.find("</ul>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", part.split(">", 1)[1]).split())


def shown(html: str) -> list[str]:
    """Return the person ids of the cards on the page, in order."""
    return re.findall(r'data-testid="person-row" data-person="(\d+)"', html)

"""The cross-check demo (issue 20, point 8): 冷碛镇's worker compares three lists this month.

* 县公安局's deaths list names two persons still on 冷碛镇's draft roll of this month (both
  findings: the file still active, the roll line — the roll is held until they are worked)
  and three people the registry does not know;
* 县残联's certificate list has a disabled person of the township at another grade than
  the registry holds, and a certified person of 泸定县 (the county's region code) who is
  not registered;
* 县教育局's school roll reports a left-behind child of the township as dropped out.

Every number is a demo person's own ID number or one ``core.idnumber.make_id`` builds for
nobody in the registry: no real person. The lists go through ``crosscheck.lists.list_upload``
as the worker's upload would, once: when any list is on file the demo changes nothing.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from guanai.accounts.models import User
from guanai.benefits.models import PaymentRoll, RollLine
from guanai.benefits.rolls import roll_generate
from guanai.core.crypto import lookup_hash
from guanai.core.idnumber import make_id
from guanai.crosscheck.lists import ListData, list_upload
from guanai.crosscheck.models import CheckList
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.importing.vocabulary import DISABILITY_TYPES, GRADES
from guanai.registry.models import Category, Person, PersonCategory, SchoolingStatus

WORKER = "township_worker"
TOWNSHIP = "lengqi"
COUNTY_REGION = "513322"  # 泸定县
POLICE = "泸定县公安局"
FEDERATION = "泸定县残疾人联合会"
EDUCATION = "泸定县教育局学籍管理"
# People the registry does not know: (name, birth date), numbered by make_id.
STRANGERS = [
    ("罗建国", date(1948, 3, 2)),
    ("何桂兰", date(1939, 11, 20)),
    ("马德明", date(1956, 7, 9)),
]
UNREGISTERED = ("杨秀珍", date(1971, 4, 18))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _free_id(birth: date) -> str:
    """Return an ID number of the county that no person of the registry holds."""
    for sequence in range(900, 1000):
        number = make_id(COUNTY_REGION, birth, sequence)
        if not Person.objects.filter(id_hash=lookup_hash(number)).exists():
            return number
    raise LookupError(birth)  # pragma: no cover - a hundred numbers of one day all taken


def _draft_roll(worker: User, township: OrgUnit, month: date) -> PaymentRoll:
    """Return the township's roll of this month, generated as a draft when there is none."""
    roll = PaymentRoll.objects.filter(org_unit=township, month=month).first()
    if roll is None:
        roll = roll_generate(acting_user=worker, org_unit=township, month=month)
    return roll


def _in_township(township: OrgUnit) -> QuerySet[Person]:
    return Person.objects.filter(
        subtree_q([township], field="org_unit__path"),
        archived_at__isnull=True,
        id_hash__isnull=False,
    ).order_by("pk")


def _upload(
    worker: User, township: OrgUnit, kind: str, source: str, today: date, rows: list[list[str]]
) -> CheckList:
    return list_upload(
        acting_user=worker,
        org_unit=township,
        data=ListData(kind=kind, source=source, purpose="每月数据比对", as_of=today),
        content=_csv(rows),
        filename=f"{source}{today:%Y%m}.csv",
    )


def _deaths(worker: User, township: OrgUnit, roll: PaymentRoll, today: date) -> CheckList:
    """Two persons of this month's roll reported dead on its first day; three strangers."""
    on_roll = _in_township(township).filter(
        pk__in=RollLine.objects.filter(roll=roll).values("person_id")
    )
    died = today.replace(day=1).isoformat()
    rows = [["姓名", "公民身份号码", "死亡日期"]]
    rows += [[p.name, p.id_number, died] for p in on_roll[:2]]
    rows += [[name, _free_id(born), died] for name, born in STRANGERS]
    return _upload(worker, township, "deaths", POLICE, today, rows)


def _disability(worker: User, township: OrgUnit, today: date) -> CheckList:
    """A disabled person at another grade than ours; a certified person not registered."""
    span = (
        PersonCategory.objects.filter(
            person__in=_in_township(township),
            category=Category.DISABLED,
            ended_on__isnull=True,
            details__has_key="grade",
        )
        .select_related("person")
        .order_by("person_id")
        .first()
    )
    rows = [["姓名", "身份证号", "残疾类别", "残疾等级"]]
    if span is not None:
        kind, grade = int(span.details.get("type") or 4), int(span.details["grade"])
        changed = GRADES[grade % 4]  # the next grade: one step milder, 四级 back to 一级
        rows.append([span.person.name, span.person.id_number, DISABILITY_TYPES[kind - 1], changed])
    name, born = UNREGISTERED
    rows.append([name, _free_id(born), "肢体", "三级"])
    return _upload(worker, township, "disability", FEDERATION, today, rows)


def _school(worker: User, township: OrgUnit, today: date) -> CheckList:
    """A left-behind child dropped out; two other children of the township in school."""
    children = list(
        _in_township(township)
        .filter(
            schooling_status=SchoolingStatus.IN_SCHOOL,
            categories__category=Category.LEFT_BEHIND,
            categories__ended_on__isnull=True,
        )
        .select_related("school")
        .distinct()[:3]
    )
    rows = [["姓名", "身份证号", "学校", "年级", "学籍状态"]]
    for n, child in enumerate(children):
        school = child.school.name if child.school is not None else "冷碛镇中心小学"
        status = "辍学" if n == 0 else "在校"
        rows.append([child.name, child.id_number, school, child.grade, status])
    return _upload(worker, township, "school", EDUCATION, today, rows)


@transaction.atomic
def demo_crosscheck(units: dict[str, OrgUnit], today: date) -> int:
    """Upload the demo's three lists once; return how many lists there are."""
    if CheckList.objects.exists():
        return 0
    worker = User.objects.get(username=WORKER)
    township = units[TOWNSHIP]
    roll = _draft_roll(worker, township, today.replace(day=1))
    _deaths(worker, township, roll, today)
    _disability(worker, township, today)
    _school(worker, township, today)
    return CheckList.objects.count()

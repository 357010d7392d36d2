"""A small world for cross-checks: persons of 冷碛镇 and 兴隆镇 that lists will name, and the
lists themselves written as an agency would (CSV in GBK or UTF-8, xlsx with XlsxWriter).

冷碛镇 (``World.lengqi``):

* 王小芳, a scattered-support orphan on this month's roll, reported dead by the deaths list;
* 刘残, physically disabled grade 2 (certificate …42), whom the federation lists at grade 1;
* 陈留, a left-behind child in school, whom the school roll reports dropped out;
* 赵低, in the dibao category, on the dibao list; 钱低, in the dibao category, not on it;
* 孙明, healthy, in no category.

兴隆镇 has 周奶奶, a scattered orphan too, for the checks of scope.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import xlsxwriter
from django.utils import timezone

from guanai.accounts.models import Role, User
from guanai.core.idnumber import make_id
from guanai.crosscheck.lists import ListData, list_upload
from guanai.crosscheck.models import CheckList
from guanai.registry.models import Category, Person
from tests import factories
from tests.conftest import Region

SINCE = date(2024, 3, 1)


@dataclass
class World:
    region: Region
    county_leader: User
    lengqi_leader: User
    lengqi_worker: User
    xinglong_worker: User
    orphan: Person
    disabled: Person
    child: Person
    dibao: Person
    dibao_gone: Person
    healthy: Person
    other: Person


def make_world(region: Region) -> World:
    lengqi, xinglong = region.lengqi, region.xinglong

    def person(unit, name, born, *spans, **values):  # type: ignore[no-untyped-def]
        return factories.person(unit, name, born=born, spans=spans, **values)

    return World(
        region=region,
        county_leader=factories.user(unit=region.county, role=Role.LEADER, username="cc_county"),
        lengqi_leader=factories.user(unit=lengqi, role=Role.LEADER, username="cc_lq_leader"),
        lengqi_worker=factories.user(unit=lengqi, role=Role.WORKER, username="cc_lq_worker"),
        xinglong_worker=factories.user(unit=xinglong, role=Role.WORKER, username="cc_xl_worker"),
        orphan=person(
            lengqi, "王小芳", date(2012, 5, 1), (Category.ORPHAN, SINCE, {"support": "scattered"})
        ),
        disabled=person(
            lengqi,
            "刘残",
            date(1970, 2, 3),
            (Category.DISABLED, SINCE, {"type": 4, "grade": 2, "certificate_suffix": "42"}),
        ),
        child=person(
            lengqi,
            "陈留",
            date(2014, 9, 9),
            (Category.LEFT_BEHIND, SINCE, {}),
            schooling_status="in_school",
        ),
        dibao=person(lengqi, "赵低", date(1960, 1, 1), (Category.DIBAO, SINCE, {})),
        dibao_gone=person(lengqi, "钱低", date(1961, 1, 1), (Category.DIBAO, SINCE, {})),
        healthy=person(lengqi, "孙明", date(1990, 1, 1)),
        other=person(
            xinglong, "周奶奶", date(2011, 1, 1), (Category.ORPHAN, SINCE, {"support": "scattered"})
        ),
    )


def outsider_id(born: date = date(1975, 4, 4), region: str = "513322", sequence: int = 7) -> str:
    """An ID number nobody in the registry holds (the area's region code by default)."""
    return make_id(region, born, sequence)


def csv_bytes(rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, str(value)) if isinstance(value, str) else sheet.write(
                r, c, value
            )
    book.close()
    return out.getvalue()


def upload(
    user: User,
    unit,  # type: ignore[no-untyped-def]
    kind: str,
    rows: list[list[str]],
    *,
    as_of: date | None = None,
    filename: str = "list.csv",
    content: bytes | None = None,
) -> CheckList:
    when = as_of or timezone.localdate()
    data = ListData(kind=kind, source="县公安局", purpose="月度比对", as_of=when)
    return list_upload(
        acting_user=user,
        org_unit=unit,
        data=data,
        content=content if content is not None else csv_bytes(rows),
        filename=filename,
    )

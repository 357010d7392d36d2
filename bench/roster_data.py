"""The roster-import benchmark's input (``roster.py``): the county and its schools, and a
generated 花名册 of distinct, valid rows written as a general-template xlsx."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

COUNTY_CODE = "513322"
SCHOOLS = 40
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高罗郑曾单解谢宋唐许韩冯邓"
GIVEN = "子涵浩然欣怡宇轩诗琪俊杰雨萱梓豪佳怡晨阳思远明华秀英建国丽娟志强海燕"
PLACES = ["成都", "浙江宁波", "广东东莞", "新疆乌鲁木齐", "福建泉州", "江苏苏州"]
RELATIONS = ["祖母", "祖父", "外祖母", "叔叔", "母亲"]
CATEGORIES = ["留守儿童", "留守儿童", "留守儿童、低保对象", "外来务工子女", "孤儿", "残疾儿童"]
DISABILITY_TYPES = ["视力", "听力", "言语", "肢体", "智力", "精神", "多重"]


def school_name(n: int) -> str:
    return f"第{n + 1}小学"


NOTES = ["2026年春季摸底", "随祖父母生活", "需定期走访", "已建档"]


def roster_rows(rows: int, seed: int = 2026, *, filled: bool = False) -> list[list[Any]]:
    """Return ``rows`` valid, distinct roster rows (children at the county's schools).

    ``filled``: every one of the 20 columns filled in every row (a phone, the parents'
    place of work, a disability certificate with its type and grade, a note), as issue 12
    point 19 measured; otherwise the optional columns are filled where they apply.
    """
    from guanai.core.idnumber import make_id  # plain function, no database

    rng = random.Random(seed)
    first = date(2010, 1, 1)
    out = []
    for i in range(rows):
        birth = first + timedelta(days=i % 5000)
        sequence = i // 5000
        number = make_id(COUNTY_CODE, birth, sequence)
        categories = CATEGORIES[i % len(CATEGORIES)]
        disabled = filled or "残疾" in categories
        kind, grade = (1 + i % 7, 1 + i % 4) if disabled else (0, 0)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if i % 3 else "")
        out.append(
            [
                i + 1,
                name,
                "男" if sequence % 2 else "女",
                number,
                birth.isoformat() if i % 2 else f"{birth.year}年{birth.month}月{birth.day}日",
                "藏族" if i % 7 == 0 else "汉族",
                f"13{rng.randrange(10**9):09d}" if filled or i % 4 == 0 else "",
                f"泸定县第{1 + i % 30}村{1 + i % 9}组",
                categories,
                school_name(i % SCHOOLS),
                f"{1 + i % 6}年级",
                f"{1 + i % 4}班",
                rng.choice(SURNAMES) + "奶奶",
                rng.choice(RELATIONS),
                f"139{rng.randrange(10**8):08d}",
                PLACES[i % len(PLACES)] if filled or "留守" in categories else "",
                f"{number}{kind}{grade}" if disabled else "",
                DISABILITY_TYPES[kind - 1] if disabled else "",
                f"{'一二三四'[grade - 1]}级" if disabled else "",
                NOTES[i % len(NOTES)] if filled else "",
            ]
        )
    return out


def write_roster(path: Path, rows: list[list[Any]]) -> None:
    """Write the rows as a general-template xlsx with text-formatted ID and phone columns."""
    import xlsxwriter

    from guanai.registry.roster_template import GENERAL as HEADERS

    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("花名册")
    text = book.add_format({"num_format": "@"})
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str) and c in (3, 6, 14, 16):
                sheet.write_string(r, c, value, text)
            else:
                sheet.write(r, c, value)
    book.close()


def setup_units() -> Any:
    """Create 四川省 → 甘孜州 → 泸定县 and its schools; return the county."""
    from guanai.orgs.models import OrgKind
    from guanai.orgs.services import org_unit_create

    province = org_unit_create(parent=None, kind=OrgKind.PROVINCE, name="四川省", code="510000")
    prefecture = org_unit_create(
        parent=province, kind=OrgKind.PREFECTURE, name="甘孜藏族自治州", code="513300"
    )
    county = org_unit_create(
        parent=prefecture, kind=OrgKind.COUNTY, name="泸定县", code=COUNTY_CODE
    )
    for n in range(SCHOOLS):
        org_unit_create(parent=county, kind=OrgKind.SCHOOL, name=school_name(n), code="")
    return county

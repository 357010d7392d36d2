"""The synthetic data generator: a big county-style org tree and an org-import sheet.

Plain data only (no Django), so the benchmark can load it with ``bulk_create`` into
SQLite or PostgreSQL. Codes are valid GB/T 2260 / statistical codes under 四川省 (51) →
甘孜州 (5133), so the tree also passes the import's code checks.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Must match guanai.orgs.models.PATH_STEP: a path level is the pk as 10 digits.
PATH_STEP = 10
PROVINCE_CODE = "510000"
PREFECTURE_CODE = "513300"
# The county the import sheet creates; the tree's counties are 513301 … 513318.
IMPORT_COUNTY_CODE = "513350"
IMPORT_HEADERS = ["代码", "名称", "类型", "上级代码"]


@dataclass(frozen=True)
class TreeShape:
    """How many units of each level: the defaults give 6,500 units in 18 counties."""

    counties: int = 18
    townships: int = 20
    villages: int = 15
    schools: int = 2

    @property
    def total(self) -> int:
        per_township = 1 + self.villages + self.schools
        return 2 + self.counties * (1 + self.townships * per_township)


@dataclass(frozen=True)
class Unit:
    """One org unit with its primary key and materialized path already worked out."""

    pk: int
    parent_pk: int | None
    kind: str
    name: str
    code: str
    path: str
    depth: int


def tree(shape: TreeShape) -> Iterator[Unit]:
    """Yield the units of a province → prefecture → counties → townships → villages tree.

    Keys are assigned here (1, 2, 3 …) so that paths can be computed without a second
    pass: the benchmark loads an empty table.
    """
    next_pk = 0

    def make(parent: Unit | None, kind: str, name: str, code: str = "") -> Unit:
        nonlocal next_pk
        next_pk += 1
        own = str(next_pk).zfill(PATH_STEP)
        return Unit(
            pk=next_pk,
            parent_pk=parent.pk if parent else None,
            kind=kind,
            name=name,
            code=code,
            path=(parent.path if parent else "") + own,
            depth=parent.depth + 1 if parent else 0,
        )

    province = make(None, "province", "四川省", PROVINCE_CODE)
    yield province
    prefecture = make(province, "prefecture", "甘孜藏族自治州", PREFECTURE_CODE)
    yield prefecture
    for c in range(1, shape.counties + 1):
        county_code = f"5133{c:02d}"
        county = make(prefecture, "county", f"测试{c:02d}县", county_code)
        yield county
        for t in range(1, shape.townships + 1):
            township_code = f"{county_code}{100 + t:03d}000"
            township = make(county, "township", f"第{t:02d}镇", township_code)
            yield township
            for v in range(1, shape.villages + 1):
                village_code = f"{township_code[:9]}{200 + v:03d}"
                yield make(township, "village", f"第{v:02d}村", village_code)
            for s in range(1, shape.schools + 1):
                yield make(township, "school", f"第{t:02d}镇第{s}小学")


def import_rows(count: int = 2000) -> list[list[str]]:
    """Return ``count`` rows for ``guanai import-orgs``: a new county, its townships,
    their villages (20 each) and a school per township until the count is reached.

    The county hangs under the tree's prefecture (513300), which must exist already.
    """
    rows = [[IMPORT_COUNTY_CODE, "导入测试县", "县", PREFECTURE_CODE]]
    township = 0
    while len(rows) < count:
        township += 1
        township_code = f"{IMPORT_COUNTY_CODE}{100 + township:03d}000"
        rows.append([township_code, f"导入第{township:03d}镇", "镇", IMPORT_COUNTY_CODE])
        for village in range(1, 21):
            if len(rows) == count:
                break
            code = f"{township_code[:9]}{200 + village:03d}"
            rows.append([code, f"第{village:02d}村", "村", township_code])
        if len(rows) < count:
            rows.append(["", f"导入第{township:03d}镇中心小学", "学校", township_code])
    return rows[:count]


def write_import_csv(path: Path, count: int = 2000) -> None:
    """Write the import sheet as UTF-8 CSV with a BOM (as Excel saves it)."""
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(IMPORT_HEADERS)
        writer.writerows(import_rows(count))

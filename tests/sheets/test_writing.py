"""Writing xlsx exports: text cells for long numbers, and no cell that runs as a formula."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import xlsxwriter
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from guanai.sheets.writing import FORMULA_STARTS, neutralise, sheet_name, workbook_bytes

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://example.com","点我")',
    "+86 138 1234 5678",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]
SAFE = ["冷碛镇", "513322101000", "a=b", " =1", "'=1", "", "１+1", "备注：-无-"]


def read_back(data: bytes) -> list[list[Any]]:
    return (
        CalamineWorkbook.from_filelike(io.BytesIO(data))
        .get_sheet_by_index(0)
        .to_python(skip_empty_area=False)
    )


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


def cell_xml(data: bytes, ref: str) -> str:
    found = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', sheet_xml(data))
    assert found, f"no cell {ref}"
    return found.group(0)


def test_layout_title_headers_rows_and_count() -> None:
    data, count = workbook_bytes(
        title="冷碛镇花名册",
        headers=["姓名", "身份证号", "人数", "金额", "出生日期", "在校"],
        rows=[
            ["张三", "513322201001011234", 3, Decimal("1234.50"), date(2015, 6, 1), True],
            ["李四", None, 0, 0.5, date(2016, 1, 2), False],
        ],
        footer="制表：泸定县民政局",
    )
    assert count == 2
    assert read_back(data) == [
        ["冷碛镇花名册", "", "", "", "", ""],
        ["姓名", "身份证号", "人数", "金额", "出生日期", "在校"],
        ["张三", "513322201001011234", 3.0, 1234.5, date(2015, 6, 1), True],
        ["李四", "", 0.0, 0.5, date(2016, 1, 2), False],
        ["", "", "", "", "", ""],
        ["制表：泸定县民政局", "", "", "", "", ""],
    ]


def test_empty_export_counts_zero_rows() -> None:
    data, count = workbook_bytes(title="空表", headers=["姓名"], rows=iter([]))
    assert count == 0
    assert read_back(data) == [["空表"], ["姓名"]]


def test_rows_may_be_a_generator_and_are_counted() -> None:
    data, count = workbook_bytes(title="t", headers=["n"], rows=([str(n)] for n in range(1, 51)))
    assert count == 50
    assert read_back(data)[-1] == ["50"]


def test_formula_like_text_is_neutralised() -> None:
    data, _count = workbook_bytes(title="t", headers=["备注"], rows=[[v] for v in DANGEROUS + SAFE])
    values = [row[0] for row in read_back(data)[2:]]
    assert values == ["'" + v for v in DANGEROUS] + SAFE
    # No cell of the file holds a formula, and every text is a shared-string cell.
    assert "<f>" not in sheet_xml(data) and "<f " not in sheet_xml(data)
    for row in range(3, 3 + len(DANGEROUS)):
        assert 't="s"' in cell_xml(data, f"A{row}")


@pytest.mark.parametrize(
    "digits",
    ["513322201001011234", "51332220100101123X", "13812345678", "6222021234567890123", "00123"],
)
def test_digit_strings_are_text_cells(digits: str) -> None:
    data, _count = workbook_bytes(title="t", headers=["号码"], rows=[[digits]])
    assert read_back(data)[2] == [digits]
    assert 't="s"' in cell_xml(data, "A3")


def test_integers_too_long_for_excel_are_written_as_text() -> None:
    # Excel keeps 15 significant digits; an ID passed as int would become 5.13322E+17.
    data, _count = workbook_bytes(
        title="t", headers=["号码", "人数"], rows=[[513322201001011234, 123456789012345]]
    )
    assert read_back(data)[2] == ["513322201001011234", 123456789012345.0]
    assert 't="s"' in cell_xml(data, "A3")
    assert 't="s"' not in cell_xml(data, "B3")


def test_headers_and_footer_are_neutralised_too() -> None:
    data, _count = workbook_bytes(title="t", headers=["=A1"], rows=[], footer="@footer")
    rows = read_back(data)
    assert rows[1] == ["'=A1"]
    assert rows[-1] == ["'@footer"]


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_aware_datetimes_are_written_in_local_time() -> None:
    stored = datetime(2026, 11, 28, 2, 30, tzinfo=UTC)  # as the database returns it
    # Excel cells have no time zone: a naive datetime is taken as local already.
    naive = datetime(2026, 1, 1, 9, 15)  # noqa: DTZ001 - on purpose, see above
    data, _count = workbook_bytes(title="t", headers=["时间"], rows=[[stored], [naive]])
    read = [row[0] for row in read_back(data)[2:]]
    assert read == [stored.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None), naive]
    assert read[0].hour == 10


@pytest.mark.parametrize(
    "title",
    ["2026/11 月报", "[草稿] 花名册?", "'引号'", "名" * 40, "", "冷碛镇：留守儿童*"],
)
def test_any_title_makes_a_workbook(title: str) -> None:
    data, _count = workbook_bytes(title=title, headers=["姓名"], rows=[["张三"]])
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    (name,) = workbook.sheet_names
    assert 1 <= len(name) <= 31
    assert not set(name) & set("[]:*?/\\")
    assert not name.startswith("'") and not name.endswith("'")
    rows = read_back(data)
    assert rows[0] == [title]  # the title row keeps the full text
    assert rows[2] == ["张三"]


@given(st.text())
def test_sheet_name_is_accepted_by_excel_rules(title: str) -> None:
    name = sheet_name(title)
    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    book.add_worksheet(name)  # raises for a name Excel would refuse
    book.close()
    assert name


def test_special_numbers_do_not_break_the_export() -> None:
    data, count = workbook_bytes(
        title="t", headers=["x"], rows=[[float("nan")], [Decimal("Infinity")], [1.5]]
    )
    assert count == 3
    assert read_back(data)[4] == [1.5]


@given(st.text())
def test_neutralised_text_never_starts_a_formula(text: str) -> None:
    result = neutralise(text)
    assert not result.startswith(FORMULA_STARTS)
    if text.startswith(FORMULA_STARTS):
        assert result == "'" + text  # nothing lost
    else:
        assert result == text


@given(st.sampled_from(FORMULA_STARTS), st.text())
def test_every_formula_start_is_neutralised(start: str, rest: str) -> None:
    assert neutralise(start + rest) == "'" + start + rest

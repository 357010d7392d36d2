"""Build the org-unit files a clerk would upload: xlsx written by XlsxWriter, csv in GBK."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import xlsxwriter

HEADERS = ["代码", "名称", "类型", "上级代码"]

# A county, its township, a village and a school, children before their parents; three
# bad rows; and two good rows under the fixture's 泸定县. Sheet rows start at 2.
ROWS: list[list[str]] = [
    ["", "炉城街道第一小学", "学校", "513301001000"],  # 2
    ["513301001001", "向阳社区", "社区", "513301001000"],  # 3
    ["513301001000", "炉城街道", "街道", "513301"],  # 4
    ["513301", "康定市", "县", "513300"],  # 5
    ["513322103000", "烹坝镇", "街区", "513322"],  # 6: unknown kind
    ["51332210400X", "岚安乡", "乡", "513322"],  # 7: bad code
    ["513399001000", "无名镇", "镇", "513399"],  # 8: parent in neither the database nor the file
    ["513322101202", "新村", "村", "513322101000"],  # 9
    ["513322105000", "杵坭乡", "乡", "513322000000"],  # 10: the county's 12-digit form
]
CREATED = 6
ERRORS = [
    (6, "Unknown kind “街区”."),
    (7, "A division code has 6 or 12 digits; “51332210400X” does not."),
    (8, "No unit with the parent code 513399 exists or is in this file."),
]


def xlsx_bytes(
    rows: Sequence[Sequence[str]],
    *,
    headers: Sequence[str] = HEADERS,
    numbers: bool = False,
    blank_rows_above: int = 0,
) -> bytes:
    """Return an xlsx; with ``numbers`` every all-digit cell is a number cell, as Excel makes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("单位")
    for col, header in enumerate(headers):
        sheet.write_string(blank_rows_above, col, header)
    for r, row in enumerate(rows, start=blank_rows_above + 1):
        for col, value in enumerate(row):
            if numbers and value.isdigit():
                sheet.write_number(r, col, int(value))
            elif value:
                sheet.write_string(r, col, value)
    book.close()
    return buffer.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[str]], *, headers: Sequence[str] = HEADERS, encoding: str = "gbk"
) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)

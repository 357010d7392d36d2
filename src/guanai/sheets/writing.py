"""Write xlsx workbooks (exports, templates, error workbooks) with XlsxWriter."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone

# Cells starting with these could run as formulas when a file is opened (CSV/formula
# injection); DESIGN §5 asks for them to be neutralised in every export.
# The content type of an .xlsx file, for every download.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    """A file to download: its bytes and the name it is saved under."""

    content: bytes
    filename: str


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel keeps 15 significant digits: a longer integer (an ID number passed as int) would
# be shown as 5.13322E+17 and lose its last digits, so it is written as text.
LARGEST_EXACT_NUMBER = 10**15 - 1

# Characters Excel refuses in a sheet name; a title such as "2026/11 月报" must still export.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(value: str) -> str:
    """Return text that a spreadsheet will never run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def sheet_name(title: str) -> str:
    """Return ``title`` as a sheet name that Excel accepts.

    Excel refuses the characters []:*?/\\, a quote at either end and more than 31 UTF-16
    code units; the title row of the sheet keeps the full text.
    """
    name = SHEET_NAME_FORBIDDEN.sub("_", title).strip().strip("'")
    while len(name.encode("utf-16-le")) > 31 * 2:
        name = name[:-1]
    return name.strip().strip("'") or "Sheet1"


def workbook_bytes(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    footer: str = "",
) -> tuple[bytes, int]:
    """Return an xlsx with a title row, a header row and ``rows``; and the row count.

    Every string is written as a text cell, so ID and phone numbers are never turned
    into numbers like 1.10101E+17. Aware datetimes are written in local time.
    """
    buffer = io.BytesIO()
    # NaN and infinity become Excel's error cells instead of failing the whole export.
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "remove_timezone": True, "nan_inf_to_errors": True}
    )
    sheet = book.add_worksheet(sheet_name(title))
    bold = book.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1})
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    text = book.add_format({"num_format": "@"})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    time_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_string(0, 0, neutralise(title), title_fmt)
    for col, header in enumerate(headers):
        sheet.write_string(1, col, neutralise(header), bold)
        sheet.set_column(col, col, max(10, len(header) * 2 + 2), text)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            r = count + 1
            if value is None:
                continue
            if isinstance(value, datetime):
                if timezone.is_aware(value):
                    value = timezone.localtime(value)
                sheet.write_datetime(r, col, value, time_fmt)
            elif isinstance(value, date):
                sheet.write_datetime(r, col, value, date_fmt)
            elif isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            elif isinstance(value, int) and abs(value) > LARGEST_EXACT_NUMBER:
                sheet.write_string(r, col, neutralise(str(value)), text)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(r, col, float(value))
            else:
                sheet.write_string(r, col, neutralise(str(value)), text)
    if footer:
        sheet.write_string(count + 3, 0, neutralise(footer))
    sheet.freeze_panes(2, 0)
    book.close()
    return buffer.getvalue(), count

"""Write xlsx workbooks (exports, templates, error workbooks) with XlsxWriter."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter

# Cells starting with these could run as formulas when a file is opened (CSV/formula
# injection); DESIGN §5 asks for them to be neutralised in every export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Return text that a spreadsheet will never run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def workbook_bytes(
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    footer: str = "",
) -> tuple[bytes, int]:
    """Return an xlsx with a title row, a header row and ``rows``; and the row count.

    Every string is written as a text cell, so ID and phone numbers are never turned
    into numbers like 1.10101E+17.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet(title[:31] or "Sheet1")
    bold = book.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1})
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    text = book.add_format({"num_format": "@"})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    time_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_string(0, 0, title, title_fmt)
    for col, header in enumerate(headers):
        sheet.write_string(1, col, header, bold)
        sheet.set_column(col, col, max(10, len(header) * 2 + 2), text)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            r = count + 1
            if value is None:
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(r, col, value, time_fmt)
            elif isinstance(value, date):
                sheet.write_datetime(r, col, datetime(value.year, value.month, value.day), date_fmt)
            elif isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(r, col, float(value))
            else:
                sheet.write_string(r, col, neutralise(str(value)), text)
    if footer:
        sheet.write_string(count + 3, 0, footer)
    sheet.freeze_panes(2, 0)
    book.close()
    return buffer.getvalue(), count

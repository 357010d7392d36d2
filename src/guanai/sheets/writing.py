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
from django.utils.translation import gettext as _
from xlsxwriter.worksheet import Worksheet

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


# A4 in Excel's paper codes; a sheet wider than this many columns prints landscape.
A4 = 9
PORTRAIT_COLUMNS = 8


def print_setup(sheet: Worksheet, *, columns: int, header_row: int | None = None) -> None:
    """Make ``sheet`` print as clerks file it: A4, landscape when wider than
    ``PORTRAIT_COLUMNS`` columns, all columns on one page's width, the header row repeated
    at the top of every page, and the page number and count at the foot of each page.

    Every workbook the app writes calls this for each of its sheets.
    """
    sheet.set_paper(A4)
    if columns > PORTRAIT_COLUMNS:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages long as it takes
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    if header_row is not None:
        sheet.repeat_rows(header_row)
    # Excel's codes: &C centres, &P is the page number, &N the number of pages.
    sheet.set_footer("&C" + _("Page &P of &N"))


def streaming_workbook(target: Any, *, tmpdir: str | None = None) -> xlsxwriter.Workbook:
    """Return a workbook that writes each row out as the next begins (issue 24).

    XlsxWriter's constant-memory mode: memory stays flat whatever the number of rows, but
    rows must be written top to bottom (a cell above the current row is lost) and strings
    are written in the cells (no shared-strings table). ``target`` is a path or an open
    binary file; ``tmpdir`` is where the rows wait until the file is zipped (the system's
    temporary folder by default; a private one for full numbers).
    """
    options: dict[str, Any] = {"constant_memory": True}
    if tmpdir is not None:
        options["tmpdir"] = tmpdir
    return xlsxwriter.Workbook(target, options)


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
    lead: Sequence[str] = (),
    after: Sequence[str] = (),
    widths: Sequence[int] = (),
) -> tuple[bytes, int]:
    """Return an xlsx with a title row, a header row and ``rows``; and the row count.

    ``lead`` are lines between the title and the header row (the unit, the month);
    ``after`` are paragraphs below the rows (a narrative, the signature lines), each in
    a cell as wide as the table, wrapped. ``widths`` sets column widths in characters
    (the default follows each header's length).

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
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_string(0, 0, neutralise(title), title_fmt)
    for n, line in enumerate(lead, start=1):
        sheet.write_string(n, 0, neutralise(line))
    head = len(lead) + 1  # the header row
    for col, header in enumerate(headers):
        sheet.write_string(head, col, neutralise(header), bold)
        width = widths[col] if col < len(widths) else max(10, len(header) * 2 + 2)
        sheet.set_column(col, col, width, text)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            r = head + count
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
    at = head + count + 2  # below one blank row
    last_col = max(len(headers) - 1, 0)
    table_width = sum(
        widths[col] if col < len(widths) else max(10, len(h) * 2 + 2)
        for col, h in enumerate(headers)
    )
    for paragraph in after:
        _paragraph(sheet, at, last_col, neutralise(paragraph), wrap, table_width)
        at += 1
    if footer:
        sheet.write_string(at, 0, neutralise(footer))
    sheet.freeze_panes(head + 1, 0)
    print_setup(sheet, columns=len(headers), header_row=head)
    book.close()
    return buffer.getvalue(), count


def _paragraph(sheet: Worksheet, row: int, last_col: int, text: str, fmt: Any, width: int) -> None:
    """Write ``text`` across the table's width, wrapped, in a row tall enough to show it."""
    if last_col > 0:
        sheet.merge_range(row, 0, row, last_col, text, fmt)
    else:
        sheet.write_string(row, 0, text, fmt)
    # A CJK character is about two widths of "0"; Excel does not grow a merged row itself.
    lines = sum(
        max(1, -(-sum(2 if ord(ch) > 0x2E7F else 1 for ch in part) // max(width, 1)))
        for part in text.split("\n")
    )
    if lines > 1:
        sheet.set_row(row, 15 * lines)

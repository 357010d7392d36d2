"""Error workbooks: the rejected rows of an import, to fix and import again (DESIGN §5).

The workbook has the file's own header row and columns, in their order, and one more column,
错误原因, saying what is wrong with each row. Every bad cell is filled red and carries its
reason as a comment. All cells are text cells, so an ID number never becomes 5.13322E+17, and
formula-like text is neutralised. Row 1 is the header row, so the fixed file imports as is
(the 错误原因 column is then ignored with a warning).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter

from guanai.sheets.reading import cell_text
from guanai.sheets.writing import neutralise, print_setup

REASON_HEADER = "错误原因"
RED = "#FFC7CE"


@dataclass
class ErrorRow:
    """A rejected row: its cells as read, and (column index or None for the row, reason)."""

    cells: Sequence[Any]
    errors: list[tuple[int | None, str]] = field(default_factory=list)


def reason_text(headers: Sequence[str], errors: Iterable[tuple[int | None, str]]) -> str:
    """Return the reasons of a row as one text: "身份证号：…；出生日期：…"."""
    parts = []
    for column, reason in errors:
        if column is not None and 0 <= column < len(headers) and headers[column]:
            parts.append(f"{headers[column]}：{reason}")
        else:
            parts.append(reason)
    return join_reasons(parts)


def join_reasons(reasons: Sequence[str]) -> str:
    """Join sentences with "；": "请填写姓名；日期有误。", never "请填写姓名。；日期有误。"."""
    parts = [reason.strip() for reason in reasons if reason.strip()]
    if not parts:
        return ""
    joined = "；".join(part.rstrip("。；;") for part in parts)
    return joined + "。" if parts[-1].endswith("。") else joined


def error_workbook(
    headers: Sequence[str],
    rows_with_errors: Iterable[ErrorRow],
    *,
    masks: Mapping[int, Callable[[str], str]] | None = None,
) -> bytes:
    """Return an xlsx with the original columns plus 错误原因, bad cells filled red.

    ``masks`` gives, per column, a function that masks its cells (``core.masking``): for a
    user who may not see full ID or phone numbers, the workbook never holds them.
    """
    masks = masks or {}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("错误行")
    head = book.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1, "num_format": "@"})
    text = book.add_format({"num_format": "@"})
    bad = book.add_format({"num_format": "@", "bg_color": RED, "border": 1})
    reason_fmt = book.add_format({"num_format": "@", "font_color": "#9C0006", "text_wrap": True})
    all_headers = [*headers, REASON_HEADER]
    for col, header in enumerate(all_headers):
        sheet.write_string(0, col, neutralise(str(header)), head)
        width = 40 if col == len(headers) else max(10, len(str(header)) * 2 + 2)
        sheet.set_column(col, col, width, text)
    for r, row in enumerate(rows_with_errors, start=1):
        reasons: dict[int, list[str]] = {}
        for column, reason in row.errors:
            if column is not None:
                reasons.setdefault(column, []).append(reason)
        width = max(len(headers), len(row.cells))
        for col in range(min(width, len(headers))):
            value = row.cells[col] if col < len(row.cells) else ""
            cell = cell_text(value)
            if col in masks and cell:
                cell = masks[col](cell)
            cell = neutralise(cell)
            if col in reasons:
                sheet.write_string(r, col, cell, bad)
                sheet.write_comment(r, col, join_reasons(reasons[col]))
            elif cell:
                sheet.write_string(r, col, cell, text)
        sheet.write_string(
            r, len(headers), neutralise(reason_text(headers, row.errors)), reason_fmt
        )
    sheet.freeze_panes(1, 0)
    print_setup(sheet, columns=len(all_headers), header_row=0)
    book.close()
    return buffer.getvalue()

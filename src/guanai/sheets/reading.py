"""Read the rows of an uploaded spreadsheet (xlsx, xls, ods with calamine; csv)."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from guanai.core.errors import ValidationFailed
from guanai.sheets.limits import (
    OLE_MAGIC,
    ZIP_MAGIC,
    Limits,
    check_excel,
    too_large,
)

MAX_BYTES = 20 * 1024 * 1024
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
# The first bytes of files that are no text table: workbooks, pictures, PDF.
BINARY_STARTS = (ZIP_MAGIC, OLE_MAGIC, b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"BM")


@dataclass
class Table:
    """A sheet's header row and data rows; ``first_row`` is the sheet row number of rows[0]."""

    headers: list[str]
    rows: list[list[str]]
    first_row: int = 2
    warnings: list[str] = field(default_factory=list)
    # The cells as the spreadsheet library gave them (floats, dates …), row for row like
    # ``rows``; empty for CSV, where every cell is text. An importer uses them where the
    # text form loses meaning, e.g. a date stored as an Excel serial number (42067.0).
    raw_rows: list[list[Any]] = field(default_factory=list)
    # (data row offset, column) of the cells that hold a formula: the value read is the
    # one Excel last computed, which an import must not take for what the clerk typed.
    formulas: set[tuple[int, int]] = field(default_factory=set)

    def is_formula(self, offset: int, column: int) -> bool:
        return (offset, column) in self.formulas

    def raw_value(self, offset: int, column: int) -> Any:
        """Return the raw cell at data row ``offset`` and ``column``, or its text if none."""
        if offset < len(self.raw_rows) and column < len(self.raw_rows[offset]):
            return self.raw_rows[offset][column]
        row = self.rows[offset] if offset < len(self.rows) else []
        return row[column] if column < len(row) else ""

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """Return (sheet row number, {header: value}) for every non-empty row."""
        out = []
        for offset, row in enumerate(self.rows):
            if not any(cell.strip() for cell in row):
                continue
            padded = row + [""] * (len(self.headers) - len(row))
            out.append((self.first_row + offset, dict(zip(self.headers, padded, strict=False))))
        return out


def cell_text(value: Any) -> str:
    """Return a cell as text: integral numbers without ``.0``, dates as YYYY-MM-DD."""
    if type(value) is str:
        # Most cells: text, normalised (full-width digits, ideographic spaces) and trimmed.
        return unicodedata.normalize("NFKC", value).replace("\x00", "").strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    # NUL cannot be stored in a PostgreSQL text column; no clerk means to type it.
    return unicodedata.normalize("NFKC", str(value)).replace("\x00", "").strip()


def read_table(data: bytes | BinaryIO, filename: str, *, limits: Limits | None = None) -> Table:
    """Read the first sheet of ``data``; raise ``ValidationFailed`` for a file we cannot use.

    The file is checked before it is read (``sheets.limits``): a file that is no workbook,
    or whose sheet is larger than ``limits`` (rows, columns, expanded size), is refused
    without being read, so that memory stays bounded by the limits.
    """
    limits = limits or Limits()
    # Read one byte past the limit, never the whole of an oversized upload.
    raw = data if isinstance(data, bytes) else data.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValidationFailed(
            _("The file is larger than %(mb)s MB; split it into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not raw:
        raise ValidationFailed(_("The file is empty."))
    suffix = Path(filename).suffix.lower()
    raw_grid: list[list[Any]] = []
    formulas: set[tuple[int, int]] = set()
    if suffix in EXCEL_SUFFIXES:
        _kind, extent = check_excel(raw, limits)
        raw_grid = _read_excel_raw(raw, limits)
        grid = [[cell_text(v) for v in row] for row in raw_grid]
        formulas = extent.formulas if extent is not None else set()
    elif suffix == ".csv":
        grid = _read_csv(raw, limits)
    else:
        raise ValidationFailed(
            _("Unsupported file type “%(suffix)s”: upload an .xlsx, .xls or .csv file.")
            % {"suffix": suffix or filename}
        )
    # Skip blank and title rows above the header; keep their count so that row numbers in
    # error reports are the ones the clerk sees in Excel.
    header = _header_row(grid)
    if header is None:
        raise ValidationFailed(_("The file has no header row."))
    headers = [_header_key(h) for h in grid[header]]
    end = _data_end(grid, header + 1)
    warnings = []
    if end < len(grid):
        warnings.append(
            _(
                "Row %(row)s and the rows below it are a totals or signature section "
                "(合计, 填报单位 …) and were not read."
            )
            % {"row": end + 1}
        )
    return Table(
        headers=headers,
        rows=grid[header + 1 : end],
        first_row=header + 2,
        warnings=warnings,
        raw_rows=raw_grid[header + 1 : end],
        formulas={(row - header - 1, col) for row, col in formulas if header < row < end},
    )


# Rows above the header that hold a single cell (a title such as "冷碛镇 特殊群体花名册",
# often merged across the sheet) are skipped, at most this many of them.
TITLE_ROWS = 3
# A row whose first filled cell starts with one of these ends the data: the totals row and
# the signature footer that rosters (and our exports) carry below the persons.
TRAILER_STARTS = ("合计", "总计", "填报单位", "填表单位", "填表人", "制表人", "审核人", "填表日期")


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell)


def _header_row(grid: list[list[str]]) -> int | None:
    """Return the index of the header row: the first filled row, or the first row with
    several filled cells when only single-cell (title) rows stand above it."""
    first: int | None = None
    titles = 0
    for index, row in enumerate(grid):
        filled = _filled(row)
        if not filled:
            continue
        if first is None:
            first = index
        if filled > 1:
            return index
        titles += 1
        if titles > TITLE_ROWS:
            break
    # Only single-cell rows at the top: a one-column sheet, whose first row is the header.
    return first


def _data_end(grid: list[list[str]], start: int) -> int:
    """Return the index of the first totals or signature row below ``start``, or the end."""
    for index in range(start, len(grid)):
        first = next((cell for cell in grid[index] if cell), "")
        if first and _header_key(first).startswith(TRAILER_STARTS):
            return index
    return len(grid)


def _header_key(text: str) -> str:
    return text.replace(" ", "")


def _read_excel_raw(raw: bytes, limits: Limits) -> list[list[Any]]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises several error types for broken files
        raise ValidationFailed(
            _("The file could not be read as a spreadsheet; save it again from Excel.")
        ) from exc
    # Checked again now that its size is known, before a Python object is made for a cell.
    start = sheet.start or (0, 0)  # None for an empty sheet
    rows, columns = start[0] + sheet.height, start[1] + sheet.width
    if rows > limits.rows or columns > limits.columns:
        raise too_large(rows, columns, limits)
    try:
        return [list(row) for row in sheet.to_python(skip_empty_area=False)]
    except Exception as exc:
        raise ValidationFailed(
            _("The file could not be read as a spreadsheet; save it again from Excel.")
        ) from exc


def _read_csv(raw: bytes, limits: Limits) -> list[list[str]]:
    if raw.startswith(BINARY_STARTS):
        raise ValidationFailed(
            _(
                "The file is not a CSV text file (perhaps a workbook or a picture renamed to "
                ".csv); upload the workbook itself as .xlsx, or save it as CSV from Excel."
            )
        )
    # Excel in China saves CSV as GBK (GB18030 is its superset); try UTF-8 first.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationFailed(_("The CSV file is neither UTF-8 nor GBK encoded."))
    grid: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text)):
            while row and not row[-1]:
                row.pop()  # the empty cells Excel writes up to the widest row
            if len(grid) >= limits.rows or len(row) > limits.columns:
                raise too_large(max(len(grid) + 1, 1), len(row), limits)
            grid.append([cell_text(v) for v in row])
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
        raise ValidationFailed(
            _("The CSV file could not be read (%(error)s); save it again from Excel.")
            % {"error": exc}
        ) from exc
    return grid


def find_columns(
    headers: list[str], wanted: dict[str, tuple[str, ...]], required: set[str]
) -> tuple[dict[str, str], list[str]]:
    """Map our field names to the sheet's headers, in any order.

    ``wanted`` gives, per field, the header texts accepted for it. Return the mapping
    and warnings about unknown headers; raise when a required column is missing.
    """
    mapping: dict[str, str] = {}
    for field_name, accepted in wanted.items():
        # Compare as read_table stores headers (spaces removed), so "parent code" matches.
        keys = {_header_key(a).lower() for a in accepted}
        for header in headers:
            if _header_key(header).lower() in keys:
                mapping[field_name] = header
                break
    missing = [wanted[f][0] for f in wanted if f in required and f not in mapping]
    if missing:
        raise ValidationFailed(
            _("Missing column(s): %(cols)s. Use the template's header row.")
            % {"cols": "、".join(missing)}
        )
    known = set(mapping.values())
    warnings = [
        _("Column “%(header)s” is not used and was ignored.") % {"header": h}
        for h in headers
        if h and h not in known
    ]
    return mapping, warnings

"""Checks that an upload is a workbook of a size we can read, before anything reads it.

A workbook is a zip of XML files, and its size on disk says little about its size in
memory: a 1.6 KB xlsx whose only cell is XFD1048576 makes the spreadsheet library build a
grid of 16,384 × 1,048,576 cells (512 GB) and the process dies; a 1 MB file can expand to
hundreds of MB of XML (issue 12). So before calamine sees a file:

- its first bytes must be those of a workbook (a zip holding a workbook, or an OLE file
  holding an .xls workbook): a renamed picture or text file is refused as not a workbook;
- no member of the zip may expand more than ``Limits.ratio`` times (past a small size),
  nor all of them together beyond ``Limits.expanded`` bytes;
- the dimension the sheet declares and the cells it really holds must lie within
  ``Limits.rows`` rows and ``Limits.columns`` columns.

The cells are found in the XML without building it: a pattern finds only the cells that
could lie beyond the limits (two or more column letters, or a row number of as many
digits as the row limit), so an ordinary roster costs one pass of a regular expression.
A sheet written unusually (cells without a reference, comments, entities) is read instead
with expat, event by event, which is exact and slower. An .xls file is measured from its
cell records, every sheet of it (its reader builds them all when it opens the file).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Members smaller than this may be compressed as highly as they like: they cannot hurt.
RATIO_FLOOR = 4 * 1024 * 1024
READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How large a sheet an upload may hold (rows and columns of the sheet, XML bytes)."""

    rows: int = 120_000
    columns: int = 50
    # Expansion of one zip member (past RATIO_FLOOR) and of all of them together.
    ratio: int = 100
    expanded: int = 512 * 1024 * 1024


@dataclass
class Extent:
    """What a scan found: the furthest cell (1-based row and column) and formula cells."""

    rows: int = 0
    columns: int = 0
    # (row, column), 0-based, of every cell that holds a formula.
    formulas: set[tuple[int, int]] = field(default_factory=set)

    def add(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)


def not_a_workbook() -> ValidationFailed:
    return ValidationFailed(
        _(
            "The file is not an Excel workbook (perhaps a picture or a text file renamed to "
            ".xlsx); open it in Excel or WPS and save it as .xlsx."
        )
    )


def too_large(rows: int, columns: int, limits: Limits) -> ValidationFailed:
    return ValidationFailed(
        _(
            "The sheet reaches row %(rows)s and column %(columns)s; at most %(max_rows)s rows "
            "and %(max_columns)s columns can be imported. Delete the columns beyond the "
            "template's and the empty rows below the data, or split the file."
        )
        % {
            "rows": f"{rows:,}",
            "columns": column_name(columns),
            "max_rows": f"{limits.rows:,}",
            "max_columns": limits.columns,
        }
    )


def column_name(number: int) -> str:
    """Return the letters of a 1-based column number (1 → A, 27 → AA)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def parse_reference(text: str) -> tuple[int, int] | None:
    """Return (row, column), 1-based, of a cell reference such as ``T100001``, or None."""
    match = REFERENCE.fullmatch(text)
    if match is None:
        return None
    return int(match[2]), column_number(match[1])


def check_excel(raw: bytes, limits: Limits) -> tuple[str, Extent | None]:
    """Return the kind of workbook ("xlsx", "ods" or "xls") and its first sheet's extent.

    Raise ``ValidationFailed`` for a file that is no workbook, expands too much, or whose
    sheet is larger than ``limits``.
    """
    if raw.startswith(OLE_MAGIC):
        try:
            return "xls", _xls_extent(raw, limits)
        except (struct.error, IndexError, UnicodeDecodeError, _Broken) as exc:
            raise ValidationFailed(
                _("The file could not be read as a spreadsheet; save it again from Excel.")
            ) from exc
    if not raw.startswith(ZIP_MAGIC):
        raise not_a_workbook()
    try:
        book = zipfile.ZipFile(io.BytesIO(raw))
        members = {info.filename: info for info in book.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise not_a_workbook() from exc
    _check_expansion(members.values(), limits)
    try:
        if "xl/workbook.xml" in members:
            sheet = _first_sheet(book, members)
            _verify(book, members, skip=sheet)
            return "xlsx", _xlsx_extent(book, sheet, limits)
        if "content.xml" in members and book.read("mimetype")[:64].strip() == ODS_MIMETYPE:
            _verify(book, members, skip="content.xml")
            return "ods", _ods_extent(book, limits)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, expat.ExpatError) as exc:
        # A member that is not what its header says (a wrong CRC, a truncated stream).
        raise ValidationFailed(
            _("The file could not be read as a spreadsheet; save it again from Excel.")
        ) from exc
    raise not_a_workbook()


def _verify(book: zipfile.ZipFile, members: dict[str, Any], *, skip: str) -> None:
    """Read every member but ``skip`` (which its scan reads) to its end.

    A member that expands past the size its header declares fails its checksum here
    (the zip module stops at the declared size), before the reader takes its word for it.
    """
    for name in members:
        if name != skip and not name.endswith("/"):
            with book.open(name) as stream:
                while stream.read(READ_CHUNK):
                    pass


def _check_expansion(members: Any, limits: Limits) -> None:
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(
            info.compress_size, 1
        ):
            raise ValidationFailed(
                _(
                    "The file would expand to %(mb)s MB when opened, far more than a "
                    "spreadsheet of its size can hold; it is damaged or made to harm. Save "
                    "the data again from Excel into a new file."
                )
                % {"mb": f"{info.file_size // (1024 * 1024):,}"}
            )
    if total > limits.expanded:
        raise ValidationFailed(
            _(
                "The file would expand to %(mb)s MB when opened; at most %(max)s MB can be "
                "imported. Split it into smaller files."
            )
            % {"mb": f"{total // (1024 * 1024):,}", "max": limits.expanded // (1024 * 1024)}
        )


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """Yield the stream in pieces that each end after a ``>``, so no tag is cut in two."""
    rest = b""
    while True:
        piece = stream.read(READ_CHUNK)
        if not piece:
            if rest:
                yield rest
            return
        data = rest + piece
        cut = data.rfind(b">") + 1
        if cut == 0:
            rest = data
            continue
        rest = data[cut:]
        yield data[:cut]


# --- xlsx ----------------------------------------------------------------------------------

PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
DIMENSION = re.compile(rb"<" + PREFIX + rb'dimension\s+ref="([^"]*)"')


def _far_pattern(limits: Limits) -> re.Pattern[bytes]:
    """Match a cell the fast scan must look at: its reference has two or more letters, as
    many digits as the row limit, or anything unusual."""
    digits = len(str(limits.rows))
    return re.compile(rb'<c r="(?=[A-Z]{2}|[A-Z][0-9]{%d}|[^"]*[^A-Z0-9"])([^"]*)"' % digits)


class _Unusual(Exception):
    """The sheet is written in a way the fast scan does not follow."""


def _xlsx_extent(book: zipfile.ZipFile, name: str, limits: Limits) -> Extent:
    with book.open(name) as stream:
        head = stream.read(64 * 1024)
    declared = DIMENSION.search(head)
    if declared is not None:
        end = parse_reference(declared[1].decode("ascii", "replace").split(":")[-1])
        if end is not None:
            _refuse_beyond(*end, limits)
    try:
        with book.open(name) as stream:
            extent = _fast_scan(stream, limits)
    except _Unusual:
        with book.open(name) as stream:
            extent = _exact_scan(stream, limits)
    _refuse_beyond(extent.rows, extent.columns, limits)
    return extent


def _refuse_beyond(rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.rows or columns > limits.columns:
        raise too_large(rows, columns, limits)


def _first_sheet(book: zipfile.ZipFile, members: dict[str, Any]) -> str:
    """Return the member holding the workbook's first sheet, as calamine opens it."""
    try:
        workbook = book.read("xl/workbook.xml")
        rels = book.read("xl/_rels/workbook.xml.rels")
        rid = re.search(rb'<(?:\w+:)?sheet\s[^>]*?\br?:?id="([^"]+)"', workbook)
        if rid is not None:
            for rel in re.finditer(rb"<(?:\w+:)?Relationship\s[^>]*>", rels):
                tag = rel[0]
                if re.search(rb'\bId="' + re.escape(rid[1]) + rb'"', tag):
                    target = re.search(rb'\bTarget="([^"]+)"', tag)
                    if target is not None:
                        path = target[1].decode("utf-8", "replace")
                        path = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
                        if path in members:
                            return path
    except KeyError:
        pass
    sheets = sorted(n for n in members if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if not sheets:
        raise not_a_workbook()
    return sheets[0]


# What the fast scan does not follow: elements with a namespace prefix (<x:c …>), a cell
# without a reference or whose reference is not its first attribute, comments, CDATA
# and document types (which may define entities).
PREFIXED = re.compile(rb":(?:c|f|row)[\s/>]")
CELL_WITHOUT_REFERENCE = re.compile(rb'<c(?:[>/\t\r\n]| (?!r="))')
FORMULA = re.compile(rb"<f[\s/>]")
CELL_START = re.compile(rb'<c r="([^"]*)"')


def _fast_scan(stream: IO[bytes], limits: Limits) -> Extent:
    """Find the far cells and the formulas with a few regular expressions, each searching
    for a fixed start; raise ``_Unusual`` for anything they do not follow."""
    far = _far_pattern(limits)
    extent = Extent()
    for data in _chunks(stream):
        if b"<!" in data or PREFIXED.search(data) or CELL_WITHOUT_REFERENCE.search(data):
            raise _Unusual
        for match in far.finditer(data):
            at = parse_reference(match[1].decode("ascii", "replace"))
            if at is None:
                raise _Unusual
            extent.add(*at)
            if extent.rows > limits.rows or extent.columns > limits.columns:
                return extent  # refused by the caller; no need to read on
        for match in FORMULA.finditer(data):
            # The cell that holds it: the last cell reference before it.
            window = data[max(0, match.start() - 8192) : match.start()]
            cells = list(CELL_START.finditer(window))
            at = parse_reference(cells[-1][1].decode("ascii", "replace")) if cells else None
            if at is None:
                raise _Unusual
            extent.formulas.add((at[0] - 1, at[1] - 1))
    return extent


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _exact_scan(stream: IO[bytes], limits: Limits) -> Extent:
    """Follow every row and cell as a reader places them (a cell without a reference
    goes right of the one before it, a row without one below it)."""
    extent = Extent()
    place = {"row": 0, "column": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "row":
            reference = attrs.get("r", "")
            place["row"] = int(reference) if reference.isdigit() else place["row"] + 1
            place["column"] = 0
        elif local == "c":
            at = parse_reference(attrs.get("r", ""))
            if at is not None:
                place["row"], place["column"] = at
            elif "r" in attrs:
                raise not_a_workbook()
            else:
                place["column"] += 1
            extent.add(place["row"], place["column"])
            if extent.rows > limits.rows or extent.columns > limits.columns:
                raise too_large(extent.rows, extent.columns, limits)
        elif local == "f":
            extent.formulas.add((place["row"] - 1, place["column"] - 1))

    _parse(stream, start)
    return extent


def _parse(
    stream: IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    while piece := stream.read(READ_CHUNK):
        parser.Parse(piece, False)
    parser.Parse(b"", True)


# --- ods -----------------------------------------------------------------------------------


def _ods_extent(book: zipfile.ZipFile, limits: Limits) -> Extent:
    """Measure every table of an OpenDocument sheet, repeated rows and cells counted.

    The reader loads every table when it opens the file, so each must lie within the
    limits; the formulas are those of the first. Empty cells and rows repeated at the end
    of a table (LibreOffice writes a million of them) hold nothing and are not counted; a
    filled cell or row repeated is.
    """
    first = Extent()
    state: dict[str, Any] = {"tables": 0, "extent": first}

    def repeat(attrs: dict[str, str], name: str) -> int:
        text = attrs.get(f"urn:oasis:names:tc:opendocument:xmlns:table:1.0 {name}", "1")
        return int(text) if text.isdigit() else 1

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "table":
            state["tables"] += 1
            state.update(row=0, rows=1, column=0, cell=None)
            state["extent"] = first if state["tables"] == 1 else Extent()
        elif not state["tables"]:
            return
        elif local == "table-row":
            state["rows"] = repeat(attrs, "number-rows-repeated")
            state["column"] = 0
        elif local in ("table-cell", "covered-table-cell"):
            filled = any(_local(a) in ("value-type", "formula") for a in attrs)
            if state["tables"] == 1 and any(_local(a) == "formula" for a in attrs):
                first.formulas.add((state["row"], state["column"]))
            state["cell"] = [state["column"], repeat(attrs, "number-columns-repeated"), filled]
        elif state["cell"] is not None:
            state["cell"][2] = True  # a paragraph or other content inside the cell

    def end(name: str) -> None:
        local = _local(name)
        if not state["tables"]:
            return
        if local in ("table-cell", "covered-table-cell") and state["cell"] is not None:
            column, repeated, filled = state["cell"]
            state["column"] = column + repeated
            state["cell"] = None
            if filled:
                extent = state["extent"]
                extent.add(state["row"] + state["rows"], state["column"])
                _refuse_beyond(extent.rows, extent.columns, limits)
        elif local == "table-row":
            state["row"] += state["rows"]
            state["rows"] = 1

    with book.open("content.xml") as stream:
        _parse(stream, start, end)
    return first


# --- xls (BIFF8 in an OLE compound file) --------------------------------------------------


class _Broken(Exception):
    """The compound file is not what its header says."""


END_OF_CHAIN = 0xFFFFFFFA  # this and above: no further sector
# Records that hold one cell, its row and column first; and those that hold a run of
# cells in a row (MULRK, MULBLANK), the last column at their end.
XLS_CELLS = {0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}
XLS_RUNS = {0x00BD, 0x00BE}
XLS_FORMULA, XLS_BOF, XLS_DIMENSIONS = 0x0006, 0x0809, 0x0200


def _xls_extent(raw: bytes, limits: Limits) -> Extent:
    """Measure every sheet of an .xls workbook from its cell records.

    The reader builds every sheet of an .xls file when it opens it, each as a grid of
    up to 65,536 × 256 cells, so each must lie within the limits; the formulas are
    those of the first sheet.
    """
    data = _compound_stream(raw, ("workbook", "book"))
    first = Extent()
    extent = first
    substream = 0
    at = 0
    while at + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, at)
        body, at = at + 4, at + 4 + length
        if kind == XLS_BOF:
            substream += 1
            extent = first if substream == 2 else Extent()
        elif kind in XLS_CELLS and length >= 4:
            row, column = struct.unpack_from("<HH", data, body)
            extent.add(row + 1, column + 1)
            if kind == XLS_FORMULA and substream == 2:
                first.formulas.add((row, column))
        elif kind in XLS_RUNS and length >= 6:
            (row,) = struct.unpack_from("<H", data, body)
            (last,) = struct.unpack_from("<H", data, body + length - 2)
            extent.add(row + 1, last + 1)
        elif kind == XLS_DIMENSIONS and length >= 12:
            rows, _first_column, columns = struct.unpack_from("<IHH", data, body + 4)
            _refuse_beyond(rows, columns, limits)
        _refuse_beyond(extent.rows, extent.columns, limits)
    return first


def _compound_stream(raw: bytes, names: tuple[str, ...]) -> bytes:
    """Return the first stream named one of ``names`` of an OLE compound file."""
    (shift, mini_shift) = struct.unpack_from("<HH", raw, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise _Broken
    size, mini = 1 << shift, 1 << mini_shift
    fat_count, first_directory = struct.unpack_from("<II", raw, 0x2C)
    cutoff, first_mini_fat, _mini_fat_count, first_difat = struct.unpack_from("<IIII", raw, 0x38)

    def sector(number: int) -> bytes:
        start = (number + 1) * size
        if start >= len(raw):
            raise _Broken
        return raw[start : start + size].ljust(size, b"\0")

    def chain(start: int, table: tuple[int, ...]) -> list[int]:
        numbers: list[int] = []
        seen: set[int] = set()
        while start < END_OF_CHAIN:
            if start in seen or start >= len(table):
                raise _Broken  # a loop, or a sector the table does not know
            seen.add(start)
            numbers.append(start)
            start = table[start]
        return numbers

    # The sectors of the allocation table: 109 in the header, the rest in a chain.
    difat = list(struct.unpack_from("<109I", raw, 0x4C))
    next_difat, seen_difat = first_difat, set()
    while next_difat < END_OF_CHAIN and next_difat not in seen_difat:
        seen_difat.add(next_difat)
        entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
        difat += entries[:-1]
        next_difat = entries[-1]
    fat_sectors = [n for n in difat if n < END_OF_CHAIN][:fat_count]
    fat = struct.unpack(f"<{len(fat_sectors) * size // 4}I", b"".join(map(sector, fat_sectors)))
    directory = b"".join(sector(n) for n in chain(first_directory, fat))
    found: list[tuple[str, int, int, int]] = []
    for offset in range(0, len(directory) - 127, 128):
        name_length, kind = struct.unpack_from("<HB", directory, offset + 0x40)
        start, length = struct.unpack_from("<II", directory, offset + 0x74)
        encoded = directory[offset : offset + max(0, min(name_length, 64) - 2)]
        found.append((encoded.decode("utf-16-le", "replace").lower(), kind, start, length))
    if not found:
        raise _Broken
    for entry_name, kind, start, length in found:
        if kind != 2 or entry_name not in names:
            continue
        if length >= cutoff:
            return b"".join(sector(n) for n in chain(start, fat))[:length]
        # A small stream lives in the mini stream, held by the root entry.
        _root, _kind, root_start, _length = found[0]
        stream = b"".join(sector(n) for n in chain(root_start, fat))
        mini_fat_bytes = b"".join(sector(n) for n in chain(first_mini_fat, fat))
        mini_fat = struct.unpack(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes)
        return b"".join(stream[n * mini : (n + 1) * mini] for n in chain(start, mini_fat))[:length]
    raise not_a_workbook()

"""What the checks of an upload share: the limits, the extent found, the refusals, cell
references, and reading XML in pieces."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO
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


def chunks(stream: IO[bytes]) -> Iterator[bytes]:
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


def refuse_beyond(rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.rows or columns > limits.columns:
        raise too_large(rows, columns, limits)


def local_name(name: str) -> str:
    return name.rpartition(" ")[2]


def parse_xml(
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

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
import struct
import zipfile
from typing import Any
from xml.parsers import expat

from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed
from guanai.sheets.limits.base import (
    ODS_MIMETYPE,
    OLE_MAGIC,
    RATIO_FLOOR,
    READ_CHUNK,
    ZIP_MAGIC,
    Extent,
    Limits,
    column_name,
    column_number,
    not_a_workbook,
    parse_reference,
    too_large,
)
from guanai.sheets.limits.ods import ods_extent
from guanai.sheets.limits.xls import Broken, xls_extent
from guanai.sheets.limits.xlsx import first_sheet, xlsx_extent

__all__ = [
    "OLE_MAGIC",
    "ZIP_MAGIC",
    "Extent",
    "Limits",
    "check_excel",
    "column_name",
    "column_number",
    "not_a_workbook",
    "parse_reference",
    "too_large",
]


def check_excel(raw: bytes, limits: Limits) -> tuple[str, Extent | None]:
    """Return the kind of workbook ("xlsx", "ods" or "xls") and its first sheet's extent.

    Raise ``ValidationFailed`` for a file that is no workbook, expands too much, or whose
    sheet is larger than ``limits``.
    """
    if raw.startswith(OLE_MAGIC):
        try:
            return "xls", xls_extent(raw, limits)
        except (struct.error, IndexError, UnicodeDecodeError, Broken) as exc:
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
            sheet = first_sheet(book, members)
            _verify(book, members, skip=sheet)
            return "xlsx", xlsx_extent(book, sheet, limits)
        if "content.xml" in members and book.read("mimetype")[:64].strip() == ODS_MIMETYPE:
            _verify(book, members, skip="content.xml")
            return "ods", ods_extent(book, limits)
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

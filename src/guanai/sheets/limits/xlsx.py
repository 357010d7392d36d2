"""The extent of an xlsx sheet: its declared dimension, then its cells (fast, or exact)."""

from __future__ import annotations

import re
import zipfile
from typing import IO, Any

from guanai.sheets.limits.base import (
    Extent,
    Limits,
    chunks,
    local_name,
    not_a_workbook,
    parse_reference,
    parse_xml,
    refuse_beyond,
    too_large,
)

PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
DIMENSION = re.compile(rb"<" + PREFIX + rb'dimension\s+ref="([^"]*)"')


def _far_pattern(limits: Limits) -> re.Pattern[bytes]:
    """Match a cell the fast scan must look at: its reference has two or more letters, as
    many digits as the row limit, or anything unusual."""
    digits = len(str(limits.rows))
    return re.compile(rb'<c r="(?=[A-Z]{2}|[A-Z][0-9]{%d}|[^"]*[^A-Z0-9"])([^"]*)"' % digits)


class _Unusual(Exception):
    """The sheet is written in a way the fast scan does not follow."""


def xlsx_extent(book: zipfile.ZipFile, name: str, limits: Limits) -> Extent:
    with book.open(name) as stream:
        head = stream.read(64 * 1024)
    declared = DIMENSION.search(head)
    if declared is not None:
        end = parse_reference(declared[1].decode("ascii", "replace").split(":")[-1])
        if end is not None:
            refuse_beyond(*end, limits)
    try:
        with book.open(name) as stream:
            extent = _fast_scan(stream, limits)
    except _Unusual:
        with book.open(name) as stream:
            extent = _exact_scan(stream, limits)
    refuse_beyond(extent.rows, extent.columns, limits)
    return extent


def first_sheet(book: zipfile.ZipFile, members: dict[str, Any]) -> str:
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
    for data in chunks(stream):
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


def _exact_scan(stream: IO[bytes], limits: Limits) -> Extent:
    """Follow every row and cell as a reader places them (a cell without a reference
    goes right of the one before it, a row without one below it)."""
    extent = Extent()
    place = {"row": 0, "column": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = local_name(name)
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

    parse_xml(stream, start)
    return extent

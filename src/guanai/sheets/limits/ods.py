"""The extent of an OpenDocument spreadsheet's first table, and its formulas."""

from __future__ import annotations

import zipfile
from typing import Any

from guanai.sheets.limits.base import Extent, Limits, local_name, parse_xml, refuse_beyond


def ods_extent(book: zipfile.ZipFile, limits: Limits) -> Extent:
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
        local = local_name(name)
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
            filled = any(local_name(a) in ("value-type", "formula") for a in attrs)
            if state["tables"] == 1 and any(local_name(a) == "formula" for a in attrs):
                first.formulas.add((state["row"], state["column"]))
            state["cell"] = [state["column"], repeat(attrs, "number-columns-repeated"), filled]
        elif state["cell"] is not None:
            state["cell"][2] = True  # a paragraph or other content inside the cell

    def end(name: str) -> None:
        local = local_name(name)
        if not state["tables"]:
            return
        if local in ("table-cell", "covered-table-cell") and state["cell"] is not None:
            column, repeated, filled = state["cell"]
            state["column"] = column + repeated
            state["cell"] = None
            if filled:
                extent = state["extent"]
                extent.add(state["row"] + state["rows"], state["column"])
                refuse_beyond(extent.rows, extent.columns, limits)
        elif local == "table-row":
            state["row"] += state["rows"]
            state["rows"] = 1

    with book.open("content.xml") as stream:
        parse_xml(stream, start, end)
    return first

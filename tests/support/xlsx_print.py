"""Read an xlsx's print setup from its XML, as Excel and WPS read it when printing."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class PrintSetup:
    paper: str | None
    orientation: str | None
    fit_to_width: str | None
    fit_to_height: str | None
    fit_to_page: bool
    footer: str
    print_titles: str | None  # the rows repeated on every page, e.g. "$2:$2"


def _attr(tag: str | None, name: str) -> str | None:
    if tag is None:
        return None
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def print_setup(data: bytes, index: int = 1) -> PrintSetup:
    """Return the print setup of the ``index``-th sheet (1-based) of an xlsx."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read(f"xl/worksheets/sheet{index}.xml").decode()
        book = archive.read("xl/workbook.xml").decode()
    setup = re.search(r"<pageSetup\b[^>]*/>", sheet)
    tag = setup.group(0) if setup else None
    footer = re.search(r"<oddFooter>(.*?)</oddFooter>", sheet)
    titles = re.search(
        rf'<definedName name="_xlnm.Print_Titles" localSheetId="{index - 1}">([^<]*)</definedName>',
        book,
    )
    return PrintSetup(
        paper=_attr(tag, "paperSize"),
        orientation=_attr(tag, "orientation"),
        fit_to_width=_attr(tag, "fitToWidth"),
        fit_to_height=_attr(tag, "fitToHeight"),
        fit_to_page='<pageSetUpPr fitToPage="1"/>' in sheet,
        footer=footer.group(1) if footer else "",
        print_titles=titles.group(1).split("!")[-1] if titles else None,
    )


def assert_printable(
    data: bytes, *, index: int = 1, landscape: bool, header_row: int | None
) -> None:
    """Assert A4, the orientation, one page wide, the header row repeated (1-based row
    number, or None for a sheet without one) and page numbers in the footer."""
    setup = print_setup(data, index)
    assert setup.paper == "9", setup  # A4
    assert setup.orientation == ("landscape" if landscape else "portrait"), setup
    assert setup.fit_to_page and setup.fit_to_width in (None, "1"), setup  # 1 is the default
    assert setup.fit_to_height == "0", setup
    assert "&amp;P" in setup.footer and "&amp;N" in setup.footer, setup
    if header_row is None:
        assert setup.print_titles is None, setup
    else:
        assert setup.print_titles == f"${header_row}:${header_row}", setup

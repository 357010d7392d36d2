"""Spreadsheet bombs and disguised files, generated small (issue 12).

None of them may reach calamine: the checks of ``sheets.limits`` refuse each before it is
read. Were one to get through, a far cell would make the reader ask for up to 512 GB.
"""

from __future__ import annotations

import io
import struct
import zipfile

import xlsxwriter

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def far_cell(row: int, column: int) -> bytes:
    """Return an xlsx of a header row and one cell at (row, column), 0-based: 1-2 KB."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_string(0, 0, "姓名")
    sheet.write_string(0, 1, "身份证号")
    sheet.write_string(row, column, "x")
    book.close()
    return buffer.getvalue()


def _xlsx_zip(sheet_xml: bytes) -> bytes:
    """Return a minimal xlsx around ``sheet_xml``, compressed as much as zip can."""
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            b'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType'
            b'="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocum'
            b'ent.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
            b'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schem'
            b'as.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
            b'workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformat'
            b's.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDoc'
            b'ument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
            b"</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
            b'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schem'
            b'as.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="workshe'
            b'ets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return buffer.getvalue()


SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
    b'org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"


def cells_without_references(row: int) -> bytes:
    """Return an xlsx whose cells carry no reference; the last row is numbered ``row``."""
    header = (
        b'<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>'
    )
    far = b'<row r="%d"><c t="inlineStr"><is><t>x</t></is></c></row>' % row
    return _xlsx_zip(SHEET_START + header + far + SHEET_END)


def compressed_sheet(rows: int, columns: int = 20) -> bytes:
    """Return an xlsx of ``rows`` × ``columns`` equal cells: a few hundred KB on disk."""
    letters = [chr(65 + c) for c in range(columns)]
    body = b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d" t="n"><v>1</v></c>' % (col.encode(), r) for col in letters)
        + b"</row>"
        for r in range(1, rows + 1)
    )
    return _xlsx_zip(SHEET_START + body + SHEET_END)


def expanding_cell(megabytes: int) -> bytes:
    """Return an xlsx with a header and one cell of ``megabytes`` MB of one letter."""
    text = b"A" * (megabytes * 1024 * 1024)
    body = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
    )
    return _xlsx_zip(SHEET_START + body + SHEET_END)


def ods_far_cell(repeated_rows: int, *, second: bool = False) -> bytes:
    """Return an OpenDocument sheet whose one filled row is repeated ``repeated_rows`` times
    (in its second table, after a small one, if ``second``)."""
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis'
        b':names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument'
        b':xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        b'<office:body><office:spreadsheet>%s<table:table table:name="Sheet1">'
        b'<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p>'
        b"</table:table-cell></table:table-row>"
        b'<table:table-row table:number-rows-repeated="%d"><table:table-cell '
        b'table:number-columns-repeated="30"/><table:table-cell office:value-type="string">'
        b"<text:p>x</text:p></table:table-cell></table:table-row>"
        b"</table:table></office:spreadsheet></office:body></office:document-content>"
    ) % (
        b'<table:table table:name="A"><table:table-row><table:table-cell office:value-type='
        b'"string"><text:p>a</text:p></table:table-cell></table:table-row></table:table>'
        if second
        else b"",
        repeated_rows,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", content)
    return buffer.getvalue()


def lying_member(megabytes: int = 10) -> bytes:
    """Return an xlsx whose shared strings declare 1,000 bytes but expand to ``megabytes``."""
    buffer = io.BytesIO(_xlsx_zip(SHEET_START + SHEET_END))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/sharedStrings.xml", b"A" * (megabytes * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    name = b"xl/sharedStrings.xml"
    declared = (1000).to_bytes(4, "little")
    # The local header (name at +30, size at +22) and the central entry (name at +46,
    # size at +24) of the member both say 1,000 bytes.
    at = data.index(name)
    data[at - 30 + 22 : at - 30 + 26] = declared
    central = data.index(name, at + 1)
    data[central - 46 + 24 : central - 46 + 28] = declared
    return bytes(data)


def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def xls(cells: list[tuple[int, int, str]], *, sheets: int = 1, pad: bool = True) -> bytes:
    """Return an .xls workbook (BIFF8 in an OLE compound file) of ``sheets`` sheets, each
    with ``cells`` (0-based row, column, text).

    ``pad`` makes the workbook stream 4 KB or more, which puts it in the file's regular
    sectors; without, a small stream sits in the mini stream.
    """
    bof = lambda kind: _record(0x0809, struct.pack("<HH", 0x0600, kind) + bytes(12))  # noqa: E731
    strings = [text for _row, _col, text in cells]
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(t), 1) + t.encode("utf-16-le") for t in strings
    )
    sheet = (
        bof(0x0010)
        + b"".join(
            _record(0x00FD, struct.pack("<HHHI", row, col, 0, n))
            for n, (row, col, _text) in enumerate(cells)
        )
        + _record(0x000A)
    )
    names = [f"S{n}".encode("utf-16-le") for n in range(sheets)]
    head_length = len(bof(5)) + len(_record(0x0042, b"\xb0\x04"))
    boundsheets_length = sum(len(_record(0x0085, bytes(8) + name)) for name in names)
    padding = _record(0x1234, bytes(4200)) if pad else b""
    globals_length = head_length + boundsheets_length + len(_record(0x00FC, sst)) + len(padding) + 4
    boundsheets = b"".join(
        _record(
            0x0085,
            struct.pack("<IBBBB", globals_length + n * len(sheet), 0, 0, len("S0"), 1) + name,
        )
        for n, name in enumerate(names)
    )
    stream = (
        bof(5)
        + _record(0x0042, b"\xb0\x04")
        + boundsheets
        + _record(0x00FC, sst)
        + padding
        + _record(0x000A)
        + sheet * sheets
    )
    return _compound_file(stream)


def _compound_file(stream: bytes) -> bytes:
    """Wrap ``stream`` as the "Workbook" of an OLE compound file (512-byte sectors)."""
    size = 512
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    mini = len(stream) < 4096

    def entry(name: str, kind: int, child: int, start: int, length: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, free, free, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, length)
        )

    if mini:
        # Sector 0: FAT; 1: directory; 2: mini FAT; 3...: the mini stream (root's).
        data = stream.ljust(-(-len(stream) // 64) * 64, b"\0")
        mini_sectors = len(data) // 64
        root_sectors = -(-len(data) // size)
        fat = [fat_sector, end, end] + [4 + n for n in range(root_sectors - 1)] + [end]
        mini_fat = [*range(1, mini_sectors), end]
        directory = entry("Root Entry", 5, 1, 3, len(data)) + entry(
            "Workbook", 2, free, 0, len(stream)
        )
        body = struct.pack(f"<{len(mini_fat)}I", *mini_fat).ljust(size, b"\xff") + data.ljust(
            root_sectors * size, b"\0"
        )
        first_mini_fat = 2
    else:
        sectors = -(-len(stream) // size)
        fat = [fat_sector, end] + [3 + n for n in range(sectors - 1)] + [end]
        directory = entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 2, len(stream))
        body = stream.ljust(sectors * size, b"\0")
        first_mini_fat = end
    directory = directory.ljust(size, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, first_mini_fat, 1 if mini else 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(size, b"\xff")
    return header + fat_bytes + directory + body

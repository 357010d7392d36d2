"""Spreadsheet bombs and disguised files, generated small (issue 12).

None of them may reach calamine: the checks of ``sheets.limits`` refuse each before it is
read. Were one to get through, a far cell would make the reader ask for up to 512 GB.
"""

from __future__ import annotations

import io
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

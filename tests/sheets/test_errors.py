"""Error workbooks: original columns plus 错误原因, bad cells red, text cells, no formulas."""

from __future__ import annotations

import io
import zipfile

from python_calamine import CalamineWorkbook

from guanai.sheets.errors import REASON_HEADER, ErrorRow, error_workbook, reason_text

HEADERS = ["姓名", "身份证号", "联系电话"]


def _rows(data: bytes) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_original_columns_plus_reason() -> None:
    data = error_workbook(
        HEADERS,
        [
            ErrorRow(["张三", "513322201503041231", "1381234"], [(2, "Too short.")]),
            ErrorRow(["", "51332220150304123X", ""], [(0, "Enter the name."), (None, "Row.")]),
        ],
    )
    rows = _rows(data)
    assert rows[0] == [*HEADERS, REASON_HEADER]
    assert rows[1] == ["张三", "513322201503041231", "1381234", "联系电话：Too short."]
    assert rows[2] == ["", "51332220150304123X", "", "姓名：Enter the name.；Row."]


def test_bad_cells_are_red_and_everything_is_text() -> None:
    data = error_workbook(HEADERS, [ErrorRow(["张三", 513322201503041231, ""], [(1, "Bad.")])])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        names = archive.namelist()
    assert "FFC7CE" in styles
    assert 't="n"' not in sheet  # no number cells
    assert any("comments" in name for name in names)
    assert _rows(data)[1][1] == "513322201503041231"


def test_formulas_are_neutralised() -> None:
    data = error_workbook(["=cmd|' /C calc'!A0"], [ErrorRow(["=1+1"], [(0, "@SUM(A1)")])])
    rows = _rows(data)
    assert rows[0][0].startswith("'=")
    assert rows[1][0] == "'=1+1"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_reason_text_without_column() -> None:
    assert reason_text(HEADERS, [(None, "A."), (5, "B.")]) == "A.；B."


def test_chinese_reasons_are_joined_without_doubled_punctuation() -> None:
    # Issue 12 (point 15): the reasons read "请填写姓名。；…", a full stop before the semicolon.
    reasons = [(0, "请填写姓名。"), (1, "校验码不对。"), (1, "与出生日期不符。")]
    assert reason_text(HEADERS, reasons) == (
        "姓名：请填写姓名；身份证号：校验码不对；身份证号：与出生日期不符。"
    )
    rows = _rows(error_workbook(HEADERS, [ErrorRow(["", "1", ""], reasons)]))
    assert "。；" not in rows[1][-1]
    data = error_workbook(HEADERS, [ErrorRow(["", "1", ""], reasons)])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        comments = next(n for n in archive.namelist() if "comments" in n)
        assert "校验码不对；与出生日期不符。" in archive.read(comments).decode()

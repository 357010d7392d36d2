"""Spreadsheet bombs and disguised files are refused before anything reads them (issue 12).

The bombs are generated here, a few KB each. The checks must refuse them before calamine
reads them: were one to get through, the far cell XFD1048576 would make the reader ask for
512 GB and kill this process, so that file is given to the check alone.
"""

from __future__ import annotations

import io
import threading

import pytest
import xlsxwriter

from guanai.core.errors import ValidationFailed
from guanai.sheets.limits import Limits, check_excel, column_name, parse_reference
from guanai.sheets.reading import read_table
from tests.sheets import bombs

TOO_LARGE = "at most 120,000 rows and 50 columns can be imported"
NOT_A_WORKBOOK = "The file is not an Excel workbook"


def _refusal(data: bytes, name: str = "花名册.xlsx", **limits: int) -> str:
    with pytest.raises(ValidationFailed) as refused:
        read_table(data, name, limits=Limits(**limits) if limits else None)
    return str(refused.value.message)


def _wide(columns: int, rows: int = 3) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for row in range(rows):
        for col in range(columns):
            sheet.write_string(row, col, f"{row}-{col}")
    book.close()
    return buffer.getvalue()


def test_a_tiny_file_whose_only_far_cell_is_xfd1048576_is_refused_before_reading() -> None:
    data = bombs.far_cell(1048575, 16383)
    assert len(data) < 10_000
    with pytest.raises(ValidationFailed) as refused:
        check_excel(data, Limits())
    assert "row 1,048,576 and column XFD" in str(refused.value.message)


def test_a_far_cell_in_a_template_column_is_refused_with_the_limits() -> None:
    message = _refusal(bombs.far_cell(1048575, 19))
    assert "row 1,048,576 and column T" in message and TOO_LARGE in message


def test_the_declared_dimension_alone_is_checked() -> None:
    # Given a sheet that declares A1:T200000 but holds two rows
    sheet = (
        bombs.SHEET_START.replace(b"<sheetData>", b'<dimension ref="A1:T200000"/><sheetData>')
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
        + bombs.SHEET_END
    )
    assert TOO_LARGE in _refusal(bombs._xlsx_zip(sheet))


def test_cells_without_references_are_placed_and_measured() -> None:
    assert "row 1,048,576" in _refusal(bombs.cells_without_references(1048576))
    table = read_table(bombs.cells_without_references(4), "a.xlsx")
    assert table.headers == ["a", "b"]
    assert table.rows[-1][0] == "x" and table.first_row + len(table.rows) - 1 == 4


def test_a_highly_compressed_large_sheet_is_refused() -> None:
    # 130,000 rows × 20 cells in a few MB: more rows than may be imported.
    data = bombs.compressed_sheet(130_000)
    assert len(data) < 10 * 1024 * 1024
    assert "row 120,001" in _refusal(data)


def test_a_member_that_expands_beyond_the_ratio_is_refused() -> None:
    data = bombs.expanding_cell(60)
    assert len(data) < 200_000
    message = _refusal(data)
    assert "would expand to 60 MB" in message


def test_all_members_together_may_not_expand_beyond_the_limit() -> None:
    message = _refusal(_wide(3), expanded=1024)
    assert "at most 0 MB" in message or "would expand" in message


def test_an_ods_sheet_with_a_repeated_far_row_is_refused() -> None:
    assert "row 1,048,577" in _refusal(bombs.ods_far_cell(1048576), "名单.ods")


def test_columns_beyond_the_limit_are_refused_and_those_within_read() -> None:
    assert "column AE" in _refusal(_wide(31), columns=30)
    assert len(read_table(_wide(30), "a.xlsx", limits=Limits(columns=30)).headers) == 30


def test_rows_beyond_the_limit_are_refused_in_a_csv_too() -> None:
    csv = "姓名,身份证号\r\n" + "张三,1\r\n" * 10
    assert "row 11" in _refusal(csv.encode(), "a.csv", rows=10)
    assert len(read_table(csv.encode(), "a.csv", limits=Limits(rows=11)).rows) == 10
    wide = ",".join(f"c{n}" for n in range(60)) + "\r\n"
    assert "column BH" in _refusal(wide.encode(), "a.csv")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (bombs.PNG, "花名册.xlsx"),
        ("姓名,身份证号\n张三,1\n".encode(), "花名册.xlsx"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "花名册.xls"),
        (bombs._xlsx_zip(b"").replace(b"xl/workbook.xml", b"xl/notebook.xml"), "a.xlsx"),
    ],
    # Named, not by their bytes: a zip holds the time it was made, and the xdist workers
    # collect at different seconds, so byte ids would differ between them.
    ids=["png", "csv-text", "html-as-xls", "zip-without-workbook"],
)
def test_a_renamed_picture_or_text_is_not_a_workbook(data: bytes, name: str) -> None:
    assert NOT_A_WORKBOOK in _refusal(data, name)


def test_a_picture_renamed_to_csv_is_refused() -> None:
    assert "not a CSV text file" in _refusal(bombs.PNG, "花名册.csv")


def test_formula_cells_are_marked_on_the_table() -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "备注"])
    sheet.write_formula(1, 0, '="张"&"三"', None, "张三")
    sheet.write_string(1, 1, "=不是公式")
    book.close()
    table = read_table(buffer.getvalue(), "a.xlsx")
    assert table.rows[0][0] == "张三"
    assert table.formulas == {(0, 0)}
    assert table.is_formula(0, 0) and not table.is_formula(0, 1)


def test_three_bombs_at_once_are_all_refused_and_the_process_goes_on() -> None:
    files = [bombs.far_cell(1048575, 19), bombs.compressed_sheet(130_000), bombs.PNG]
    messages: list[str] = []

    def upload(data: bytes) -> None:
        try:
            read_table(data, "花名册.xlsx")
        except ValidationFailed as exc:
            messages.append(str(exc.message))

    threads = [threading.Thread(target=upload, args=(data,)) for data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(messages) == 3
    assert read_table("姓名,身份证号\n张三,1\n".encode(), "a.csv").rows == [["张三", "1"]]


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (16384, "XFD")])
def test_column_letters(number: int, letters: str) -> None:
    assert column_name(number) == letters
    assert parse_reference(f"{letters}7") == (7, number)


def test_a_member_that_expands_past_its_declared_size_is_refused() -> None:
    data = bombs.lying_member(10)
    assert "could not be read as a spreadsheet" in _refusal(data)


def test_every_table_of_an_ods_file_is_measured() -> None:
    # The reader loads every table at once: a far cell in the second one counts too.
    assert "row 1,048,577" in _refusal(bombs.ods_far_cell(1048576, second=True), "名单.ods")


def test_an_xls_workbook_is_measured_from_its_cell_records() -> None:
    # An .xls reader builds every sheet when it opens the file, each up to 65,536 x 256.
    for pad in (True, False):  # the workbook stream in regular sectors, or the mini stream
        far = bombs.xls([(0, 0, "姓名"), (65535, 255, "x")], sheets=3, pad=pad)
        assert len(far) < 10_000
        with pytest.raises(ValidationFailed) as refused:
            check_excel(far, Limits())
        assert "row 65,536 and column IV" in str(refused.value.message)
        good = bombs.xls([(0, 0, "姓名"), (0, 1, "身份证号"), (1, 0, "张三")], pad=pad)
        table = read_table(good, "花名册.xls")
        assert (table.headers, table.rows) == (["姓名", "身份证号"], [["张三", ""]])


def test_a_broken_compound_file_is_refused() -> None:
    data = bombs.xls([(0, 0, "姓名")])
    assert "could not be read" in _refusal(data[:600], "a.xls")

"""Reading uploaded sheets: xlsx and csv in the encodings clerks have, and bad files."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from guanai.core.errors import ValidationFailed
from guanai.sheets.reading import MAX_BYTES, Table, cell_text, find_columns, read_table


def xlsx(cells: dict[tuple[int, int], object]) -> bytes:
    """Return an xlsx whose first sheet holds ``cells`` ({(row, col): value}), typed as given."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for (row, col), value in cells.items():
        if isinstance(value, str):
            sheet.write_string(row, col, value)
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value)
        elif isinstance(value, datetime):
            sheet.write_datetime(row, col, value, date_format)
    book.close()
    return buffer.getvalue()


ROSTER_CSV = "代码,名称,类型\r\n513322101000,冷碛镇,镇\r\n513322101201,甘露寺村,村\r\n"
ROSTER = Table(
    headers=["代码", "名称", "类型"],
    rows=[["513322101000", "冷碛镇", "镇"], ["513322101201", "甘露寺村", "村"]],
)


# --- xlsx -------------------------------------------------------------------------------


def test_xlsx_cells_are_read_as_text() -> None:
    data = xlsx(
        {
            (0, 0): "代码",
            (0, 1): "名 称",
            (0, 2): "出生日期",
            (0, 3): "金额",
            (0, 4): "在校",
            (0, 5): "备注",
            (1, 0): 513322101000,
            (1, 1): " 冷碛镇 ",
            (1, 2): datetime(2026, 11, 28),  # noqa: DTZ001 - Excel cells have no time zone
            (1, 3): 1.5,
            (1, 4): True,
            (1, 5): "ＡＢＣ１２３",
            (2, 0): "513322101201",
            (2, 2): datetime(2026, 11, 28, 8, 30),  # noqa: DTZ001 - same
            (2, 3): -20,
            (2, 4): False,
        }
    )
    table = read_table(data, "roster.xlsx")
    assert table.headers == ["代码", "名称", "出生日期", "金额", "在校", "备注"]
    assert table.rows == [
        ["513322101000", "冷碛镇", "2026-11-28", "1.5", "1", "ABC123"],
        ["513322101201", "", "2026-11-28 08:30:00", "-20", "0", ""],
    ]


def test_long_numbers_from_excel_keep_every_digit() -> None:
    data = xlsx({(0, 0): "代码", (1, 0): 513322101000.0, (2, 0): 510000, (3, 0): 13812345678})
    rows = read_table(data, "codes.XLSX").rows
    assert rows == [["513322101000"], ["510000"], ["13812345678"]]


def test_blank_rows_are_skipped_and_row_numbers_follow_the_sheet() -> None:
    # Given two blank rows above the header (sheet row 3) and a blank row between the records
    data = xlsx({(2, 0): "名称", (2, 1): "类型", (3, 0): "冷碛镇", (5, 0): "兴隆镇", (5, 1): "镇"})
    table = read_table(data, "units.xlsx")
    assert table.headers == ["名称", "类型"]
    # Then each record carries its row number in Excel, short rows padded
    assert table.records() == [
        (4, {"名称": "冷碛镇", "类型": ""}),
        (6, {"名称": "兴隆镇", "类型": "镇"}),
    ]


def test_records_of_a_csv_start_at_row_two() -> None:
    table = read_table(ROSTER_CSV.encode(), "roster.csv")
    assert [n for n, _record in table.records()] == [2, 3]
    assert table.records()[1][1] == {"代码": "513322101201", "名称": "甘露寺村", "类型": "村"}


# --- csv --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_the_encodings_excel_saves(encoding: str) -> None:
    table = read_table(ROSTER_CSV.encode(encoding), "roster.csv")
    assert (table.headers, table.rows) == (ROSTER.headers, ROSTER.rows)


def test_csv_with_a_character_outside_gbk_reads_as_gb18030() -> None:
    data = "名称\r\n㐀村\r\n".encode("gb18030")
    assert read_table(data, "roster.csv").rows == [["㐀村"]]


def test_csv_from_a_file_object() -> None:
    table = read_table(io.BytesIO(ROSTER_CSV.encode("gbk")), "roster.csv")
    assert table.rows == ROSTER.rows


def test_csv_cells_are_normalised() -> None:
    data = "名称, 代码\r\n\u3000冷碛镇 ,５１３３２２\x00\r\n".encode()
    table = read_table(data, "roster.csv")
    assert (table.headers, table.rows) == (["名称", "代码"], [["冷碛镇", "513322"]])


# --- files we cannot use ----------------------------------------------------------------


def refusal(data: bytes | io.BytesIO, filename: str) -> str:
    with pytest.raises(ValidationFailed) as caught:
        read_table(data, filename)
    return str(caught.value.message)


@pytest.mark.parametrize("filename", ["empty.xlsx", "empty.csv"])
def test_empty_file(filename: str) -> None:
    assert refusal(b"", filename) == "The file is empty."


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"\r\n\r\n,,\r\n", "blank.csv"), (xlsx({}), "blank.xlsx"), (xlsx({(3, 3): ""}), "b.xlsx")],
    # Named, not derived from the bytes: an xlsx holds its creation time, and pytest-xdist
    # workers must collect the same test names.
    ids=["blank.csv", "blank.xlsx", "b.xlsx"],
)
def test_file_without_a_header_row(data: bytes, filename: str) -> None:
    assert refusal(data, filename) == "The file has no header row."


@pytest.mark.parametrize("as_file", [False, True])
def test_too_large_file(as_file: bool) -> None:
    data = b"a" * (MAX_BYTES + 1)
    message = refusal(io.BytesIO(data) if as_file else data, "big.csv")
    assert message == "The file is larger than 20 MB; split it into smaller files."


def test_file_of_exactly_the_limit_is_read() -> None:
    header, line = b"name\r\n", b"x" * 998 + b"\r\n"
    count, rest = divmod(MAX_BYTES - len(header), len(line))
    data = header + line * count + b"y" * (rest - 2) + b"\r\n"
    assert len(data) == MAX_BYTES
    table = read_table(data, "big.csv")
    assert len(table.rows) == count + 1
    assert table.rows[-1] == ["y" * (rest - 2)]


@pytest.mark.parametrize(
    ("filename", "shown"),
    [("roster.txt", ".txt"), ("roster.pdf", ".pdf"), ("roster", "roster"), ("a.xlsx.exe", ".exe")],
)
def test_wrong_extension(filename: str, shown: str) -> None:
    assert refusal(b"code\r\n1\r\n", filename) == (
        f"Unsupported file type “{shown}”: upload an .xlsx, .xls or .csv file."
    )


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"not a spreadsheet at all", "roster.xlsx"),
        (b"PK\x03\x04" + b"\x00" * 200, "roster.xlsx"),
        (xlsx({(0, 0): "名称", (1, 0): "冷碛镇"})[:300], "roster.xlsx"),
        (ROSTER_CSV.encode(), "roster.xls"),
    ],
)
def test_broken_workbook(data: bytes, filename: str) -> None:
    # Issue 12: what is no workbook at all (text, a truncated zip) is told so.
    assert refusal(data, filename).startswith("The file is not an Excel workbook")


def test_csv_in_an_unknown_encoding() -> None:
    assert refusal(b"\xff\xfe\x80\x80\xff", "roster.csv") == (
        "The CSV file is neither UTF-8 nor GBK encoded."
    )


def test_csv_with_an_enormous_cell() -> None:
    data = b"name\r\n" + b"x" * 200_000 + b"\r\n"
    assert "could not be read" in refusal(data, "roster.csv")


# --- cell values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (513322101000.0, "513322101000"),
        (1.10101199003070e17, "110101199003070000"),  # an ID Excel already made a number
        (-0.0, "0"),
        (2.5, "2.5"),
        (True, "1"),
        (date(2026, 2, 3), "2026-02-03"),
        (datetime(2026, 2, 3), "2026-02-03"),  # noqa: DTZ001 - as calamine returns it
        ("  ５１３３２２ ", "513322"),
        (513322, "513322"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_integral_numbers_read_without_a_decimal_point(number: int) -> None:
    assert cell_text(float(number)) == str(number)


@given(st.text())
def test_text_cells_never_keep_surrounding_space_or_nul(text: str) -> None:
    result = cell_text(text)
    assert result == result.strip()
    assert "\x00" not in result


# --- columns ----------------------------------------------------------------------------

WANTED = {
    "code": ("代码", "code"),
    "name": ("名称", "name"),
    "parent_code": ("上级代码", "parent code"),
}


def test_columns_found_in_any_order_and_case() -> None:
    mapping, warnings = find_columns(["Name", "备注", "", "Parentcode", "CODE"], WANTED, {"name"})
    assert mapping == {"code": "CODE", "name": "Name", "parent_code": "Parentcode"}
    assert warnings == ["Column “备注” is not used and was ignored."]


def test_alias_with_a_space_matches_the_header_as_read() -> None:
    table = read_table(b"name,parent code\r\nx,513322\r\n", "a.csv")
    mapping, _warnings = find_columns(table.headers, WANTED, {"name", "parent_code"})
    assert mapping["parent_code"] == "parentcode"


def test_missing_required_columns_are_named() -> None:
    with pytest.raises(ValidationFailed) as caught:
        find_columns(["备注"], WANTED, {"code", "name"})
    assert str(caught.value.message) == (
        "Missing column(s): 代码、名称. Use the template's header row."
    )


def test_optional_column_may_be_missing() -> None:
    mapping, warnings = find_columns(["名称"], WANTED, {"name"})
    assert (mapping, warnings) == ({"name": "名称"}, [])

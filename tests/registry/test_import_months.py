"""外出时间 may be a month alone (issue 14, point 8); other date columns still need the day."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.core.errors import ValidationFailed
from guanai.core.idnumber import make_id
from guanai.registry.importing import roster_import
from guanai.registry.importing.months import parse_month_or_date
from guanai.registry.models import Category, PersonCategory
from guanai.registry.roster_template import template_bytes
from guanai.sheets.reading import read_table
from guanai.sheets.writing import workbook_bytes
from tests.conftest import Region

YEARS = st.integers(min_value=1900, max_value=2100)
MONTHS = st.integers(min_value=1, max_value=12)
FULL_WIDTH = str.maketrans({str(n): chr(0xFF10 + n) for n in range(10)})


def _spellings(year: int, month: int) -> list[str]:
    """Every way the import accepts a month alone, as a clerk may type it."""
    forms = [
        f"{year}-{month:02d}",
        f"{year}-{month}",
        f"{year}/{month}",
        f"{year}/{month:02d}",
        f"{year}.{month}",
        f"{year}.{month:02d}",
        f"{year}年{month}月",
        f"{year}年{month:02d}月",
        f" {year} 年 {month} 月 ",
        f"{year}{month:02d}",
    ]
    return forms + [form.translate(FULL_WIDTH) for form in forms]


@given(year=YEARS, month=MONTHS)
def test_every_spelling_of_a_month_reads_as_its_first_day(year: int, month: int) -> None:
    for text in _spellings(year, month):
        assert parse_month_or_date(text) == date(year, month, 1), text
    # A number cell: 202403 as Excel stores it, and 2024.3 unless it could be 2024.10.
    assert parse_month_or_date(year * 100 + month) == date(year, month, 1)
    assert parse_month_or_date(float(year * 100 + month)) == date(year, month, 1)
    if month not in (1, 10):
        assert parse_month_or_date(float(f"{year}.{month}")) == date(year, month, 1)


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_whole_date_keeps_its_day(day: date) -> None:
    for text in (day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"{day:%Y%m%d}"):
        assert parse_month_or_date(text) == day


@given(year=YEARS, month=st.integers(min_value=13, max_value=99))
def test_an_impossible_month_is_refused_with_a_clear_message(year: int, month: int) -> None:
    for text in (f"{year}-{month}", f"{year}年{month}月", f"{year}{month}", f"{year}.{month}"):
        with translation.override("en"), pytest.raises(ValidationFailed) as refused:
            parse_month_or_date(text, field="away_since")
        assert refused.value.message == (
            f"“{text}”: there is no month {month}; a month is 1 to 12."
        )
        assert refused.value.field == "away_since"


def test_month_zero_and_years_out_of_range_are_refused() -> None:
    with translation.override("en"):
        with pytest.raises(ValidationFailed, match="there is no month 0"):
            parse_month_or_date("2024-00")
        with pytest.raises(ValidationFailed, match="the year 1899 cannot be right"):
            parse_month_or_date("1899-05")


def test_a_number_2024_1_is_refused_as_it_may_be_october() -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        parse_month_or_date(2024.1)
    assert "Excel stores 2024.10 as 2024.1 too" in str(refused.value.message)
    # Typed as text, 2024.1 is January.
    assert parse_month_or_date("2024.1") == date(2024, 1, 1)


@pytest.mark.parametrize("text", ["去年", "2024", "24-03", "2024-3-", "20243"])
def test_other_text_is_neither_a_date_nor_a_month(text: str) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        parse_month_or_date(text)
    assert refused.value.message == (
        f"“{text}” is neither a date nor a month; write it as 2015-03-04 or 2015-03."
    )


def test_a_wrong_day_keeps_the_date_message() -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        parse_month_or_date("2024-02-30")
    assert refused.value.message == "“2024-02-30” is not a real day; check the month and the day."


def test_an_xlsx_with_months_imports_them_and_still_refuses_a_birth_month(
    region: Region, township_worker: User
) -> None:
    # Given a left-behind roster written by the sheets writer, 外出时间 spelled in every way
    # clerks do, as text and as the numbers Excel makes of them,
    spellings: list[object] = [
        "2024-02",
        "2024年3月",
        "2024.4",
        "2024/5",
        "202406",
        202407,
        2024.8,
        "2024-09-15",
    ]
    expected = ["2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01"]
    expected += ["2024-07-01", "2024-08-01", "2024-09-15"]
    numbers = [make_id("513322", date(2015, 3, 4), 2 * n) for n in range(len(spellings) + 1)]
    rows: list[list[object]] = [
        [f"留守{n}", numbers[n], "双方", spelled] for n, spelled in enumerate(spellings)
    ]
    # and one row whose birth date is a month alone.
    rows.append(["生日只有月", numbers[-1], "父亲", "2024-02", "2015-03"])
    content, _count = workbook_bytes(
        title="留守儿童花名册",
        headers=["姓名", "身份证号", "外出父母", "外出时间", "出生日期"],
        rows=rows,
    )
    table = read_table(content, "roster.xlsx")

    # When it is imported,
    with translation.override("en"):
        report = roster_import(
            table, acting_user=township_worker, org_unit=region.lengqi, kind="left_behind"
        )

    # then every spelling is stored as its month's first day (or its day, when given),
    assert report.created == len(spellings)
    stored = {
        entry.person.name: entry.details["since"]
        for entry in PersonCategory.objects.filter(category=Category.LEFT_BEHIND).select_related(
            "person"
        )
    }
    assert stored == {f"留守{n}": iso for n, iso in enumerate(expected)}
    # and the birth date "2015-03" is refused with the same message as before.
    assert [(e.column, e.reason) for e in report.errors] == [
        ("出生日期", "“2015-03” is not a date; write it as 2015-03-04.")
    ]


def test_the_template_tells_how_to_write_a_month() -> None:
    book = CalamineWorkbook.from_filelike(io.BytesIO(template_bytes("left_behind")))
    notes = " ".join(str(row[0]) for row in book.get_sheet_by_name("填表说明").to_python())
    assert "外出时间可只写年月" in notes
    assert "2024年2月" in notes

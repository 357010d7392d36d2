"""A formula cell is no value a clerk typed: the import refuses it with its reason (issue 12)."""

from __future__ import annotations

import io
from datetime import date

import xlsxwriter
from django.utils import translation

from guanai.accounts.models import User
from guanai.core.idnumber import make_id
from guanai.registry.importing import roster_import
from guanai.registry.models import Person
from guanai.sheets.reading import read_table
from tests.conftest import Region


def _roster_with_formulas() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["序号", "姓名", "身份证号"])
    # Row 2: a name made by a formula, its cached value a plausible name.
    sheet.write_formula(1, 0, "=ROW()-1", None, 1)
    sheet.write_formula(1, 1, '="张"&"三"', None, "张三")
    sheet.write_string(1, 2, make_id("513322", date(2015, 3, 4), 123))
    # Row 3: typed values, and a formula only in the 序号 column the import does not read.
    sheet.write_formula(2, 0, "=ROW()-1", None, 2)
    sheet.write_string(2, 1, "李四")
    sheet.write_string(2, 2, make_id("513322", date(2015, 3, 4), 125))
    book.close()
    return buffer.getvalue()


def test_a_formula_cell_imported_as_a_name_is_refused_with_its_reason(
    region: Region, township_worker: User
) -> None:
    table = read_table(_roster_with_formulas(), "花名册.xlsx")
    with translation.override("zh-hans"):
        report = roster_import(table, acting_user=township_worker, org_unit=region.lengqi)
    assert (report.created, report.rejected) == (1, 1), report.errors
    [error] = report.errors
    assert (error.row, error.column) == (2, "姓名")
    assert "公式" in error.reason
    assert list(Person.objects.values_list("name", flat=True)) == ["李四"]

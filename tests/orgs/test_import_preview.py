"""The org import's dry run (issue 12, point 8): it reports exactly what the import then
does, writes nothing, and refuses names longer than the column and formula cells."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from django.utils import translation

from guanai.orgs.importing import org_units_import
from guanai.orgs.models import OrgUnit
from guanai.sheets.reading import Table, read_table
from tests.conftest import Region
from tests.orgs.files import CREATED, ERRORS, ROWS, xlsx_bytes
from tests.orgs.test_importing import snapshot


def test_a_dry_run_reports_what_the_import_does_and_writes_nothing(region: Region) -> None:
    table = read_table(xlsx_bytes(ROWS), "orgs.xlsx")
    before = snapshot()

    preview = org_units_import(table, dry_run=True)

    assert snapshot() == before
    assert (preview.created, preview.unchanged, preview.errors) == (CREATED, 0, ERRORS)
    # Children listed before their parents are placed under the units still to be made.
    placed = {(row, name, parent) for row, name, _kind, parent in preview.units}
    assert (4, "炉城街道", "康定市") in placed
    done = org_units_import(table)
    assert (done.created, done.errors) == (preview.created, preview.errors)
    assert [u[:2] for u in done.units] == [u[:2] for u in preview.units]
    again = org_units_import(table, dry_run=True)
    assert (again.created, again.unchanged) == (0, CREATED)


def test_a_dry_run_finds_the_rules_the_services_keep(region: Region) -> None:
    rows = [
        ["513322199000", "新镇", "镇", "513322"],
        ["", "新镇小学", "学校", "513322199000"],
        ["", "新镇小学", "学校", "513322199000"],  # the same row again: unchanged
        ["513322199001", "下村", "村", "513322199000"],
        ["", "村里的学校", "学校", "513322199001"],
        ["513322199002", "学校下的村", "村", ""],  # no parent: not a top-level kind
        ["", "冷碛镇中心小学", "学校", "513322101000"],  # exists already
    ]
    table = Table(headers=["代码", "名称", "类型", "上级代码"], rows=rows)
    with translation.override("en"):
        preview = org_units_import(table, dry_run=True)
        done = org_units_import(table)
    assert preview.errors == done.errors
    assert (preview.created, preview.unchanged) == (done.created, done.unchanged)


def test_a_name_longer_than_the_column_is_refused_per_row(region: Region) -> None:
    rows = [["", "长" * 500, "学校", "513322101000"], ["", "短名小学", "学校", "513322101000"]]
    table = Table(headers=["代码", "名称", "类型", "上级代码"], rows=rows)
    with translation.override("zh-hans"):
        report = org_units_import(table, dry_run=True)
        assert report.errors == [(2, "名称有 500 个字，最多只能 100 个字。")]
        assert report.created == 1
        org_units_import(table)
    assert not OrgUnit.objects.filter(name__startswith="长长").exists()
    assert OrgUnit.objects.filter(name="短名小学").exists()


def test_a_formula_cell_is_refused_with_its_reason(region: Region) -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["代码", "名称", "类型", "上级代码"])
    sheet.write_row(1, 0, ["", "", "学校", "513322101000"])
    sheet.write_formula(1, 1, '="公式"&"小学"', None, "公式小学")
    book.close()
    with translation.override("zh-hans"):
        report = org_units_import(read_table(buffer.getvalue(), "orgs.xlsx"))
    [(row, message)] = report.errors
    assert row == 2 and "公式" in message
    assert not OrgUnit.objects.filter(name="公式小学").exists()


@pytest.mark.parametrize("dry_run", [True, False])
def test_progress_is_reported_up_to_the_last_row(region: Region, dry_run: bool) -> None:
    seen: list[tuple[int, int]] = []
    table = read_table(xlsx_bytes(ROWS), "orgs.xlsx")
    org_units_import(
        table, dry_run=dry_run, progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (len(ROWS), len(ROWS))

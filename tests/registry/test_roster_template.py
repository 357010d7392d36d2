"""Roster templates: headers the importer reads, text columns, drop-down lists, instructions."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.registry.importing import roster_import
from guanai.registry.roster_template import GENERAL, template_bytes
from guanai.sheets.reading import read_table
from tests.conftest import Region

REQUIRED_GENERAL = [
    "序号", "姓名", "性别", "身份证号", "出生日期", "民族", "联系电话", "现住址", "人员类别",
    "就读学校", "年级", "班级", "监护人姓名", "与本人关系", "监护人电话", "父母外出务工地点",
    "残疾证号", "残疾类别", "残疾等级", "备注",
]  # fmt: skip


@pytest.mark.parametrize("kind", ["general", "left_behind", "disabled"])
def test_template_sheets_and_headers(kind: str) -> None:
    book = CalamineWorkbook.from_filelike(io.BytesIO(template_bytes(kind)))
    names = book.sheet_names
    assert "填表说明" in names
    headers = book.get_sheet_by_index(0).to_python()[0]
    assert {"姓名", "身份证号"} <= set(headers)
    if kind == "general":
        assert headers == REQUIRED_GENERAL == GENERAL
    if kind == "left_behind":
        assert {"外出父母", "外出时间", "监护情况"} <= set(headers)
    if kind == "disabled":
        assert {"残疾证号", "残疾类别", "残疾等级"} <= set(headers)
    notes = book.get_sheet_by_name("填表说明").to_python()
    assert any("身份证号" in str(row[0]) for row in notes)


def test_template_has_text_columns_and_lists() -> None:
    with zipfile.ZipFile(io.BytesIO(template_bytes("general"))) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert sheet.count("<dataValidation ") >= 5
    assert 'type="list"' in sheet
    assert "选项!$" in sheet
    assert 'formatCode="@"' in styles or 'numFmtId="49"' in styles


def test_an_empty_template_imports_nothing_and_warns_nothing(
    region: Region, township_worker: User
) -> None:
    for kind in ("general", "left_behind", "disabled"):
        table = read_table(template_bytes(kind), "template.xlsx")
        report = roster_import(
            table, acting_user=township_worker, org_unit=region.lengqi, kind=kind
        )
        assert report.counts() == {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        assert report.warnings == []


def test_template_command(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    call_command("roster_template", str(out), "--type", "disabled")
    assert out.read_bytes()[:2] == b"PK"


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        template_bytes("orphans")

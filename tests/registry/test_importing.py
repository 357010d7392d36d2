"""Roster import (花名册导入): the messy roster, idempotence, scoping, atomic rows, queries."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.core.actors import SYSTEM
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.idnumber import make_id
from guanai.registry import importing, services
from guanai.registry.importing import planning, roster_import
from guanai.registry.models import Category, Contact, Person, PersonCategory
from guanai.sheets.reading import Table, read_table
from tests.conftest import Region
from tests.data import make_roster

DATA = Path(__file__).resolve().parents[1] / "data"
XLSX = DATA / "roster_messy.xlsx"
CSV = DATA / "roster_messy.csv"


def _pairs(report: importing.RosterReport) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in report.errors}


def test_committed_files_are_what_the_script_writes() -> None:
    assert XLSX.read_bytes() == make_roster.xlsx_bytes()
    assert CSV.read_bytes() == make_roster.csv_bytes()


@pytest.mark.parametrize("path", [XLSX, CSV], ids=["xlsx", "gbk-csv"])
def test_messy_roster_imports_exactly_its_good_rows(
    region: Region, township_worker: User, path: Path
) -> None:
    report = roster_import(path, acting_user=township_worker, org_unit=region.lengqi)
    assert report.counts() == {"created": 7, "updated": 0, "unchanged": 0, "rejected": 9}
    assert _pairs(report) == make_roster.EXPECTED_ERRORS
    assert [no for no, _row in report.rejected_rows] == [8, 9, 10, 11, 12, 13, 15, 16, 18]
    persons = {p.name: p for p in Person.objects.all()}
    assert set(persons) == set(make_roster.EXPECTED_CREATED)
    for name, number in make_roster.EXPECTED_CREATED.items():
        assert persons[name].id_number == number
        assert persons[name].org_unit == region.lengqi
    zhang = persons["张三"]
    assert zhang.birth_date == date(2015, 3, 4)
    assert zhang.school == region.lengqi_school
    assert (zhang.grade, zhang.class_name, zhang.phone) == ("三年级", "2班", "13812345678")
    assert {c.category for c in zhang.categories.all()} == {"left_behind", "dibao"}
    left = zhang.categories.get(category="left_behind")
    assert left.details == {"away_at": "广东东莞"}
    guardian = zhang.contacts.get()
    assert (guardian.name, guardian.relation, guardian.phone) == ("张大爷", "祖父", "13900001111")
    assert guardian.is_guardian
    assert persons["李四"].ethnicity == "汉族"  # 汉 = 汉族
    assert {c.category for c in persons["李四"].categories.all()} == {
        "migrant_child",
        "single_parent",
    }
    assert persons["王五"].phone == "13912345678"  # full-width digits
    zhao = persons["赵六"]
    assert (zhao.ethnicity, zhao.health) == ("彝族", "disabled")
    assert zhao.categories.get().details == {"certificate_suffix": "42", "type": 4, "grade": 2}
    assert persons["孙七"].birth_date == date(2016, 8, 15)  # an Excel date cell
    assert {c.category for c in persons["孙七"].categories.all()} == {
        "left_behind",
        "unsupported_child",
    }
    assert persons["冯十三"].gender == "male"  # derived from the ID number
    # The unknown column is a warning, not an error; an ID number of another province is
    # fine (an unknown one is refused: tests/registry/test_data_sanity.py).
    assert any("家庭情况" in w for w in report.warnings)


def test_errors_name_the_reason(region: Region, township_worker: User) -> None:
    with translation.override("en"):
        report = roster_import(XLSX, acting_user=township_worker, org_unit=region.lengqi)
        reasons = {(e.row, e.column): e.reason for e in report.errors}
        assert "check digit" in reasons[8, "身份证号"]
        assert "does not match the ID number" in reasons[9, "出生日期"]
        assert reasons[10, "人员类别"] == "Unknown category “贫困户”."
        assert "11 digits" in reasons[11, "联系电话"]
        assert reasons[12, "身份证号"] == "The same ID number is also in row 13 of this file."
        assert reasons[13, "身份证号"] == "The same ID number is also in row 12 of this file."
        assert "不存在小学" in reasons[15, "就读学校"]
        assert reasons[16, "姓名"] == "Enter the person's name."
        assert "female" not in reasons[18, "性别"] and "male" in reasons[18, "性别"]


def test_a_second_import_changes_nothing(region: Region, township_worker: User) -> None:
    roster_import(XLSX, acting_user=township_worker, org_unit=region.lengqi)
    before = _snapshot()
    for path in (XLSX, CSV):
        again = roster_import(path, acting_user=township_worker, org_unit=region.lengqi)
        assert again.counts() == {"created": 0, "updated": 0, "unchanged": 7, "rejected": 9}
    assert _snapshot() == before


def _snapshot() -> list[Any]:
    return (
        [
            (p.pk, p.name, p.version, p.phone, p.school_id, p.ethnicity, p.health)
            for p in Person.objects.order_by("pk")
        ]
        + [(c.person_id, c.category, c.details) for c in PersonCategory.objects.order_by("pk")]
        + [(c.person_id, c.name, c.phone) for c in Contact.objects.order_by("pk")]
    )


def test_an_update_changes_only_what_differs_and_adds_what_is_missing(
    region: Region, township_worker: User
) -> None:
    zhang = services.person_register(
        acting_user=township_worker,
        org_unit=region.ganlusi,  # inside the importing township's subtree
        data=services.PersonData(name="张三", id_number=make_roster.ZHANG, phone="13700000000"),
        categories=[("dibao", date(2020, 1, 1))],
    )
    report = roster_import(XLSX, acting_user=township_worker, org_unit=region.lengqi)
    assert report.counts() == {"created": 6, "updated": 1, "unchanged": 0, "rejected": 9}
    zhang.refresh_from_db()
    assert zhang.phone == "13812345678"
    assert zhang.version == 2
    assert zhang.org_unit == region.ganlusi  # stays where it was filed
    dibao = zhang.categories.get(category="dibao")
    assert dibao.started_on == date(2020, 1, 1)  # not started again
    assert zhang.categories.filter(category="left_behind").exists()
    assert zhang.contacts.get().name == "张大爷"


def test_dry_run_writes_nothing(region: Region, township_worker: User) -> None:
    report = roster_import(XLSX, acting_user=township_worker, org_unit=region.lengqi, dry_run=True)
    assert report.counts() == {"created": 7, "updated": 0, "unchanged": 0, "rejected": 9}
    assert _pairs(report) == make_roster.EXPECTED_ERRORS
    assert not Person.objects.exists()
    assert not PersonCategory.objects.exists()
    assert not Contact.objects.exists()


def test_error_workbook_has_exactly_the_bad_rows(region: Region, township_worker: User) -> None:
    report = roster_import(XLSX, acting_user=township_worker, org_unit=region.lengqi)
    book = CalamineWorkbook.from_filelike(io.BytesIO(report.error_workbook()))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0] == [*make_roster.HEADERS, "错误原因"]
    body = rows[1:]
    assert [r[1] for r in body] == [
        "周八", "吴九", "郑十", "钱十一", "陈十二", "陈十二", "卫十四", "", "韩十七",
    ]  # fmt: skip
    assert all(r[-1] for r in body)
    # ID numbers come back as text, as typed; the reason names the column.
    assert body[0][3] == make_roster.ZHOU_BAD
    assert body[0][-1].startswith("身份证号：")
    assert body[1][-1].startswith("出生日期：")
    # Fixed and imported again, the error workbook is read like the roster.
    table = read_table(report.error_workbook(), "errors.xlsx")
    assert len(table.records()) == 9


def test_worker_of_another_township_is_refused_whole(
    region: Region, other_township_worker: User
) -> None:
    with pytest.raises(PermissionRefused):
        roster_import(XLSX, acting_user=other_township_worker, org_unit=region.lengqi)
    assert not Person.objects.exists()


def test_id_on_another_townships_roster_is_rejected_without_naming_it(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    services.person_register(
        acting_user=other_township_worker,
        org_unit=region.shencun,
        data=services.PersonData(name="张秘密", id_number=make_roster.ZHANG),
    )
    with translation.override("en"):
        report = roster_import(XLSX, acting_user=township_worker, org_unit=region.lengqi)
    assert (2, "身份证号") in _pairs(report)
    reason = next(e.reason for e in report.errors if e.row == 2)
    for secret in ("张秘密", "沈村", "兴隆"):
        assert secret not in reason
        assert secret not in report.error_workbook().decode("latin-1")
    assert report.created == 6
    assert Person.objects.get(id_hash=Person.objects.get(name="张秘密").id_hash).name == "张秘密"


def _table(count: int, *, start: int = 0) -> Table:
    headers = ["姓名", "身份证号", "人员类别", "就读学校", "监护人姓名", "监护人电话"]
    rows = [
        [
            f"学生{n}",
            make_id("513322", date(2012, 1, 1 + n % 28), n),
            "留守儿童、低保",
            "冷碛镇中心小学",
            f"家长{n}",
            "13900001111",
        ]
        for n in range(start, start + count)
    ]
    return Table(headers=headers, rows=rows)


def _queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_query_count_does_not_grow_with_the_rows(region: Region, township_worker: User) -> None:
    def run(count: int, start: int) -> Callable[[], object]:
        return lambda: roster_import(
            _table(count, start=start), acting_user=township_worker, org_unit=region.lengqi
        )

    run(1, 900)()  # warm the caches (content types) that a long-running process has warm
    new_10 = _queries(run(10, 0))
    new_50 = _queries(run(50, 100))
    # Look-ups are per chunk, not per row. SQLite caps the parameters of a statement, so
    # Django splits a bulk insert of 50 persons into two statements: allow that, no more.
    assert new_10 <= 15
    assert new_50 - new_10 <= 2
    again_10 = _queries(run(10, 0))
    again_50 = _queries(run(50, 100))
    assert again_50 - again_10 <= 2
    assert Person.objects.count() == 61
    assert Contact.objects.count() == 61


def crash_on_second_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the database fail ("disk full") while a second chunk's dependents are written."""
    real = planning.write_rows
    calls = {"n": 0}

    def crashing(prepared: Any) -> None:
        groups = list(prepared)
        if any(group.model is PersonCategory for group in groups):
            calls["n"] += 1
            if calls["n"] == 2:
                raise DatabaseError("disk full")
        real(groups)

    monkeypatch.setattr(planning, "write_rows", crashing)


def test_chunks_are_written_whole_or_not_at_all(
    region: Region, township_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_on_second_chunk(monkeypatch)
    with pytest.raises(DatabaseError):
        roster_import(_table(6), acting_user=township_worker, org_unit=region.lengqi, chunk_size=3)
    # The first chunk is whole; of the second nothing was written: no half person.
    assert Person.objects.count() == 3
    for person in Person.objects.all():
        assert person.categories.count() == 2
        assert person.contacts.count() == 1


def test_a_row_the_database_refuses_is_rejected_alone(
    region: Region, township_worker: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file registered by someone else after the chunk looked: only that row is lost."""
    table = _table(4)
    taken = services.person_register(
        acting_user=SYSTEM,
        org_unit=region.lengqi,
        data=services.PersonData(name="已登记", id_number=table.rows[2][1]),
    )
    monkeypatch.setattr(planning, "stored_persons", lambda hashes, lock: {})
    report = roster_import(table, acting_user=township_worker, org_unit=region.lengqi)
    assert report.counts() == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 1}
    assert _pairs(report) == {(4, "身份证号")}
    assert Person.objects.count() == 4
    taken.refresh_from_db()
    assert taken.name == "已登记"
    assert not taken.categories.exists()


def test_excel_serial_number_dates_and_id_numbers_as_numbers(
    region: Region, township_worker: User
) -> None:
    number = make_id("513322", date(2015, 3, 4), 123)
    table = Table(
        headers=["姓名", "身份证号", "出生日期"],
        rows=[["甲", number, "42067"], ["乙", "513322201503041000", ""]],
        raw_rows=[["甲", number, 42067.0], ["乙", 5.13322201503041e17, None]],
    )
    report = roster_import(table, acting_user=township_worker, org_unit=region.lengqi)
    assert report.created == 1
    assert _pairs(report) == {(3, "身份证号")}
    assert Person.objects.get().birth_date == date(2015, 3, 4)


def test_columns_in_any_order_and_a_missing_required_column(
    region: Region, township_worker: User
) -> None:
    number = make_id("513322", date(2015, 3, 4), 123)
    table = Table(headers=["身份证号", "备注", "姓名"], rows=[[number, "新来的", "张三"]])
    report = roster_import(table, acting_user=township_worker, org_unit=region.lengqi)
    assert report.created == 1
    assert Person.objects.get().note == "新来的"
    with pytest.raises(ValidationFailed):
        roster_import(
            Table(headers=["姓名"], rows=[["张三"]]),
            acting_user=township_worker,
            org_unit=region.lengqi,
        )


def test_left_behind_and_disabled_kinds(region: Region, township_worker: User) -> None:
    number = make_id("513322", date(2015, 3, 4), 123)
    table = Table(
        headers=["姓名", "身份证号", "外出父母", "父母外出务工地点", "外出时间", "监护情况"],
        rows=[["张三", number, "双方", "浙江义乌", "2020.2.1", "一般"]],
    )
    roster_import(table, acting_user=township_worker, org_unit=region.lengqi, kind="left_behind")
    entry = PersonCategory.objects.get()
    assert entry.category == Category.LEFT_BEHIND
    assert entry.details == {
        "away": "both",
        "away_at": "浙江义乌",
        "since": "2020-02-01",
        "guardianship": "fair",
    }
    other = make_id("513322", date(1980, 3, 4), 125)
    table = Table(
        headers=["姓名", "身份证号", "残疾证号", "残疾类别", "残疾等级"],
        rows=[
            ["李五", other, other + "33", "言语残疾", "3"],
            ["王六", other[:-1] + "0", "", "九", "五级"],
        ],
    )
    report = roster_import(
        table, acting_user=township_worker, org_unit=region.lengqi, kind="disabled"
    )
    assert report.created == 1
    assert _pairs(report) >= {(3, "残疾类别"), (3, "残疾等级")}
    assert Person.objects.get(name="李五").categories.get().details == {
        "certificate_suffix": "33",
        "type": 3,
        "grade": 3,
    }


def test_a_mismatched_certificate_is_an_error(region: Region, township_worker: User) -> None:
    number = make_id("513322", date(1980, 3, 4), 125)
    table = Table(
        headers=["姓名", "身份证号", "残疾证号", "残疾类别"],
        rows=[["李五", number, number + "13", "肢体"]],
    )
    report = roster_import(table, acting_user=township_worker, org_unit=region.lengqi)
    assert _pairs(report) == {(2, "残疾证号")}


def test_changes_are_in_the_audit_log(region: Region, township_worker: User) -> None:
    from auditlog.models import LogEntry

    roster_import(_table(2), acting_user=township_worker, org_unit=region.lengqi)
    entries = LogEntry.objects.filter(action=LogEntry.Action.CREATE, actor=township_worker)
    assert entries.count() == 2
    assert all(e.additional_data == {"source": "roster_import"} for e in entries)


# The command ---------------------------------------------------------------------------


def _command(*args: str) -> tuple[dict[str, int], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0]), err.getvalue()


def test_command_prints_one_json_line_and_writes_the_errors(region: Region, tmp_path: Path) -> None:
    errors = tmp_path / "errors.xlsx"
    counts, err = _command(str(XLSX), "--org", "513322101000", "--errors", str(errors))
    assert counts == {"created": 7, "updated": 0, "unchanged": 0, "rejected": 9}
    assert "18" in err
    rows = CalamineWorkbook.from_path(str(errors)).get_sheet_by_index(0).to_python()
    assert len(rows) == 10
    counts, _err = _command(str(CSV), "--org", "513322101000")
    assert counts == {"created": 0, "updated": 0, "unchanged": 7, "rejected": 9}


def test_command_dry_run_and_org_id(region: Region) -> None:
    counts, _err = _command(
        str(XLSX), "--org-id", str(region.lengqi_school.pk), "--dry-run", "--type", "general"
    )
    assert counts["created"] == 7
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("roster.xlsx", b"not a spreadsheet at all"),
        ("roster.txt", b"hello"),
        ("roster.csv", "备注\n无\n".encode()),  # no 姓名 or 身份证号 column
    ],
)
def test_command_refuses_a_file_it_cannot_read(
    region: Region, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--org", "513322101000", stdout=io.StringIO())


def test_command_refuses_a_missing_file_or_unit(region: Region, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("import_roster", str(tmp_path / "none.xlsx"), "--org", "513322101000")
    with pytest.raises(CommandError):
        call_command("import_roster", str(XLSX), "--org", "110000")


def test_command_refuses_a_file_over_the_size_limit(
    region: Region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("guanai.sheets.reading.MAX_BYTES", 100)
    with pytest.raises(CommandError):
        call_command("import_roster", str(XLSX), "--org", "513322101000")
    assert not Person.objects.exists()


def test_progress_is_reported_before_each_chunk(region: Region, township_worker: User) -> None:
    calls: list[tuple[str, int, int]] = []
    roster_import(
        _table(7),
        acting_user=township_worker,
        org_unit=region.lengqi,
        chunk_size=3,
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert calls == [("write", 0, 7), ("write", 3, 7), ("write", 6, 7)]
    assert Person.objects.count() == 7
    calls.clear()
    roster_import(
        _table(7),
        acting_user=township_worker,
        org_unit=region.lengqi,
        dry_run=True,
        chunk_size=3,
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert calls == [("check", 0, 7), ("check", 3, 7), ("check", 6, 7)]


def test_cells_are_normalised_alike_whatever_they_hold(
    region: Region, township_worker: User
) -> None:
    # Cells are normalised a row at a time, joined by U+001F; a cell holding that
    # character itself is read cell by cell, with the same result. Repeated category
    # cells and dates are read once and must still give each row its own values.
    headers = ["姓名", "身份证号", "出生日期", "人员类别", "现住址", "监护人姓名"]
    first, second, third = (make_id("513322", date(2012, 3, 4), n) for n in (1, 2, 3))
    rows = [
        ["　张 三　", f"５１{first[2:]}", "2012年3月4日", "留守儿童，低保", " 冷碛镇 ", "李四"],
        ["王五", second, "2012年3月4日", "留守儿童,低保", "冷碛\x1f镇", "赵六"],
        ["钱七", third, "2012年3月5日", "留守儿童，低保、贫困户", "Ｅ\u0301村", "孙八"],
    ]
    with translation.override("en"):
        report = roster_import(
            Table(headers=headers, rows=rows),
            acting_user=township_worker,
            org_unit=region.lengqi,
        )
        assert report.counts() == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
        assert sorted((e.row, e.column) for e in report.errors) == [
            (4, "人员类别"),
            (4, "出生日期"),
        ]
    persons = {p.name: p for p in Person.objects.all()}
    assert set(persons) == {"张三", "王五"}
    assert persons["张三"].address == "冷碛镇"
    assert persons["王五"].address == "冷碛\x1f镇"
    for person in persons.values():
        assert person.birth_date == date(2012, 3, 4)
        assert {c.category for c in person.categories.all()} == {"left_behind", "dibao"}
        assert all(c.details == {} for c in person.categories.all())

"""Roster export (花名册导出): round trip, masking, scoping, totals, formulas, audit, queries."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils import timezone
from python_calamine import CalamineWorkbook

import guanai.urls
from guanai.accounts.models import Role, User
from guanai.core.idnumber import make_id
from guanai.core.masking import mask_id
from guanai.core.models import AccessLog, AuditAction
from guanai.registry import services
from guanai.registry.exporting import CATEGORY_LABEL, roster_export
from guanai.registry.importing import CATEGORY_WORDS, roster_import
from guanai.registry.models import Category, Contact, Person, PersonCategory
from guanai.registry.roster_template import GENERAL
from guanai.registry.selectors import PersonFilter
from guanai.registry.views import roster_export_view
from guanai.sheets.reading import read_table
from tests import factories
from tests.conftest import Region, logged_in
from tests.data import make_roster
from tests.support.queries import assert_same_query_count, count_queries

MESSY = Path(make_roster.__file__).with_name("roster_messy.xlsx")
URL = "/persons/export/"
ID = make_id("513322", date(2014, 6, 1), 246)

# Until the export has its line in registry/urls.py, these tests serve it from here.
urlpatterns = [
    path("persons/export/", roster_export_view, name="person_export_test"),
    *guanai.urls.urlpatterns,
]
pytestmark = pytest.mark.urls(__name__)


def _grid(data: bytes) -> list[list[Any]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


def _records(data: bytes) -> dict[str, dict[str, str]]:
    """Return the exported persons by name, as the importer reads the sheet."""
    return {r["姓名"]: r for _no, r in read_table(data, "export.xlsx").records()}


def _export(
    client: Client,
    query: dict[str, Any] | None = None,
    *,
    full: bool = False,
    purpose: str = "上报县民政局",
) -> HttpResponse:
    """Export as the roster page does: filters in the query string, a POST with the purpose."""
    data = {"purpose": purpose, **({"full": "1"} if full else {})}
    return client.post(f"{URL}?{urlencode(query or {})}", data)


def _pupil(user: User, region: Region, name: str, sequence: int, **values: Any) -> Person:
    """A pupil with a phone, in two categories, with guardian and working-away father."""
    return factories.pupil(
        user,
        region.lengqi_school,
        name,
        sequence,
        phone=f"1370000{sequence:04d}",
        categories=("left_behind", "dibao"),
        **values,
    )


def _snapshot() -> list[Any]:
    return (
        [
            (
                *(p.pk, p.name, p.version, p.id_number, p.phone, p.gender, p.birth_date),
                *(p.ethnicity, p.address, p.school_id, p.grade, p.class_name, p.health, p.note),
            )
            for p in Person.objects.order_by("pk")
        ]
        + [
            (c.person_id, c.category, c.details, c.ended_on)
            for c in PersonCategory.objects.order_by("pk")
        ]
        + [
            (c.person_id, c.name, c.relation, c.phone, c.is_guardian)
            for c in Contact.objects.order_by("pk")
        ]
    )


# --- the layout, and the round trip ---------------------------------------------------------


def test_labels_are_the_importers_words() -> None:
    assert set(CATEGORY_LABEL) == set(Category.values)
    for code, label in CATEGORY_LABEL.items():
        assert CATEGORY_WORDS[label] == code


def test_sheet_has_title_template_header_totals_and_signatures(
    region: Region, township_worker: User
) -> None:
    _pupil(township_worker, region, "王小明", 11)
    data, rows = roster_export(township_worker, PersonFilter(), full_numbers=False)
    grid = _grid(data)
    today = timezone.localdate()
    assert rows == 1
    assert grid[0][0] == f"冷碛镇 特殊群体花名册（{today.year}年{today.month}月{today.day}日）"
    assert [c for c in grid[0] if c] == [grid[0][0]]  # one cell: the reader skips it
    assert grid[1][: len(GENERAL)] == GENERAL
    assert grid[2][:2] == ["1", "王小明"]
    assert grid[3] == [""] * len(grid[3])  # a blank row before the totals
    assert grid[4][0] == "合计"
    footer = " ".join(str(c) for row in grid[5:] for c in row)
    for label in ("填报单位：冷碛镇", "填表人：测试用户", "审核人：", "日期："):
        assert label in footer
    assert "用途：花名册导出" in footer


def test_category_filter_names_the_category_in_the_title(
    region: Region, township_worker: User
) -> None:
    _pupil(township_worker, region, "王小明", 11)
    flt = PersonFilter(category="left_behind", unit=region.lengqi)
    data, _rows = roster_export(township_worker, flt, full_numbers=False)
    assert _grid(data)[0][0].startswith("冷碛镇 留守儿童花名册（")


def test_export_with_full_numbers_imports_back_unchanged(
    region: Region, township_worker: User
) -> None:
    # Given the messy roster's 7 good persons (categories, a guardian, a disability) and a
    # pupil with a guardian, a parent working away and two categories
    roster_import(MESSY, acting_user=township_worker, org_unit=region.lengqi)
    _pupil(township_worker, region, "王小明", 11, ethnicity="藏族", address="甘露寺村2组")
    before = _snapshot()
    data, rows = roster_export(township_worker, PersonFilter(), full_numbers=True)
    assert rows == 8
    # When the export is imported into the same unit
    table = read_table(data, "花名册.xlsx")
    assert table.first_row == 3  # the title row is skipped; row numbers are Excel's
    assert len(table.records()) == 8  # the 合计 and signature rows are not read
    assert any("合计" in w for w in table.warnings)
    report = roster_import(table, acting_user=township_worker, org_unit=region.lengqi)
    # Then nothing changes
    assert report.counts() == {"created": 0, "updated": 0, "unchanged": 8, "rejected": 0}
    assert not [w for w in report.warnings if "is not used" in w]  # every column is known
    assert _snapshot() == before


def test_export_carries_every_imported_value(region: Region, township_worker: User) -> None:
    # Given the messy roster imported and exported with full numbers
    roster_import(MESSY, acting_user=township_worker, org_unit=region.lengqi)
    before = [row[1:2] + row[3:] for row in _snapshot() if len(row) == 14]
    data, _rows = roster_export(township_worker, PersonFilter(), full_numbers=True)
    records = _records(data)
    zhang = records["张三"]
    assert zhang["身份证号"] == make_roster.ZHANG
    assert (zhang["性别"], zhang["出生日期"], zhang["民族"]) == ("男", "2015-03-04", "汉族")
    assert zhang["人员类别"] == "留守儿童、低保对象"
    assert (zhang["监护人姓名"], zhang["与本人关系"], zhang["监护人电话"]) == (
        "张大爷",
        "祖父",
        "13900001111",
    )
    assert zhang["父母外出务工地点"] == "广东东莞"
    zhao = records["赵六"]
    assert (zhao["残疾证号"], zhao["残疾类别"], zhao["残疾等级"]) == (
        make_roster.ZHAO + "42",
        "肢体",
        "二级",
    )
    # When every file is gone and the export is imported into an empty roster
    Person.objects.all().delete()
    report = roster_import(
        read_table(data, "花名册.xlsx"), acting_user=township_worker, org_unit=region.lengqi
    )
    # Then the same persons, categories and guardians come back
    assert report.counts() == {"created": 7, "updated": 0, "unchanged": 0, "rejected": 0}
    after = [row[1:2] + row[3:] for row in _snapshot() if len(row) == 14]
    assert sorted(after, key=str) == sorted(before, key=str)
    details = {(c.person.name, c.category): c.details for c in PersonCategory.objects.all()}
    assert details["赵六", "disabled"] == {"certificate_suffix": "42", "type": 4, "grade": 2}
    assert details["张三", "left_behind"] == {"away_at": "广东东莞"}
    assert Contact.objects.get(person__name="张三").phone == "13900001111"


# --- masking ------------------------------------------------------------------------------


def test_numbers_are_masked_by_default(region: Region, township_worker: User) -> None:
    _pupil(township_worker, region, "王小明", 11)
    response = _export(logged_in(township_worker))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    pupil = _records(response.content)["王小明"]
    number = make_id("513322", date(2015, 5, 5), 11)
    assert pupil["身份证号"] == number[:3] + "*" * 11 + number[-4:]
    assert (pupil["联系电话"], pupil["监护人电话"]) == ("137****0011", "139****0011")
    assert "已脱敏" in " ".join(str(c) for row in _grid(response.content) for c in row)


def test_full_numbers_for_a_worker_who_asks(region: Region, township_worker: User) -> None:
    _pupil(township_worker, region, "王小明", 11)
    response = _export(logged_in(township_worker), full=True)
    pupil = _records(response.content)["王小明"]
    assert pupil["身份证号"] == make_id("513322", date(2015, 5, 5), 11)
    assert (pupil["联系电话"], pupil["监护人电话"]) == ("13700000011", "13912340011")
    assert "已脱敏" not in " ".join(str(c) for row in _grid(response.content) for c in row)
    log = AccessLog.objects.get(action=AuditAction.EXPORT)
    assert log.detail["filters"]["full_numbers"] is True


def test_viewer_gets_masked_numbers_even_when_asking_for_full(
    region: Region, township_worker: User, prefecture_viewer: User
) -> None:
    _pupil(township_worker, region, "王小明", 11)
    response = _export(logged_in(prefecture_viewer), full=True)
    assert response.status_code == 200
    pupil = _records(response.content)["王小明"]
    assert "*" in pupil["身份证号"] and pupil["监护人电话"] == "139****0011"
    assert (
        AccessLog.objects.get(action=AuditAction.EXPORT).detail["filters"]["full_numbers"] is False
    )


def test_full_numbers_only_where_the_role_may_reveal(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    # Given a worker of 冷碛镇 who is also a viewer in 兴隆镇
    _pupil(township_worker, region, "王小明", 11)
    services.person_register(
        acting_user=other_township_worker,
        org_unit=region.xinglong,
        data=services.PersonData(name="兴隆的孩子", phone="13600000001"),
    )
    factories.grant(township_worker, region.xinglong, Role.VIEWER)
    records = _records(_export(logged_in(township_worker), full=True).content)
    assert records["王小明"]["联系电话"] == "13700000011"
    assert records["兴隆的孩子"]["联系电话"] == "136****0001"


# --- scoping ------------------------------------------------------------------------------


def test_other_townships_persons_are_never_exported(
    region: Region, township_worker: User, other_township_worker: User, county_leader: User
) -> None:
    _pupil(township_worker, region, "王小明", 11)
    services.person_register(
        acting_user=other_township_worker,
        org_unit=region.xinglong,
        data=services.PersonData(name="兴隆的孩子", id_number=ID),
    )
    client = logged_in(township_worker)
    assert set(_records(_export(client, full=True).content)) == {"王小明"}
    assert set(_records(_export(client, {"q": ID}).content)) == set()
    # A unit outside the user's scope is not found, not exported
    assert _export(client, {"unit": region.xinglong.pk}).status_code == 404
    assert set(_records(_export(logged_in(county_leader)).content)) == {"王小明", "兴隆的孩子"}


def test_only_roster_roles_export(
    region: Region, township_worker: User, county_sysadmin: User, school_helper: User
) -> None:
    _pupil(township_worker, region, "王小明", 11)
    volunteer = factories.user(unit=region.lengqi, role=Role.VOLUNTEER)
    for account in (county_sysadmin, school_helper, volunteer):
        assert logged_in(account).get(URL).status_code == 403
        assert _export(logged_in(account), full=True).status_code == 403
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_bad_filters_are_refused(township_worker: User) -> None:
    client = logged_in(township_worker)
    assert client.get(URL, {"status": "nonsense"}).status_code == 400
    assert client.get(URL, {"unit": "x"}).status_code == 404
    assert _export(client, {"status": "nonsense"}).status_code == 400


def test_filters_of_the_list_apply(region: Region, township_worker: User) -> None:
    _pupil(township_worker, region, "王小明", 11)
    services.person_register(
        acting_user=township_worker,
        org_unit=region.lengqi,
        data=services.PersonData(name="李大爷"),
        categories=[("tekun", date(2024, 1, 1))],
    )
    client = logged_in(township_worker)
    assert set(_records(_export(client, {"category": "tekun"}).content)) == {"李大爷"}
    assert set(_records(_export(client, {"q": "wxm"}).content)) == {"王小明"}
    assert set(_records(_export(client, {"unit": region.lengqi_school.pk}).content)) == {"王小明"}


# --- totals, neutralisation, audit, queries -----------------------------------------------


def test_totals_by_category(region: Region, township_worker: User) -> None:
    # Given 3 pupils (left-behind and dibao each), one extremely poor elder, and a category
    # that ended last year, which is not counted
    for n in range(3):
        _pupil(township_worker, region, f"学生{n}", 20 + n)
    elder = services.person_register(
        acting_user=township_worker,
        org_unit=region.lengqi,
        data=services.PersonData(name="李大爷"),
        categories=[("tekun", date(2024, 1, 1)), ("dibao", date(2020, 1, 1))],
    )
    elder.categories.filter(category="dibao").update(ended_on=date(2024, 12, 31))
    data, rows = roster_export(township_worker, PersonFilter(), full_numbers=False)
    grid = _grid(data)
    at = next(i for i, row in enumerate(grid) if row[0] == "合计")
    assert at == 2 + rows + 1  # title, header, the persons, one blank row
    totals = dict(zip(grid[at][1:12], grid[at + 1][1:12], strict=True))
    assert totals == {
        "总人数": 4,
        "留守儿童": 3,
        "外来务工子女": 0,
        "单亲家庭儿童": 0,
        "孤儿": 0,
        "事实无人抚养儿童": 0,
        "残疾人": 0,
        "三无人员": 0,
        "特困人员": 1,
        "低保对象": 3,
        "重大疾病患者": 0,
    }
    assert _records(data)["李大爷"]["人员类别"] == "特困人员"


def test_formula_like_cells_are_neutralised(region: Region, township_worker: User) -> None:
    person = services.person_register(
        acting_user=township_worker,
        org_unit=region.lengqi,
        data=services.PersonData(
            name="张三", address='=HYPERLINK("http://evil.example","x")', note="@SUM(A1)"
        ),
    )
    services.contact_add(
        acting_user=township_worker,
        person=person,
        kind="guardian",
        name="+张大爷",
        relation="-祖父",
        is_guardian=True,
    )
    data, _rows = roster_export(
        township_worker, PersonFilter(), full_numbers=True, purpose="=cmd|' /C calc'!A0"
    )
    record = _records(data)["张三"]
    assert record["现住址"] == '\'=HYPERLINK("http://evil.example","x")'
    assert record["备注"] == "'@SUM(A1)"
    assert (record["监护人姓名"], record["与本人关系"]) == ("'+张大爷", "'-祖父")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    assert "用途：=cmd" in " ".join(str(c) for row in _grid(data) for c in row)  # in the cell


def test_numbers_are_text_cells(region: Region, township_worker: User) -> None:
    _pupil(township_worker, region, "王小明", 11)
    data, _rows = roster_export(township_worker, PersonFilter(), full_numbers=True)
    row = _grid(data)[2]
    for header in ("序号", "身份证号", "联系电话", "监护人电话"):
        assert isinstance(row[GENERAL.index(header)], str), header


def test_every_export_is_audited_with_its_rows_filters_and_purpose(
    region: Region, township_worker: User
) -> None:
    for n in range(3):
        _pupil(township_worker, region, f"学生{n}", 20 + n)
    _export(
        logged_in(township_worker),
        {"category": "left_behind", "status": "active"},
        purpose="  上报县民政局 ",
    )
    log = AccessLog.objects.get(action=AuditAction.EXPORT)
    assert (log.user, log.object_type) == (township_worker, "roster")
    assert log.detail["rows"] == 3
    assert log.detail["purpose"] == "上报县民政局"
    assert log.detail["filters"] == {
        "q": "",
        "category": "left_behind",
        "unit": "",
        "school_class": "",
        "status": "active",
        "full_numbers": False,
    }
    # An export with nothing in it is an export too
    _export(logged_in(township_worker), {"q": "nobody"})
    assert [
        e.detail["rows"] for e in AccessLog.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    ] == [3, 0]


def test_export_runs_a_fixed_number_of_queries(
    region: Region, township_worker: User, no_n_plus_one: None
) -> None:
    _pupil(township_worker, region, "学生0", 100)
    with count_queries() as one:
        roster_export(township_worker, PersonFilter(), full_numbers=True)
    for n in range(1, 50):
        _pupil(township_worker, region, f"学生{n}", 100 + n)
    with count_queries() as fifty:
        _data, rows = roster_export(township_worker, PersonFilter(), full_numbers=True)
    assert rows == 50
    assert_same_query_count(one, fifty)


def test_the_page_runs_a_fixed_number_of_queries(region: Region, township_worker: User) -> None:
    client = logged_in(township_worker)
    _pupil(township_worker, region, "学生0", 100)
    with count_queries() as one:
        _export(client, full=True)
    for n in range(1, 50):
        _pupil(township_worker, region, f"学生{n}", 100 + n)
    with count_queries() as fifty:
        _export(client, full=True)
    assert_same_query_count(one, fifty)


# --- the reader finds the header below a title and stops at the totals -------------------


def test_reader_skips_title_rows_and_stops_at_the_totals() -> None:
    csv = "冷碛镇 花名册\r\n\r\n姓名,身份证号\r\n张三,1\r\n\r\n李四,2\r\n合计,2人\r\n王五,3\r\n"
    table = read_table(csv.encode(), "roster.csv")
    assert table.headers == ["姓名", "身份证号"]
    assert table.records() == [
        (4, {"姓名": "张三", "身份证号": "1"}),
        (6, {"姓名": "李四", "身份证号": "2"}),
    ]
    assert table.warnings == ["第7行及以下为合计或签字栏（合计、填报单位……），未读取。"]


@pytest.mark.parametrize(
    ("csv", "headers", "rows"),
    [
        ("名称\r\n冷碛镇\r\n兴隆镇\r\n", ["名称"], [["冷碛镇"], ["兴隆镇"]]),  # one column
        ("a\r\nb\r\nc\r\nd\r\ne,f\r\n", ["a"], [["b"], ["c"], ["d"], ["e", "f"]]),  # > 3 titles
        ("代码,名称\r\n填报单位：县,\r\n", ["代码", "名称"], []),
    ],
)
def test_reader_keeps_sheets_without_a_title(
    csv: str, headers: list[str], rows: list[list[str]]
) -> None:
    table = read_table(csv.encode(), "units.csv")
    assert (table.headers, table.rows) == (headers, rows)


def test_an_id_searched_for_is_masked_in_the_audit_row(
    region: Region, township_worker: User
) -> None:
    number = make_id("513322", date(2014, 6, 1), 246)
    roster_export(township_worker, PersonFilter(q=number), full_numbers=False)
    entry = AccessLog.objects.filter(object_type="roster").latest("at")
    assert entry.detail["filters"]["q"] == mask_id(number)
    assert number not in str(entry.detail)


# --- asked with a purpose, by POST --------------------------------------------------------


def test_a_get_asks_the_purpose_and_exports_nothing(region: Region, township_worker: User) -> None:
    _pupil(township_worker, region, "王小明", 11)
    # Given the roster page's link to a full-number export, followed by a crawler or a link
    response = logged_in(township_worker).get(URL, {"full": "1", "category": "left_behind"})
    # Then it is a form asking the purpose, with the full numbers ticked; nothing is exported
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert 'name="purpose"' in page and 'id="id_full"' in page and "checked" in page
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_export_without_a_purpose_or_with_a_long_one_is_refused_in_chinese(
    region: Region, township_worker: User
) -> None:
    _pupil(township_worker, region, "王小明", 11)
    client = logged_in(township_worker)
    empty = _export(client, full=True, purpose="")
    assert empty.status_code == 400 and "请填写用途" in empty.content.decode()
    too_long = _export(client, full=True, purpose="x" * 201)
    assert too_long.status_code == 400
    assert "用途最多 200 个字" in too_long.content.decode()
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_export_needs_the_csrf_token(region: Region, township_worker: User) -> None:
    _pupil(township_worker, region, "王小明", 11)
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)
    assert _export(client, full=True).status_code == 403
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()

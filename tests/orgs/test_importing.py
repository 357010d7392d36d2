"""Importing org units from xlsx and csv: any row order, row errors, idempotence."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from django.utils import translation

from guanai.core.errors import ValidationFailed
from guanai.orgs.importing import org_units_import
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.sheets.reading import read_table
from tests.conftest import Region
from tests.orgs.files import CREATED, ERRORS, HEADERS, ROWS, csv_bytes, xlsx_bytes

FILES: dict[str, tuple[str, Callable[[list[list[str]]], bytes]]] = {
    "xlsx with text codes": ("orgs.xlsx", xlsx_bytes),
    "xlsx with number codes": ("orgs.xlsx", partial(xlsx_bytes, numbers=True)),
    "csv in GBK": ("orgs.csv", csv_bytes),
}


def snapshot() -> set[tuple[object, ...]]:
    return set(
        OrgUnit.objects.values_list(
            "pk", "parent_id", "name", "code", "kind", "path", "depth", "version", "updated_at"
        )
    )


def unit(name: str) -> OrgUnit:
    return OrgUnit.objects.get(name=name)


@pytest.mark.parametrize("kind_of_file", FILES)
def test_import_builds_the_tree_and_reports_bad_rows(region: Region, kind_of_file: str) -> None:
    filename, build = FILES[kind_of_file]
    before = OrgUnit.objects.count()

    report = org_units_import(read_table(build(ROWS), filename))

    assert report.errors == ERRORS
    assert (report.created, report.unchanged) == (CREATED, 0)
    assert report.warnings == []
    assert OrgUnit.objects.count() == before + CREATED
    # Children listed before their parents hang from the right parents, with codes as text.
    kangding, lucheng = unit("康定市"), unit("炉城街道")
    assert (kangding.code, kangding.kind, kangding.parent_id) == (
        "513301",
        "county",
        region.prefecture.pk,
    )
    assert (lucheng.code, lucheng.kind, lucheng.parent_id) == (
        "513301001000",
        "township",
        kangding.pk,
    )
    assert (unit("向阳社区").code, unit("向阳社区").kind) == ("513301001001", "village")
    school = unit("炉城街道第一小学")
    assert (school.code, school.kind, school.parent_id) == ("", "school", lucheng.pk)
    assert unit("新村").parent_id == region.lengqi.pk
    assert unit("杵坭乡").parent_id == region.county.pk
    # Every new unit is in the tree where its parent is.
    for name in ["康定市", "炉城街道", "向阳社区", "炉城街道第一小学", "新村", "杵坭乡"]:
        created = unit(name)
        parent = OrgUnit.objects.get(pk=created.parent_id)
        assert created.path.startswith(parent.path)
        assert created.depth == parent.depth + 1
        assert created.province_code == "51"
    # Nothing of the rejected rows was created.
    assert not OrgUnit.objects.filter(name__in=["烹坝镇", "岚安乡", "无名镇"]).exists()


@pytest.mark.parametrize("kind_of_file", FILES)
def test_importing_the_same_file_twice_changes_nothing(region: Region, kind_of_file: str) -> None:
    filename, build = FILES[kind_of_file]
    data = build(ROWS)
    org_units_import(read_table(data, filename))
    after_first = snapshot()

    again = org_units_import(read_table(data, filename))

    assert (again.created, again.unchanged) == (0, CREATED)
    assert again.errors == ERRORS
    assert snapshot() == after_first


def test_rows_of_units_already_in_the_database_are_unchanged(region: Region) -> None:
    rows = [
        ["513322101000", "冷碛镇", "镇", "513322"],
        ["", "冷碛镇中心小学", "学校", "513322101000"],
        ["510000", "四川省", "省", ""],
    ]
    before = snapshot()
    report = org_units_import(read_table(csv_bytes(rows), "orgs.csv"))
    assert (report.created, report.unchanged, report.errors) == (0, 3, [])
    assert snapshot() == before


@pytest.mark.parametrize("managed", [False, True], ids=["any unit", "a manager's units"])
def test_row_that_describes_a_stored_unit_otherwise_is_an_error(
    region: Region, managed: bool
) -> None:
    rows = [
        ["513322101000", "冷碛乡", "镇", "513322"],  # 2: another name
        ["513322102000", "兴隆镇", "村", "513322"],  # 3: another kind
        ["513322101201", "甘露村", "乡", "513322101000"],  # 4: both
        ["", "冷碛镇中心小学", "幼儿园", "513322101000"],  # 5: found by name, another kind
        ["513322102201", "", "村", "513322102000"],  # 6: no name at all
        ["513322", "泸定县", "县", "513300"],  # 7: exactly as stored
        ["", "兴隆镇中心小学", "学校", "513322102000"],  # 8: exactly as stored
    ]
    before = snapshot()
    # The prefecture is managed so that the county's own row has its parent in reach.
    roots = [region.prefecture] if managed else None

    report = org_units_import(read_table(csv_bytes(rows), "orgs.csv"), roots=roots)

    assert report.errors == [
        (2, "Code 513322101000 belongs to “冷碛镇” in the database, not “冷碛乡”."),
        (3, "“兴隆镇” is a Township in the database, not a Village / community."),
        (
            4,
            "Code 513322101201 belongs to “甘露寺村” in the database, not “甘露村”. "
            "“甘露寺村” is a Village / community in the database, not a Township.",
        ),
        (5, "“冷碛镇中心小学” is a School in the database, not a Kindergarten."),
        (6, "Enter the unit's name."),
    ]
    assert (report.created, report.unchanged) == (0, 2)
    assert snapshot() == before


def test_code_of_a_unit_outside_the_managers_units_is_not_described(region: Region) -> None:
    # Given a manager of 兴隆镇 whose rows use the codes of units in 冷碛镇 next door
    rows = [
        ["513322101000", "某镇", "镇", "513322102000"],  # 2: 冷碛镇's code
        ["513322101201", "某村", "村", "513322102000"],  # 3: 甘露寺村's code, another kind
        ["513322102201", "沈村", "村", "513322102000"],  # 4: their own 沈村, unchanged
    ]
    before = snapshot()

    report = org_units_import(read_table(csv_bytes(rows), "o.csv"), roots=[region.xinglong])

    # Then the rows are refused without the name, kind or place of the units they hit
    assert report.errors == [
        (2, "Code 513322101000 belongs to a unit outside the units you manage."),
        (3, "Code 513322101201 belongs to a unit outside the units you manage."),
    ]
    assert (report.created, report.unchanged) == (0, 1)
    assert snapshot() == before


def test_existing_code_under_another_parent_is_rejected(region: Region) -> None:
    rows = [["513322101000", "冷碛镇", "镇", "513300"]]
    report = org_units_import(read_table(csv_bytes(rows), "orgs.csv"))
    assert report.errors == [
        (2, "Code 513322101000 already belongs to “冷碛镇” under another parent.")
    ]
    assert unit("冷碛镇").parent_id == region.county.pk


def test_rule_broken_in_a_row_is_reported_with_the_services_message(region: Region) -> None:
    rows = [
        ["513323101000", "外县镇", "镇", "513322"],  # 2: outside 泸定县
        ["", "附属班", "学校", "513322101000"],  # 3: fine
        ["", "附属班", "学校", "513322101000"],  # 4: the same unit again, unchanged
        ["", "", "学校", "513322101000"],  # 5: no name
    ]
    report = org_units_import(read_table(csv_bytes(rows), "orgs.csv"))
    assert report.errors == [
        (2, "Code 513323101000 is not inside 513322, the code of the unit above."),
        (5, "Enter the unit's name."),
    ]
    assert (report.created, report.unchanged) == (1, 1)


def test_child_of_a_rejected_row_is_reported(region: Region) -> None:
    rows = [
        ["", "某镇小学", "学校", "513322107000"],
        ["513322107000", "某镇", "乡镇街道", "513322"],
    ]
    report = org_units_import(read_table(csv_bytes(rows), "orgs.csv"))
    assert report.errors == [
        (2, "No unit with the parent code 513322107000 exists or is in this file."),
        (3, "Unknown kind “乡镇街道”."),
    ]
    assert report.created == 0


def test_bad_code_is_reported_even_when_the_parent_is_missing(region: Region) -> None:
    rows = [["5133X9001000", "某镇", "镇", "513399"]]
    report = org_units_import(read_table(csv_bytes(rows), "orgs.csv"))
    assert report.errors == [(2, "A division code has 6 or 12 digits; “5133X9001000” does not.")]


def test_missing_required_column_is_refused(region: Region) -> None:
    rows = [[code, name, parent] for code, name, _kind, parent in ROWS]
    before = snapshot()
    with pytest.raises(ValidationFailed) as caught:
        org_units_import(
            read_table(xlsx_bytes(rows, headers=["代码", "名称", "上级代码"]), "o.xlsx")
        )
    assert str(caught.value.message) == "Missing column(s): 类型. Use the template's header row."
    assert snapshot() == before


def test_unknown_column_is_a_warning(region: Region) -> None:
    rows = [[*row, "备注文字"] for row in ROWS]
    report = org_units_import(read_table(csv_bytes(rows, headers=[*HEADERS, "备注"]), "o.csv"))
    assert report.warnings == ["Column “备注” is not used and was ignored."]
    assert report.created == CREATED


def test_english_headers_kind_words_and_columns_in_any_order(region: Region) -> None:
    rows = [
        ["Township", "513322108000", "513322", "德威乡"],
        ["SCHOOL", "", "513322108000", "德威小学"],
        ["village", "513322108201", "513322108000", "德威村"],
    ]
    headers = ["Kind", "Code", "Parent Code", "Name"]
    report = org_units_import(read_table(csv_bytes(rows, headers=headers), "o.csv"))
    assert (report.created, report.errors, report.warnings) == (3, [], [])
    assert [unit(n).kind for n in ["德威乡", "德威小学", "德威村"]] == [
        "township",
        "school",
        "village",
    ]


def test_row_numbers_follow_the_sheet(region: Region) -> None:
    # Given a blank row above the header and a blank row in the middle
    rows = [
        ["513322109000", "某乡", "乡", "513322"],
        ["", "", "", ""],
        ["513322110000", "另乡", "坏", ""],
    ]
    data = xlsx_bytes(rows, blank_rows_above=1)
    report = org_units_import(read_table(data, "o.xlsx"))
    # Then the bad row is reported as sheet row 5, where a clerk finds it in Excel
    assert report.errors == [(5, "Unknown kind “坏”.")]


def test_import_limited_to_the_managers_subtree(region: Region) -> None:
    rows = [
        ["513322102202", "兴隆新村", "村", "513322102000"],
        ["513322101203", "冷碛新村", "村", "513322101000"],
        ["520000", "贵州省", "省", ""],
    ]
    report = org_units_import(read_table(csv_bytes(rows), "o.csv"), roots=[region.xinglong])
    assert report.created == 1
    assert report.errors == [
        (3, "The parent unit is outside the units you manage."),
        (4, "The parent unit is outside the units you manage."),
    ]
    assert unit("兴隆新村").parent_id == region.xinglong.pk


@pytest.mark.parametrize(
    ("label", "kind", "code", "parent"),
    [
        ("村（社区）", "village", "513322101299", "lengqi"),
        ("乡镇（街道）", "township", "513322199000", "county"),
        ("县（区）", "county", "513399", "prefecture"),
    ],
)
def test_a_kind_written_as_the_pages_show_it_is_read(
    region: Region, label: str, kind: str, code: str, parent: str
) -> None:
    # The pages name kinds with full-width brackets; the reader folds cells to ASCII ones.
    rows = [[code, "新单位", label, getattr(region, parent).code]]

    with translation.override("zh-hans"):
        assert str(OrgKind(kind).label) == label
        report = org_units_import(read_table(csv_bytes(rows), "orgs.csv"))

    assert report.errors == []
    assert unit("新单位").kind == kind

"""``guanai crosscheck FILE --org CODE --kind KIND --json``: the fixed shape other tools
read, for CSV in UTF-8 and GBK and for xlsx; the defaults of source, purpose and date; the
table without --json; and every refusal on stderr with nothing printed."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.benefits.rolls import roll_generate
from guanai.cli import main
from guanai.core.models import AccessLog, AuditAction
from guanai.crosscheck.models import CheckList, Finding
from tests.crosscheck.support import World, csv_bytes, outsider_id, xlsx_bytes

pytestmark = pytest.mark.django_db
LENGQI = "513322101000"
DEATHS = ["姓名", "公民身份号码", "死亡日期"]
KEYS = ["rows", "rejected", "matched", "not_found", "out_of_scope", "findings"]


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = str(tmp_path / "var")


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("crosscheck", *args, stdout=out, stderr=StringIO())
    found: dict[str, Any] = json.loads(out.getvalue())
    return found


def test_a_deaths_list_prints_the_fixed_json(world: World, tmp_path: Path) -> None:
    this_month = timezone.localdate().replace(day=1)
    roll_generate(acting_user=world.lengqi_worker, org_unit=world.region.lengqi, month=this_month)
    rows = [
        DEATHS,
        ["王小芳", world.orphan.id_number, this_month.isoformat()],
        ["周奶奶", world.other.id_number, "2025-01-01"],  # 兴隆镇: out of scope
        ["路人", outsider_id(), "2025-01-01"],
        ["孙明", world.healthy.id_number, "2099-01-01"],  # a date in the future
    ]
    path = write(tmp_path, "公安死亡名单.csv", csv_bytes(rows))

    found = run(path, "--org", LENGQI, "--kind", "deaths", "--json")

    assert list(found) == KEYS
    assert found == {
        "rows": 4,
        "rejected": 1,
        "matched": 1,
        "not_found": 1,
        "out_of_scope": 1,
        "findings": {"death_active_file": 1, "death_on_roll": 1},
    }
    listed = CheckList.objects.get()
    # As a worker of the unit would upload it, by the system: the defaults filled in
    assert (listed.org_unit, listed.uploaded_by, listed.file_name) == (
        world.region.lengqi,
        None,
        "公安死亡名单.csv",
    )
    assert listed.purpose == _("Comparison from the command line")
    assert listed.source == _("Public security or funeral services")
    assert listed.as_of == timezone.localdate()
    assert AccessLog.objects.filter(action=AuditAction.CROSSCHECK_UPLOAD).count() == 1
    assert Finding.objects.filter(person=world.orphan).count() == 2


def test_a_gbk_csv_of_the_federation(world: World, tmp_path: Path) -> None:
    rows = [
        ["残疾等级", "姓名", "残疾类别", "身份证号"],  # any column order
        ["一级", "刘残", "肢体", world.disabled.id_number],
        ["三级", "新人", "视力", outsider_id()],
    ]
    path = write(tmp_path, "残联名单.csv", csv_bytes(rows, encoding="gbk"))

    found = run(
        path,
        "--org",
        LENGQI,
        "--kind",
        "disability",
        "--source",
        "县残联",
        "--purpose",
        "残疾人两项补贴核查",
        "--as-of",
        "2026-01-31",
        "--json",
    )

    assert found == {
        "rows": 2,
        "rejected": 0,
        "matched": 1,
        "not_found": 1,
        "out_of_scope": 0,
        "findings": {"disability_grade": 1, "disability_unregistered": 1},
    }
    listed = CheckList.objects.get()
    assert (listed.source, listed.purpose, listed.as_of.isoformat()) == (
        "县残联",
        "残疾人两项补贴核查",
        "2026-01-31",
    )


def test_an_xlsx_school_roll_and_the_table_without_json(world: World, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["学校", "姓名", "身份证号", "学籍状态"],
        ["冷碛镇中心小学", "陈留", world.child.id_number, "辍学"],
        ["冷碛镇中心小学", "孙明", world.healthy.id_number, "在校"],
    ]
    path = write(tmp_path, "学籍.xlsx", xlsx_bytes(rows))
    out = StringIO()

    call_command("crosscheck", path, "--org", LENGQI, "--kind", "school", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("冷碛镇 513322101000 · ") and lines[0].endswith(" · 学籍.xlsx")
    assert lines[2] == "2\t0\t2\t0\t0"
    assert lines[-1].endswith("\tschool_dropped_out\t1")
    assert Finding.objects.get().person == world.child


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "999999", "--kind", "deaths"], "999999"),
        (["--org", "", "--kind", "deaths"], "No unit has the code|没有代码为"),
        (["--org", LENGQI, "--kind", "births"], "births"),
        (["--org", LENGQI, "--kind", "deaths", "--as-of", "31.1.2026"], "31.1.2026"),
        (["--org", LENGQI, "--kind", "deaths", "--purpose", "   "], "purpose|目的"),
    ],
)
def test_bad_arguments_are_refused_with_nothing_printed(
    world: World, tmp_path: Path, args: list[str], message: str
) -> None:
    path = write(
        tmp_path, "d.csv", csv_bytes([DEATHS, ["王小芳", world.orphan.id_number, "2025-01-01"]])
    )
    out = StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("crosscheck", path, *args, "--json", stdout=out)
    assert out.getvalue() == ""
    assert not CheckList.objects.exists()


def test_a_file_missing_or_unusable_is_refused(world: World, tmp_path: Path) -> None:
    out = StringIO()
    missing = str(tmp_path / "none.csv")
    with pytest.raises(CommandError, match=r"none\.csv"):
        call_command("crosscheck", missing, "--org", LENGQI, "--kind", "deaths", stdout=out)
    with pytest.raises(CommandError, match=re.escape(str(tmp_path))):
        call_command("crosscheck", str(tmp_path), "--org", LENGQI, "--kind", "deaths", stdout=out)
    text = write(tmp_path, "deaths.txt", b"hello")
    with pytest.raises(CommandError, match=r"\.txt"):
        call_command("crosscheck", text, "--org", LENGQI, "--kind", "deaths", stdout=out)
    no_column = write(tmp_path, "d.csv", csv_bytes([["姓名", "身份证号"], ["王小芳", "1"]]))
    with pytest.raises(CommandError, match="死亡日期"):
        call_command("crosscheck", no_column, "--org", LENGQI, "--kind", "deaths", stdout=out)
    assert out.getvalue() == ""
    assert not CheckList.objects.exists()
    assert not (tmp_path / "var" / "crosscheck").exists() or not any(
        (tmp_path / "var" / "crosscheck").iterdir()
    )


@pytest.mark.django_db(transaction=True)  # the command closes its connection
def test_the_console_script_names_it_and_exits_1(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path, "d.csv", csv_bytes([DEATHS, ["王小芳", world.orphan.id_number, "2025-01-01"]])
    )
    for args in (["--org", "999999", "--kind", "deaths"], ["--org", LENGQI, "--kind", "births"]):
        with pytest.raises(SystemExit) as ended:
            main(["guanai", "crosscheck", path, *args, "--json"])
        assert ended.value.code == 1
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.strip()

    main(["guanai", "crosscheck", path, "--org", LENGQI, "--kind", "deaths", "--json"])
    assert json.loads(capsys.readouterr().out)["findings"] == {"death_active_file": 1}

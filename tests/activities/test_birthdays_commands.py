"""``guanai lunar-birthday`` and ``guanai birthdays``: exact output, and bad input refused."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from guanai.activities.birthdays import lunar_birthday_set
from guanai.core.actors import SYSTEM
from tests import factories
from tests.conftest import Region

GUANAI = Path(sys.executable).with_name("guanai")
SRC = Path(__file__).resolve().parents[2] / "src"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["--month", "4", "--day", "8", "--year", "2026"], "2026-05-24"),
        # 2023 has a 29-day 闰二月: the leap birthday of the 30th falls on its 29th.
        (["--month", "2", "--day", "30", "--leap", "--year", "2023"], "2023-04-19"),
        # 2024 has no leap month: the leap birthday falls in the ordinary second month.
        (["--month", "2", "--day", "1", "--leap", "--year", "2024"], "2024-03-10"),
        # Late in the twelfth month of lunar 2023: February 2024.
        (["--month", "12", "--day", "29", "--year", "2023"], "2024-02-08"),
        # 腊月 of lunar 2024 has 29 days: the 30th falls on the 29th, in January 2025.
        (["--month", "12", "--day", "30", "--year", "2024"], "2025-01-28"),
    ],
)
def test_lunar_birthday_prints_the_solar_date(args: list[str], printed: str) -> None:
    out, err = run("lunar_birthday", *args)
    assert out == printed + "\n"
    assert err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "13", "--day", "1", "--year", "2026"], "there is no month 13"),
        (["--month", "4", "--day", "31", "--year", "2026"], "there is no day 31"),
        (["--month", "4", "--day", "8", "--year", "2101"], "Choose a year from 1900 to 2100."),
        (["--month", "4", "--day", "8", "--year", "26"], "Write the year with four digits"),
    ],
)
def test_lunar_birthday_refuses_what_no_lunar_calendar_has(args: list[str], message: str) -> None:
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("lunar_birthday", *args, stdout=out)
    assert message in str(raised.value)
    assert raised.value.returncode == 2
    assert out.getvalue() == ""


def console(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "guanai.settings"}
    return subprocess.run(
        [str(GUANAI), *args], capture_output=True, text=True, env=env, check=False
    )


def test_the_console_script_prints_the_date_and_refuses_month_13_in_chinese() -> None:
    done = console("lunar-birthday", "--month", "12", "--day", "20", "--year", "2023")
    assert (done.returncode, done.stdout, done.stderr) == (0, "2024-01-30\n", "")
    refused = console("lunar-birthday", "--month", "13", "--day", "1", "--year", "2026")
    assert refused.returncode == 2
    assert refused.stdout == ""
    # The message is the catalogue's Chinese (the lead merges the translation).
    assert "13" in refused.stderr and "月" in refused.stderr


@pytest.fixture
def may_birthdays(region: Region) -> None:
    factories.person(region.ganlusi, "张伟", birth_date=dt.date(2015, 5, 20))
    factories.person(region.lengqi, "李娜", birth_date=dt.date(2014, 5, 3))
    # Same day as 李娜: pinyin order puts 阿 (a) first.
    factories.person(region.lengqi, "阿依", birth_date=dt.date(2013, 5, 3))
    wang = factories.person(region.lengqi, "王芳", birth_date=dt.date(2016, 9, 9))
    lunar_birthday_set(acting_user=SYSTEM, person=wang, month=4, day=8)
    factories.person(region.shencun, "赵强", birth_date=dt.date(2015, 5, 10))
    factories.person(
        region.lengqi,
        "黄磊",
        birth_date=dt.date(2010, 5, 5),
        archived=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )


@pytest.mark.usefixtures("may_birthdays")
def test_birthdays_prints_the_units_month_as_json() -> None:
    out, _err = run("birthdays", "--org", "513322101000", "--month", "2026-05", "--json")
    assert json.loads(out) == {
        "org": "513322101000",
        "month": "2026-05",
        "persons": [
            {"name": "阿依", "date": "2026-05-03", "lunar": False},
            {"name": "李娜", "date": "2026-05-03", "lunar": False},
            {"name": "张伟", "date": "2026-05-20", "lunar": False},
            {"name": "王芳", "date": "2026-05-24", "lunar": True},
        ],
    }
    assert out.endswith("}\n") and "阿依" in out  # UTF-8, not \u escapes
    county, _err = run("birthdays", "--org", "513322", "--month", "2026-05", "--json")
    assert [p["name"] for p in json.loads(county)["persons"]] == [
        "阿依",
        "李娜",
        "赵强",
        "张伟",
        "王芳",
    ]
    empty, _err = run("birthdays", "--org", "513322101000", "--month", "2026-06", "--json")
    assert json.loads(empty) == {"org": "513322101000", "month": "2026-06", "persons": []}


@pytest.mark.usefixtures("region")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "999999", "--month", "2026-05"], "No org unit has the code 999999."),
        (
            ["--org", "513322", "--month", "2026-13"],
            "“2026-13” is not a month; write it as 2026-01.",
        ),
    ],
)
def test_birthdays_refuses_an_unknown_unit_or_a_bad_month(args: list[str], message: str) -> None:
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("birthdays", *args, "--json", stdout=out)
    assert str(raised.value) == message
    assert out.getvalue() == ""

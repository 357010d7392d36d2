"""The monthly report's figures against a hand-counted township (issue 6)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from guanai.core.errors import ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person
from guanai.reports.figures import month_figures, month_of
from tests.care.log_support import on
from tests.conftest import Region
from tests.reports.conftest import TODAY


def figures(unit: OrgUnit, month: str) -> dict[str, Any]:
    return month_figures(unit, month_of(month, today=TODAY))


def test_a_townships_october_is_counted_as_of_the_months_last_day(
    region: Region, october: dict[str, Person]
) -> None:
    result = figures(region.lengqi, "2026-10")

    assert result["as_of"] == "2026-10-31"
    # 甲 丙 戊 乙 are on file on 31 October; 丁 was archived on the 25th, 己 came in November.
    assert result["persons_total"] == 4
    assert result["persons_by_category"] == {
        **dict.fromkeys(Category.values, 0),
        "left_behind": 2,  # 甲 and 戊; 丙's category ended on the 20th
        "dibao": 1,  # 甲, from the 15th
        "orphan": 1,  # 乙
    }
    assert (result["files_new"], result["files_closed"]) == (1, 1)  # 乙; 丁
    # 甲's and 乙's pairings run; 丙's ended on the 10th; 乙's started in October.
    assert (result["pairings_active"], result["persons_paired"], result["pairings_new"]) == (
        2,
        2,
        1,
    )
    # One talk and one visit in October in 冷碛镇; September's talk and 兴隆镇's are out.
    assert (result["care_records"], result["talks"], result["visits"]) == (2, 1, 1)


def test_the_county_adds_its_other_townships(region: Region, october: dict[str, Person]) -> None:
    county = figures(region.county, "2026-10")
    township = figures(region.lengqi, "2026-10")

    assert county["persons_total"] == township["persons_total"] + 1  # 庚 in 兴隆镇
    assert county["persons_by_category"]["left_behind"] == 3
    assert county["talks"] == 2


def test_the_current_month_is_counted_as_of_today(
    region: Region, october: dict[str, Person]
) -> None:
    result = figures(region.lengqi, "2026-11")

    assert result["as_of"] == "2026-11-20"
    # 己 registered on 2 November; 戊 archived on the 5th.
    assert result["persons_total"] == 4
    assert result["persons_by_category"]["left_behind"] == 2  # 甲 and 己
    assert (result["files_new"], result["files_closed"]) == (1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-12", "This month has not begun yet."),
        ("2026-13", "“2026-13” is not a month; write it as 2026-01."),
        ("十月", "“十月” is not a month; write it as 2026-01."),
        ("", "Enter the month, e.g. 2026-01."),
    ],
)
def test_a_bad_or_future_month_is_refused(text: str, message: str) -> None:
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        month_of(text, today=TODAY)
    assert str(refused.value.message) == message
    assert refused.value.field == "month"


def test_the_figures_take_a_fixed_number_of_queries(
    region: Region, october: dict[str, Person], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # One per source table, whatever the number of persons and records: persons by
    # category, persons, pairings, care, plans, payments, medical claims, donations,
    # grants, service hours, needs, cross-check lists, cross-check findings.
    with django_assert_num_queries(13):
        figures(region.county, "2026-10")


def test_the_cli_prints_the_figures_as_json(region: Region, october: dict[str, Person]) -> None:
    out = io.StringIO()
    with on(TODAY):
        call_command(
            "monthly_report", "--org", "513322101000", "--month", "2026-10", "--json", stdout=out
        )

    printed = json.loads(out.getvalue())
    assert printed["persons_by_category"]["left_behind"] == 2
    assert printed["persons_total"] == 4
    assert printed["benefits_paid"] == "0.00"
    assert printed["org_name"] == "冷碛镇"


def test_the_cli_refuses_an_unknown_unit_and_a_future_month(region: Region) -> None:
    with on(TODAY), pytest.raises(CommandError):
        call_command("monthly_report", "--org", "999999", "--month", "2026-10")
    with on(TODAY), pytest.raises(CommandError):
        call_command("monthly_report", "--org", "513322", "--month", "2027-01")

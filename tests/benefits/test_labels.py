"""Who and what the benefits pages name (issue 12, point 15): the second round's default
is this system's own, and the bank export is signed by the roll's preparer."""

from __future__ import annotations

import io
import re
from typing import Any

from django.urls import reverse
from python_calamine import CalamineWorkbook

from guanai.accounts.models import Role, User
from guanai.benefits.roll_export import roll_workbook
from tests import factories
from tests.benefits.fixtures_rolls import MONTH, approved_roll, scattered_orphan
from tests.conftest import Region, logged_in


def _row(html: str, item: str) -> str:
    found = re.search(rf'<tr data-item="{item}">(.*?)</tr>', html, re.S)
    assert found, item
    return found.group(1)


def test_the_second_rounds_default_is_called_the_system_default(
    region: Region, county_leader: User
) -> None:
    html = logged_in(county_leader).get(reverse("benefits:policies")).content.decode()

    for item in ("second_ratio", "second_cap"):
        row = _row(html, item)
        assert "系统默认" in row and "国家标准" not in row
    # The plan's own figures stay national standards.
    assert "国家标准" in _row(html, "medical_ratio")


def _footer(data: bytes) -> list[Any]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    return [c for c in next(r for r in rows if str(r[0]).startswith("填报单位")) if c]


def test_the_bank_export_is_signed_by_who_prepared_the_roll_not_by_the_exporter(
    region: Region,
) -> None:
    clerk = factories.user(unit=region.lengqi, role=Role.WORKER, full_name="李会计")
    leader = factories.user(unit=region.lengqi, role=Role.LEADER, full_name="王镇长")
    scattered_orphan(region.ganlusi, "王小芳")
    roll = approved_roll(clerk, leader, region.lengqi, MONTH)

    # The leader who approved the roll exports it for the bank.
    footer = _footer(
        roll_workbook(acting_user=leader, roll=roll, full_numbers=False, purpose="发放到银行")
    )

    assert footer[1:3] == ["填表人：李会计", "审核人：王镇长"]

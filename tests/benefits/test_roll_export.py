"""The roll's bank-upload workbook: a real xlsx round trip, masking, totals, footer, audit."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404
from python_calamine import CalamineWorkbook

from guanai.accounts.models import User
from guanai.benefits.entitlements import payment_account_set
from guanai.benefits.models import PaymentRoll
from guanai.benefits.roll_export import HEADERS, roll_workbook
from guanai.benefits.rolls import roll_adjustment_add, roll_generate
from guanai.core.models import AccessLog, AuditAction
from guanai.registry.models import Person
from tests.benefits.fixtures_rolls import (
    EARLIER,
    MONTH,
    SINCE,
    approved_roll,
    person,
    scattered_orphan,
)
from tests.conftest import Region

# The named users of the benefits tests (township_leader, county_worker, county_viewer).
pytest_plugins = ["tests.benefits.fixtures_rolls"]

ACCOUNT = "6228480012345678901"


def _grid(data: bytes) -> list[list[Any]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


def _body(grid: list[list[Any]]) -> list[list[Any]]:
    """Return the rows between the header and the blank row before 合计."""
    rows = []
    for row in grid[2:]:
        if not any(row):
            break
        rows.append(row)
    return rows


@pytest.fixture
def roll(region: Region, township_worker: User, township_leader: User) -> PaymentRoll:
    with_account = scattered_orphan(region.ganlusi, "王小芳")
    payment_account_set(
        acting_user=township_worker,
        person=with_account,
        bank='=HYPERLINK("http://x")农行',
        account_number=ACCOUNT,
        holder="王奶奶",
    )
    person(region.lengqi_school, "李明", ("disabled", SINCE, {"type": 5}))
    return approved_roll(township_worker, township_leader, region.lengqi, MONTH)


def test_masked_workbook_round_trip(roll: PaymentRoll, township_worker: User) -> None:
    grid = _grid(
        roll_workbook(
            acting_user=township_worker, roll=roll, full_numbers=False, purpose="发放到银行"
        )
    )
    assert grid[0][0] == "冷碛镇 2025年3月 政策扶助资金发放花名册"
    assert tuple(grid[1][: len(HEADERS)]) == HEADERS
    body = _body(grid)
    wang = Person.objects.get(name="王小芳")
    by_name = {row[1]: row for row in body}
    assert [row[0] for row in body] == [1.0, 2.0]
    row = by_name["王小芳"]
    assert row[2] == f"{wang.id_number[:3]}{'*' * 11}{wang.id_number[-4:]}"
    # A bank name that looks like a formula stays text.
    assert row[3] == '\'=HYPERLINK("http://x")农行'
    assert row[4] == "****" + ACCOUNT[-4:]
    assert row[5] == "王奶奶"
    assert row[7] == 600.0
    # No payment account: listed, with 未登记 so the clerk sees it.
    assert by_name["李明"][3:6] == ["未登记", "未登记", "未登记"]
    assert by_name["李明"][7] == 50.0
    totals = next(r for r in grid if r[0] == "合计")
    assert totals[1] == "共2笔" and Decimal(str(totals[7])) == Decimal("650")
    footer = next(r for r in grid if str(r[0]).startswith("填报单位"))
    cells = [c for c in footer if c]
    assert cells[0] == "填报单位：冷碛镇"
    assert cells[1].startswith("填表人：") and cells[2] == "审核人：测试用户"
    assert cells[3].startswith("日期：")
    assert any(r[0] == "注：身份证号、账号已脱敏。" for r in grid)


def test_full_numbers_for_an_editor_and_the_audit_row(
    roll: PaymentRoll, township_worker: User
) -> None:
    data = roll_workbook(
        acting_user=township_worker, roll=roll, full_numbers=True, purpose="发放到银行"
    )
    by_name = {row[1]: row for row in _body(_grid(data))}
    wang = Person.objects.get(name="王小芳")
    assert by_name["王小芳"][2] == wang.id_number
    assert by_name["王小芳"][4] == ACCOUNT
    log = AccessLog.objects.get(action=AuditAction.EXPORT)
    assert log.user == township_worker and log.object_type == "payment_roll"
    assert log.detail["rows"] == 2
    assert log.detail["filters"]["full_numbers"] is True
    assert log.detail["filters"]["month"] == "2025-03"
    assert log.detail["purpose"]


def test_a_viewer_gets_masked_numbers_even_when_asking(
    roll: PaymentRoll, county_viewer: User
) -> None:
    data = roll_workbook(
        acting_user=county_viewer, roll=roll, full_numbers=True, purpose="发放到银行"
    )
    by_name = {row[1]: row for row in _body(_grid(data))}
    assert by_name["王小芳"][4] == "****" + ACCOUNT[-4:]
    assert (
        AccessLog.objects.get(action=AuditAction.EXPORT).detail["filters"]["full_numbers"] is False
    )


def test_outside_the_scope_is_404_and_not_logged(
    roll: PaymentRoll, other_township_worker: User, school_helper: User
) -> None:
    for outsider in (other_township_worker, school_helper):
        with pytest.raises(Http404):
            roll_workbook(acting_user=outsider, roll=roll, full_numbers=False, purpose="发放到银行")
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_draft_says_so_and_adjustments_are_marked(
    region: Region, roll: PaymentRoll, township_worker: User
) -> None:
    from guanai.benefits.models import RollLine

    paid = RollLine.objects.get(roll=roll, person__name="王小芳")
    april = roll_generate(
        acting_user=township_worker, org_unit=region.lengqi, month=EARLIER.replace(month=4)
    )
    roll_adjustment_add(
        acting_user=township_worker,
        roll=april,
        person=paid.person,
        item="orphan_scattered",
        amount="-600",
        note="三月多发",
        adjusts=paid,
    )
    grid = _grid(
        roll_workbook(
            acting_user=township_worker, roll=april, full_numbers=False, purpose="发放到银行"
        )
    )
    assert "未审批" in grid[0][0]
    body = _body(grid)
    adjusting = [row for row in body if row[7] == -600.0]
    assert len(adjusting) == 1 and adjusting[0][6].endswith("（调整）")
    totals = next(r for r in grid if r[0] == "合计")
    assert Decimal(str(totals[7])) == sum(Decimal(str(row[7])) for row in body)

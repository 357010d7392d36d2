"""A payment roll prints whole (issue 14, point 6): its page shows 50 lines at a time, its
print holds every line with the total and the lines to sign; the print is asked with a
purpose and written to the audit log, as the export for the bank is."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from guanai.accounts.models import User
from guanai.benefits.models import PaymentRoll
from guanai.benefits.rolls import roll_generate
from guanai.core.models import AccessLog, AuditAction
from tests.benefits.views_support import EN, orphan
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries

pytestmark = pytest.mark.django_db

MONTH = date(2025, 3, 1)
LINES = 93


def _roll(region: Region, worker: User, lines: int) -> PaymentRoll:
    for n in range(lines):
        orphan(region.ganlusi, f"王{n:03d}号")
    return roll_generate(acting_user=worker, org_unit=region.lengqi, month=MONTH)


def _print_url(roll: PaymentRoll) -> str:
    return reverse("benefits:roll_print", args=[roll.pk])


def printed_rows(text: str) -> list[str]:
    body = re.search(r'data-testid="roll-print-lines">.*?<tbody>(.*?)</tbody>', text, re.S)
    assert body
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)


def test_a_93_line_roll_prints_93_lines_with_its_total(
    region: Region, township_worker: User
) -> None:
    roll = _roll(region, township_worker, LINES)
    assert roll.lines_count == LINES
    client = logged_in(township_worker)
    detail = client.get(reverse("benefits:roll_detail", args=[roll.pk]), **EN).content.decode()
    assert "Lines 1–50 of 93 are shown here" in detail
    # Printed from the browser, the page says it is one page of the list.
    assert "This printout holds rows 1–50 of 93 only: one page of the list." in detail
    assert _print_url(roll) in detail

    response = client.post(_print_url(roll), {"purpose": "存档签字"}, **EN)

    text = response.content.decode()
    rows = printed_rows(text)
    assert len(rows) == LINES
    assert [re.search(r">(\d+)</td>", r).group(1) for r in rows] == [  # type: ignore[union-attr]
        str(n) for n in range(1, LINES + 1)
    ]
    assert "The whole roll: 93 lines, ¥" in text
    total = re.search(r"Total</th>\s*<td[^>]*>(¥[\d,.]+)</td>", text)
    assert total and Decimal(total.group(1)[1:].replace(",", "")) == roll.total
    assert "Not approved: do not pay from this roll." in text
    for label in ("Prepared by", "Checked by", "Date"):
        assert f"{label}：" in text
    log = AccessLog.objects.get(action=AuditAction.PRINT)
    assert log.detail["rows"] == LINES and log.detail["purpose"] == "存档签字"
    assert log.user == township_worker


def test_the_print_is_asked_with_a_purpose(region: Region, township_worker: User) -> None:
    roll = _roll(region, township_worker, 1)
    client = logged_in(township_worker)
    asked = client.get(_print_url(roll), **EN)
    assert asked.status_code == 200 and 'name="purpose"' in asked.content.decode()
    refused = client.post(_print_url(roll), {"purpose": "  "})
    assert refused.status_code == 400 and "请填写用途" in refused.content.decode()
    too_long = client.post(_print_url(roll), {"purpose": "用" * 201})
    assert too_long.status_code == 400
    assert not AccessLog.objects.filter(action=AuditAction.PRINT).exists()


def test_another_township_cannot_print_the_roll(
    region: Region, township_worker: User, other_township_worker: User
) -> None:
    roll = _roll(region, township_worker, 1)
    response = logged_in(other_township_worker).post(_print_url(roll), {"purpose": "看看"})
    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AuditAction.PRINT).exists()


def test_the_print_runs_a_fixed_number_of_queries(region: Region, township_worker: User) -> None:
    roll = _roll(region, township_worker, 1)
    client = logged_in(township_worker)
    client.post(_print_url(roll), {"purpose": "存档"})
    with count_queries() as one:
        client.post(_print_url(roll), {"purpose": "存档"})
    roll = _roll(region, township_worker, 60)
    with count_queries() as many:
        response = client.post(_print_url(roll), {"purpose": "存档"})
    assert len(printed_rows(response.content.decode())) == 61
    assert_same_query_count(one, many)

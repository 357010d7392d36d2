"""Prints in the browser (issue 14, points 5 and 6): the monthly report prints with every
figure and the signature lines and its xlsx holds the same figures (read back with
calamine); the county's summary likewise; a 93-line payment roll prints 93 lines.

Screenshots: ``monthly-report-print.png`` (the print page as printed, A4 media) and
``monthly-report-phone.png`` (the report page with its print and xlsx buttons at 375 px).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from guanai.benefits.rolls import roll_generate
from guanai.core.actors import SYSTEM
from guanai.ops.demo.reports import files_dated, months_reported, reporting_users
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports import monthly
from guanai.reports.models import MonthlyReport
from guanai.reports.monthly.catalogue import FIGURES
from guanai.reports.monthly.narrative import figure_number, figure_shown
from tests import factories
from tests.e2e.browsing import Tab, screenshot_dir, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NARRATIVE = "冷碛镇中心小学为本月过生日的留守儿童集体过生日。"
ROLL_LINES = 93


def _reports(demo: dict[str, OrgUnit]) -> MonthlyReport:
    """冷碛镇's report of the month before last (accepted) and of last month (submitted,
    with a narrative): the print compares the two."""
    files_dated(timezone.now())  # the roster counts from when each file was opened
    users = reporting_users(demo)
    worker, leader = users["township_worker"], users["county_leader"]
    before, last = months_reported(timezone.localdate())[-2:]
    report = None
    for month in (before, last):
        report = monthly.report_open(acting_user=worker, unit=demo["lengqi"], month=month)
        report = monthly.report_change_figure(
            acting_user=worker,
            report=report,
            version=report.version,
            figure="talks",
            value=str(12 if month == last else 9),
            reason="纸质台账补录",
        )
        if month == last:
            report = monthly.report_save_narrative(
                acting_user=worker, report=report, version=report.version, narrative=NARRATIVE
            )
        report = monthly.report_submit(acting_user=worker, report=report, version=report.version)
        if month == before:
            monthly.report_accept(acting_user=leader, report=report, version=report.version)
    assert report is not None
    return report


def _download(tab: Tab, test_id: str) -> list[list[Any]]:
    with tab.page.expect_download() as download:
        tab.page.get_by_test_id(test_id).click()
    data = Path(download.value.path()).read_bytes()
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


def _number(text: str) -> Decimal | None:
    text = text.strip()
    return None if text == "—" else Decimal(text.replace("¥", "").replace(",", ""))


def _cell(value: Any) -> Decimal | None:
    return None if value == "—" else Decimal(str(value))


def test_the_monthly_report_prints_whole_and_its_xlsx_holds_the_same_figures(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    report = _reports(demo)
    clerk = new_tab("desktop")
    clerk.login("township_worker")
    clerk.open("reports:report", report.pk)
    page = clerk.page
    with page.expect_navigation():
        page.get_by_test_id("report-print").click()
    clerk.check()

    # Every figure, as stored, beside last month's; the narrative and the signature lines.
    rows = page.locator("[data-testid=report-sheet] tr[data-figure]")
    expect(rows).to_have_count(len(FIGURES))
    shown = {
        rows.nth(i).get_attribute("data-figure"): [
            rows.nth(i).locator(f"[data-{part}]").inner_text()
            for part in ("value", "last", "change")
        ]
        for i in range(len(FIGURES))
    }
    for name in FIGURES:
        value = figure_number(report.figures[name]) or Decimal(0)
        assert shown[name][0] == figure_shown(name, value), name
    assert shown["talks"] == ["12", "9", "+3"]
    expect(page.get_by_test_id("narrative")).to_have_text(NARRATIVE)
    signatures = page.get_by_test_id("signatures")
    for label in ("Prepared by", "Checked by", "Head of the unit", "(Seal)"):
        expect(signatures).to_contain_text(zh(label))
    expect(page.get_by_test_id("submitted")).to_contain_text(zh("Date submitted"))

    page.emulate_media(media="print")
    expect(page.locator("header").first).to_be_hidden()
    page.screenshot(path=screenshot_dir() / "monthly-report-print.png", full_page=True)
    page.emulate_media(media="screen")

    # The xlsx, read back: the same figures in the same order.
    grid = _download(clerk, "print-xlsx")
    body = grid[4 : 4 + len(FIGURES)]
    for name, row in zip(FIGURES, body, strict=True):
        assert [_cell(c) for c in row[1:4]] == [_number(t) for t in shown[name]], name
    after = " ".join(str(r[0]) for r in grid[4 + len(FIGURES) :])
    assert NARRATIVE in after and zh("Head of the unit") in after


def test_the_county_summary_prints_and_exports_the_same_figures(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    report = _reports(demo)
    leader = new_tab("desktop")
    leader.login("county_leader")
    leader.open("reports:month", demo["luding"].pk, f"{report.month:%Y-%m}")
    page = leader.page
    with page.expect_navigation():
        page.get_by_test_id("summary-print").click()
    leader.check()
    sheet = page.get_by_test_id("summary-sheet")
    units = sheet.locator("thead th[data-unit]")
    names = [units.nth(i).get_attribute("data-unit") for i in range(units.count())]
    assert "冷碛镇" in names
    rows = sheet.locator("tr[data-figure]")
    expect(rows).to_have_count(len(FIGURES))
    shown = {
        rows.nth(i).get_attribute("data-figure"): [
            t.strip() for t in rows.nth(i).locator("td").all_inner_texts()
        ]
        for i in range(len(FIGURES))
    }
    leader.shoot("monthly-summary-print")
    column = names.index("冷碛镇")
    assert shown["talks"][column] == "12"
    expect(sheet.get_by_test_id("signatures")).to_contain_text(zh("Head of the unit"))

    grid = _download(leader, "print-xlsx")
    assert grid[3][1 : 1 + len(names)] == names
    body = grid[5 : 5 + len(FIGURES)]  # below the header row and the status row
    for name, row in zip(FIGURES, body, strict=True):
        cells = row[1 : 2 + len(names)]
        assert [_cell(c) for c in cells] == [_number(t) for t in shown[name]], name


def test_the_report_page_on_a_phone_offers_print_and_xlsx(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    report = _reports(demo)
    phone = new_tab("phone")
    phone.login("township_worker")
    phone.open("reports:report", report.pk)
    expect(phone.page.get_by_test_id("report-print")).to_be_visible()
    expect(phone.page.get_by_test_id("report-xlsx")).to_be_visible()
    phone.shoot("monthly-report")
    with phone.page.expect_navigation():
        phone.page.get_by_test_id("report-print").click()
    phone.check()
    phone.shoot("monthly-report-print")
    # The county's month page, with the summary's buttons, fits the phone's width.
    county = new_tab("phone")
    county.login("county_leader")
    county.open("reports:month", demo["luding"].pk, f"{report.month:%Y-%m}")
    expect(county.page.get_by_test_id("summary-print")).to_be_visible()
    with county.page.expect_navigation():
        county.page.get_by_test_id("summary-print").click()
    county.check()
    county.shoot("monthly-summary-print")


def test_a_93_line_payment_roll_prints_93_lines(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    township = factories.org_unit(parent=demo["luding"], kind=OrgKind.TOWNSHIP, name="打印测试镇")
    for n in range(ROLL_LINES):
        factories.person(
            township,
            f"王{n:03d}",
            born=date(2015, 3, 3),
            categories=("orphan",),
            details={"support": "scattered"},
        )
    month = timezone.localdate().replace(day=1)
    roll = roll_generate(acting_user=SYSTEM, org_unit=township, month=month)
    assert roll.lines_count == ROLL_LINES

    leader = new_tab("desktop")
    leader.login("county_leader")
    leader.open("benefits:roll_detail", roll.pk)
    page = leader.page
    expect(page.locator("main table.table-cards tbody tr")).to_have_count(50)
    expect(page.get_by_test_id("lines-paged")).to_be_visible()
    page.locator("#export-purpose").fill("存档签字")
    with page.expect_navigation():
        page.get_by_test_id("roll-print").click()
    leader.check()
    lines = page.locator("[data-testid=roll-print-lines] tbody tr")
    expect(lines).to_have_count(ROLL_LINES)
    expect(lines.last.locator("td").first).to_have_text(str(ROLL_LINES))
    page.emulate_media(media="print")
    expect(lines).to_have_count(ROLL_LINES)
    expect(lines.last).to_be_visible()
    page.screenshot(path=screenshot_dir() / "roll-print.png", full_page=True)

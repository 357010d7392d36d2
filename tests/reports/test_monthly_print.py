"""The monthly report on paper (issue 14, point 5): the print page holds every figure
beside last month's, the narrative, the signature lines and the date submitted; its xlsx
read back holds the same figures; the county's summary of its townships likewise."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from python_calamine import CalamineWorkbook

from guanai.accounts.models import Role, User
from guanai.core.models import AccessLog, AuditAction
from guanai.reports import monthly
from guanai.reports.models import MonthlyReport, ReportStatus
from guanai.reports.monthly.catalogue import FIGURE_LABELS
from tests import factories
from tests.conftest import Region, logged_in
from tests.support.queries import assert_same_query_count, count_queries
from tests.support.xlsx_print import assert_printable

SEPTEMBER, OCTOBER = date(2026, 9, 1), date(2026, 10, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SIGNATURES = ("Prepared by", "Checked by", "Head of the unit", "(Seal)", "Date submitted")


def _report(worker: User, unit: Any, month: date, figures: dict[str, str]) -> MonthlyReport:
    """Open the unit's report of ``month`` and change ``figures`` by hand, with a reason."""
    report = monthly.report_open(acting_user=worker, unit=unit, month=month)
    for name, value in figures.items():
        report = monthly.report_change_figure(
            acting_user=worker,
            report=report,
            version=report.version,
            figure=name,
            value=value,
            reason="纸质台账补录",
        )
    return report


def _submitted(worker: User, report: MonthlyReport) -> MonthlyReport:
    return monthly.report_submit(acting_user=worker, report=report, version=report.version)


@pytest.fixture
def october(region: Region, township_worker: User) -> MonthlyReport:
    """冷碛镇's October report (submitted), after a September report to compare with."""
    _report(
        township_worker,
        region.lengqi,
        SEPTEMBER,
        {"persons_total": "40", "talks": "9", "benefits_paid": "1000.00", "volunteer_hours": "2"},
    )
    report = _report(
        township_worker,
        region.lengqi,
        OCTOBER,
        {
            "persons_total": "43",
            "talks": "7",
            "visits": "5",
            "benefits_paid": "1234.50",
            "volunteer_hours": "12.5",
            "donations_cash": "600",
        },
    )
    report = monthly.report_save_narrative(
        acting_user=township_worker,
        report=report,
        version=report.version,
        narrative="走访中发现1户监护人外出务工，已落实村委会代为照看。",
    )
    return _submitted(township_worker, report)


def page_figures(page: str) -> dict[str, list[str]]:
    """Return figure name → the cells of its row, as the page shows them."""
    rows = re.findall(r'<tr data-figure="([^"]+)">(.*?)</tr>', page, re.S)
    return {
        name: [html.unescape(c.strip()) for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]
        for name, body in rows
    }


def grid(data: bytes) -> list[list[Any]]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


def number(shown: str) -> Decimal | None:
    """Read a figure as the page shows it (¥1,234.50, +3, -2, —)."""
    if shown == "—":
        return None
    return Decimal(shown.replace("¥", "").replace(",", ""))


def cell_number(cell: Any) -> Decimal | None:
    return None if cell == "—" else Decimal(str(cell))


def test_the_print_page_holds_every_figure_and_the_signature_lines(
    region: Region, october: MonthlyReport, township_worker: User
) -> None:
    page = logged_in(township_worker).get(f"/reports/monthly/report/{october.pk}/print/", **EN)
    text = page.content.decode()
    figures = page_figures(text)
    assert list(figures) == list(FIGURE_LABELS)
    assert figures["persons_total"] == ["43", "40", "+3"]
    assert figures["talks"] == ["7", "9", "-2"]
    assert figures["visits"] == ["5", "0", "+5"]
    assert figures["benefits_paid"] == ["¥1,234.50", "¥1,000.00", "+¥234.50"]
    # Hours keep their half hour; donations are money.
    assert figures["volunteer_hours"] == ["12.5", "2", "+10.5"]
    assert figures["donations_cash"] == ["¥600.00", "¥0.00", "+¥600.00"]
    for name, cells in figures.items():
        assert number(cells[0]) == Decimal(october.figures[name])
    assert "冷碛镇 monthly report on care work, October 2026" in text
    assert "已落实村委会代为照看" in text
    for label in SIGNATURES:
        assert label in text
    # 填报人 is who submitted it; the date it was submitted stands below.
    assert township_worker.get_full_name() in text
    assert re.search(r'data-testid="submitted">\s*Date submitted：\s*\d+ \w+ \d{4}', text)


def test_without_last_month_the_page_says_there_is_nothing_to_compare(
    region: Region, township_worker: User
) -> None:
    report = _report(township_worker, region.lengqi, OCTOBER, {"talks": "4"})
    text = (
        logged_in(township_worker)
        .get(f"/reports/monthly/report/{report.pk}/print/", **EN)
        .content.decode()
    )
    assert page_figures(text)["talks"] == ["4", "—", "—"]
    assert "No report of the month before" in text
    assert 'Prepared by：<span class="signature-line"></span>' in text  # not submitted yet


def test_the_xlsx_holds_the_figures_of_the_page_and_is_audited(
    region: Region, october: MonthlyReport, township_worker: User
) -> None:
    client = logged_in(township_worker)
    page = page_figures(
        client.get(f"/reports/monthly/report/{october.pk}/print/", **EN).content.decode()
    )
    response = client.get(f"/reports/monthly/report/{october.pk}/xlsx/", **EN)
    assert response["Content-Disposition"].endswith('.xlsx"')
    data = response.content
    rows = grid(data)
    assert rows[0][0] == "冷碛镇 monthly report on care work, October 2026"
    assert rows[1][0] == "Unit：冷碛镇" and rows[2][0] == "Month：October 2026"
    assert rows[3][:4] == ["Figure", "This month", "Last month", "Change on last month"]
    body = rows[4 : 4 + len(FIGURE_LABELS)]
    with translation.override("en"):
        assert [row[0] for row in body] == [str(label) for label in FIGURE_LABELS.values()]
    by_name = dict(zip(FIGURE_LABELS, body, strict=True))
    for name, cells in page.items():
        row = by_name[name]
        assert [cell_number(c) for c in row[1:4]] == [number(c) for c in cells], name
    after = [row[0] for row in rows[4 + len(FIGURE_LABELS) :] if row[0]]
    assert after[0].startswith("Work done and highlights：\n走访中发现1户")
    assert all(label in after[1] for label in SIGNATURES[:4])
    assert after[2].startswith("Date submitted：")
    assert_printable(data, landscape=False, header_row=4)
    log = AccessLog.objects.get(action=AuditAction.EXPORT)
    assert log.object_type == "reports.monthly_report" and log.user == township_worker
    assert log.detail["filters"]["report"] == october.pk


def test_the_report_page_offers_print_and_xlsx(
    region: Region, october: MonthlyReport, county_leader: User
) -> None:
    text = logged_in(county_leader).get(f"/reports/monthly/report/{october.pk}/").content.decode()
    assert f"/reports/monthly/report/{october.pk}/print/" in text
    assert f"/reports/monthly/report/{october.pk}/xlsx/" in text


def test_print_and_xlsx_are_read_as_the_report_is(
    region: Region, october: MonthlyReport, other_township_worker: User
) -> None:
    helper = factories.user(unit=region.lengqi_school, role=Role.HELPER)
    for path in ("print", "xlsx"):
        url = f"/reports/monthly/report/{october.pk}/{path}/"
        assert logged_in(other_township_worker).get(url).status_code == 404
        assert logged_in(helper).get(url).status_code == 403
    assert not AccessLog.objects.filter(action=AuditAction.EXPORT).exists()


# --- The county's summary of its townships ---------------------------------------------------


@pytest.fixture
def townships(region: Region, township_worker: User, county_leader: User) -> None:
    """冷碛镇's October report accepted; 兴隆镇's submitted, not yet accepted."""
    lengqi = _submitted(
        township_worker,
        _report(township_worker, region.lengqi, OCTOBER, {"talks": "7", "benefits_paid": "100.50"}),
    )
    monthly.report_accept(acting_user=county_leader, report=lengqi, version=lengqi.version)
    xinglong_worker = factories.user(unit=region.xinglong, role=Role.WORKER)
    _submitted(
        xinglong_worker,
        _report(xinglong_worker, region.xinglong, OCTOBER, {"talks": "3"}),
    )


def test_the_summary_page_and_its_xlsx_hold_the_same_figures(
    region: Region, townships: None, county_leader: User
) -> None:
    client = logged_in(county_leader)
    base = f"/reports/monthly/{region.county.pk}/2026-10/summary/"
    text = client.get(base, **EN).content.decode()
    figures = page_figures(text)
    assert list(figures) == list(FIGURE_LABELS)
    # 冷碛镇 accepted, 兴隆镇 submitted: the total counts the accepted report only.
    assert figures["talks"] == ["7", "3", "7"]
    assert figures["benefits_paid"] == ["¥100.50", "¥0.00", "¥100.50"]
    assert "The total counts accepted reports only." in text
    # The same signature lines as a unit's report, all left blank to sign by hand.
    for label in SIGNATURES:
        assert label in text
    assert 'Prepared by：<span class="signature-line"></span>' in text
    assert re.search(
        r'data-testid="submitted">\s*Date submitted：\s*<span class="signature-line"></span>', text
    )

    data = client.get(base + "xlsx/", **EN).content
    rows = grid(data)
    assert rows[3][:4] == ["Figure", "冷碛镇", "兴隆镇", "Total"]
    assert rows[4][:3] == ["Status", "Accepted", "Submitted"]
    body = dict(zip(FIGURE_LABELS, rows[5 : 5 + len(FIGURE_LABELS)], strict=True))
    for name, cells in figures.items():
        assert [cell_number(c) for c in body[name][1:4]] == [number(c) for c in cells], name
    assert_printable(data, landscape=False, header_row=4)
    assert AccessLog.objects.get(action=AuditAction.EXPORT).object_type == (
        "reports.monthly_summary"
    )


def test_the_month_page_offers_the_summary(
    region: Region, townships: None, county_leader: User
) -> None:
    text = logged_in(county_leader).get(f"/reports/monthly/{region.county.pk}/2026-10/").content
    assert f"/reports/monthly/{region.county.pk}/2026-10/summary/".encode() in text


def test_a_summary_of_many_units_prints_landscape(region: Region, county_leader: User) -> None:
    for n in range(8):
        factories.org_unit(parent=region.county, kind=region.lengqi.kind, name=f"镇{n}")
    data = (
        logged_in(county_leader)
        .get(f"/reports/monthly/{region.county.pk}/2026-10/summary/xlsx/")
        .content
    )
    assert grid(data)[3][-1] == "合计"
    assert_printable(data, landscape=True, header_row=4)


def test_the_summary_reads_in_the_same_queries_for_1_and_many_units(
    region: Region, county_leader: User, township_worker: User
) -> None:
    client: Client = logged_in(county_leader)
    url = f"/reports/monthly/{region.county.pk}/2026-10/summary/"

    _submitted(
        township_worker,
        monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=OCTOBER),
    )
    client.get(url)  # the session and the caches settle
    with count_queries() as small:
        client.get(url)
    for n in range(6):
        unit = factories.org_unit(parent=region.county, kind=region.lengqi.kind, name=f"乡{n}")
        worker = factories.user(unit=unit, role=Role.WORKER)
        _submitted(worker, monthly.report_open(acting_user=worker, unit=unit, month=OCTOBER))
    with count_queries() as large:
        response = client.get(url)
    assert len(page_figures(response.content.decode())["talks"]) == 8 + 1
    assert_same_query_count(small, large)


def test_a_township_without_units_below_has_an_empty_summary(
    region: Region, township_worker: User
) -> None:
    response = logged_in(township_worker).get(
        f"/reports/monthly/{region.lengqi.pk}/2026-10/summary/", **EN
    )
    assert "No unit below this one sends monthly reports." in response.content.decode()
    assert MonthlyReport.objects.filter(status=ReportStatus.DRAFT).count() == 0

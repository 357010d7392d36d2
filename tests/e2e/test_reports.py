"""Monthly reports in the browser: a township clerk fills last month's report (a figure
changed only with a reason) and submits it, the county returns it with a comment, the
clerk fixes it and submits again, the county accepts it, and the county's month page and
bulletin show it on time or late. The report, month, dashboard, bulletin, score sheet and
information report pages are checked and saved as screenshots at desktop and phone sizes.

The ``demo`` fixture has the roster without the care and reporting demos; the care demo
is added here, and the history before last month is made through the reporting demo's
steps (the report services), so the pages have months to compare.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from guanai.ops.demo.benefits import add_months
from guanai.ops.demo.care import demo_care
from guanai.ops.demo.reports import (
    MONTHS,
    PLAN,
    Filing,
    assessment_sheet,
    county_report,
    files_dated,
    info_reports_send,
    months_reported,
    reporting_users,
    survey_counts_enter,
    township_reports,
)
from guanai.orgs.models import OrgUnit
from guanai.reports import monthly
from guanai.reports.dashboard import TREND_MONTHS
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_starting
from guanai.reports.models import (
    AssessmentSheet,
    Bulletin,
    BulletinStatus,
    FigureChange,
    MonthlyReport,
    ReportStatus,
)
from tests.e2e.browsing import Tab, zh


def in_chinese(day: date, name: str = "DATE_FORMAT") -> str:
    """Return ``day`` as a Chinese page writes it (2026年11月, 2026年11月30日)."""
    with translation.override("zh-hans"):
        return date_format(day, name)


pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

REASON = "团结村2次入户家访记在纸质走访本上，尚未补录系统，按实际次数上报。"
COMMENT = "请在叙述中写明走访发现的问题及处理情况。"
FIX = "走访中发现1户留守儿童家庭监护人外出务工，已落实村委会代为照看。"
LABELS = {
    monthly.Timeliness.ON_TIME: "On time",
    monthly.Timeliness.LATE: "Late",
    monthly.Timeliness.MISSING: "Missing",
    monthly.Timeliness.PENDING: "Not yet due",
}


def _history(demo: dict[str, OrgUnit]) -> None:
    """Make what the townships and the county did before last month's report of 冷碛镇:
    the care demo, the dated roster, the survey counts, a year of facts, the five months
    before (as the demo plans them), 泸桥镇's report of last month, the score sheet and
    three information reports."""
    assert demo_care(demo) > 1000
    now = timezone.now()
    this_month = timezone.localdate().replace(day=1)
    users = reporting_users(demo)
    files_dated(now)
    trend = [add_months(this_month, -back) for back in range(TREND_MONTHS - 1, -1, -1)]
    survey_counts_enter(demo, users, years={m.year for m in trend})
    for month in trend:
        facts_refresh(month_starting(month))
    months = months_reported(timezone.localdate())
    for back, month in zip(range(MONTHS, 1, -1), months[:-1], strict=True):
        township_reports(demo, users, month, PLAN[back], now=now)
        county_report(demo, users, month, now=now)
    last_plan = {"luqiao": PLAN[1]["luqiao"], "lengqi": Filing(None), "xinglong": Filing(None)}
    township_reports(demo, users, months[-1], last_plan, now=now)
    info_reports_send(demo, users, now=now)
    assessment_sheet(demo, users, now=now)


def _submit(tab: Tab, button: str) -> None:
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name=button, exact=True).click()
    tab.check()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_report_goes_up_is_returned_fixed_and_accepted(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    _history(demo)
    lengqi, county = demo["lengqi"], demo["luding"]
    last = months_reported(timezone.localdate())[-1]
    deadline = monthly.deadline_of(last, monthly.deadline_day(lengqi))
    # Submitted today: on time up to the deadline (the 15th), late after it.
    expected = (
        monthly.Timeliness.ON_TIME if timezone.localdate() <= deadline else monthly.Timeliness.LATE
    )

    # The clerk of 冷碛镇 goes from Reports to the township's month and starts the report.
    clerk = new_tab(viewport)
    page = clerk.page
    clerk.login("township_worker")
    clerk.open_menu_if_collapsed()
    with page.expect_navigation():
        page.locator("#main-nav").get_by_role("link", name=zh("Reports"), exact=True).click()
    clerk.check()
    assert clerk.heading() == zh("Monthly reports")
    with page.expect_navigation():
        page.locator('tr[data-unit="冷碛镇"] a').click()
    clerk.check()
    _submit(clerk, zh("Fill in the report"))
    report = MonthlyReport.objects.get(org_unit=lengqi, month=last)
    assert report.status == ReportStatus.DRAFT
    computed = int(report.computed["visits"])
    assert int(report.computed["persons_total"]) > 400  # filled from the roster

    # A changed figure without a reason is refused, with the reason asked for.
    page.get_by_label(zh("Figure"), exact=True).select_option("visits")
    page.get_by_label(zh("Reported figure"), exact=True).fill(str(computed + 2))
    clerk.error_page = clerk.url("reports:report_action", report.pk, "change")
    _submit(clerk, zh("Change"))
    clerk.error_page = ""
    expect(page.locator("main")).to_contain_text(
        zh("Say why the figure differs from the data; the reason stays on the report.")
    )
    assert not FigureChange.objects.filter(report=report).exists()
    page.get_by_label(zh("Reason"), exact=True).fill(REASON)
    _submit(clerk, zh("Change"))
    changed = page.locator('tr[data-figure="visits"]')
    expect(changed).to_have_class(re.compile("table-warning"))
    expect(changed).to_contain_text(REASON)
    expect(changed).to_contain_text(str(computed + 2))
    page.get_by_role("textbox", name=zh("Work done and highlights"), exact=True).fill(
        "冷碛镇中心小学为本月过生日的留守儿童集体过生日。\n本月结对干部逐户走访团结村、甘露寺村。"
    )
    _submit(clerk, zh("Save"))
    _submit(clerk, zh("Submit to the unit above"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at is not None
    first_submitted = report.first_submitted_at

    # The county leader returns it with a comment.
    leader = new_tab(viewport)
    leader.login("county_leader")
    leader.open("reports:report", report.pk)
    leader.page.get_by_label(zh("What needs correcting"), exact=True).fill(COMMENT)
    _submit(leader, zh("Return for correction"))
    report.refresh_from_db()
    assert (report.status, report.return_comment) == (ReportStatus.RETURNED, COMMENT)

    # The clerk sees the comment, adds what was asked for and submits again.
    clerk.open("reports:report", report.pk)
    expect(page.locator("main .alert-warning")).to_contain_text(COMMENT)
    expect(page.locator('tr[data-figure="visits"]')).to_contain_text(REASON)
    clerk.shoot("reports-report")
    narrative = page.get_by_role("textbox", name=zh("Work done and highlights"), exact=True)
    narrative.fill(narrative.input_value() + "\n" + FIX)
    _submit(clerk, zh("Save"))
    _submit(clerk, zh("Submit to the unit above"))

    # The county accepts it; its first submission still decides its timeliness.
    leader.open("reports:report", report.pk)
    _submit(leader, zh("Accept"))
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and FIX in report.narrative
    assert report.first_submitted_at == first_submitted
    assert report.figures["visits"] == str(computed + 2)
    expect(leader.page.locator("main [data-status]")).to_have_attribute("data-status", "accepted")

    # The county's month page: 冷碛镇 on time or late, 泸桥镇 on time, 兴隆镇 not in.
    leader.open("reports:month", county.pk, f"{last:%Y-%m}")
    rows = leader.page.locator("main table tbody")
    expect(rows.locator('tr[data-unit="冷碛镇"]')).to_contain_text(zh(LABELS[expected]))
    luqiao = monthly.subunit_overview(county, last).rows[0]
    expect(rows.locator('tr[data-unit="泸桥镇"]')).to_contain_text(zh(LABELS[luqiao.timeliness]))
    leader.shoot("reports-month")

    # The county writes last month's bulletin, which shows 冷碛镇 on time or late, and
    # publishes it.
    leader.open("reports:bulletins")
    _submit(
        leader,
        zh(
            "Write the %(month)s bulletin of %(name)s",
            month=in_chinese(last, "YEAR_MONTH_FORMAT"),
            name="泸定县",
        ),
    )
    bulletin = Bulletin.objects.get(org_unit=county, month=last)
    ranked = leader.page.locator('tr[data-unit="冷碛镇"] [data-timeliness]')
    expect(ranked).to_have_attribute("data-timeliness", expected.value)
    expect(leader.page.locator("#id_highlights")).to_contain_text("冷碛镇")
    _submit(leader, zh("Publish"))
    bulletin.refresh_from_db()
    assert bulletin.status == BulletinStatus.PUBLISHED
    if expected is monthly.Timeliness.LATE:
        expect(leader.page.locator("main")).to_contain_text(f"{zh('Late')}：")
    leader.shoot("reports-bulletin")

    # The dashboard draws its charts from the facts.
    leader.open("reports:dashboard", county.pk, f"{timezone.localdate():%Y-%m}")
    for chart in ("#chart-trend", "#chart-categories", "#chart-compare"):
        leader.page.locator(f"{chart} canvas").first.wait_for()
    expect(leader.page.locator('[data-kpi="registration_rate"] .kpi-value')).to_contain_text("%")
    leader.page.wait_for_timeout(1200)  # the charts' entry animation
    leader.shoot("reports-dashboard")

    sheet = AssessmentSheet.objects.get()
    leader.open("reports:assessment", sheet.pk)
    expect(leader.page.locator("main")).to_contain_text("月报按时报送")
    leader.shoot("reports-assessment")

    leader.open("reports:info_list")
    expect(leader.page.locator("main tbody tr")).to_have_count(3)
    leader.shoot("reports-info")

    # The county leader moves the registration rate's target on the targets page.
    leader.open("reports:targets", county.pk)
    row = leader.page.locator('tr[data-kpi="registration_rate"]')
    row.locator("input[name=target]").fill("95")
    with leader.page.expect_navigation():
        row.get_by_role("button").click()
    leader.check()
    expect(leader.page.locator('tr[data-kpi="registration_rate"]')).to_contain_text("95.0%")
    leader.shoot("reports-targets")

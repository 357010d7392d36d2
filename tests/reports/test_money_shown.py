"""An amount on a report page reads as money, ¥13,020.00, never 13020.00 (issue 14,
point 7); the report's stored figure stays a plain number."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from guanai.accounts.models import User
from guanai.reports import monthly
from guanai.reports.models import MonthlyReport
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)


def _report_with_amount(user: User, region: Region) -> MonthlyReport:
    with on(TODAY):
        report = monthly.report_open(acting_user=user, unit=region.lengqi, month=OCTOBER)
        return monthly.report_change_figure(
            acting_user=user,
            report=report,
            version=report.version,
            figure="benefits_paid",
            value="13020",
            reason="纸质台账补录",
        )


def test_an_amount_on_the_report_page_reads_as_money(region: Region, township_worker: User) -> None:
    report = _report_with_amount(township_worker, region)

    with on(TODAY):
        page = logged_in(township_worker).get(reverse("reports:report", args=[report.pk]))

    text = page.content.decode()
    assert report.figures["benefits_paid"] == "13020.00"
    row = text[text.index('data-figure="benefits_paid"') :]
    row = row[: row.index("</tr>")]
    assert "¥13,020.00" in row  # reported
    assert "¥0.00" in row  # from the data, and in the reason line
    assert "13020.00" not in text
    # A count stays a count.
    talks = text[text.index('data-figure="talks"') :]
    assert "¥" not in talks[: talks.index("</tr>")]

"""The reporting demo: six months of township reports (some late, one missing, one returned
and fixed), the county's reports to the prefecture, last month's published bulletin, facts
for the dashboard, this year's score sheet and three information reports.

The whole demo takes seconds to build, so it is built once for the package inside a
transaction rolled back at the end (``demo_once`` in conftest); each test runs in a
savepoint of its own within it.
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guanai.accounts.models import User
from guanai.ops.demo import demo_build
from guanai.ops.demo.benefits import WORKERS, add_months
from guanai.ops.demo.reports import (
    PLAN,
    TOWNSHIP_KEYS,
    bulletin_month,
    demo_reports,
    filed_on,
    months_reported,
)
from guanai.ops.demo.reports_data import SHANGHAI
from guanai.orgs.models import OrgUnit
from guanai.reports import assessment, bulletins, info, monthly
from guanai.reports.dashboard import TREND_MONTHS, dashboard
from guanai.reports.models import (
    AssessmentSheet,
    Bulletin,
    BulletinStatus,
    Fact,
    FigureChange,
    InfoReport,
    InfoStatus,
    ItemKind,
    MonthlyReport,
    ReportStatus,
    SheetStatus,
)

Timeliness = monthly.Timeliness


pytestmark = pytest.mark.xdist_group("demo")  # one build for the package (conftest)


@pytest.fixture
def units(demo: dict[str, OrgUnit]) -> dict[str, OrgUnit]:
    return demo


def expected(back: int, key: str) -> Timeliness:
    """Return what the plan makes of a township's month, as of now."""
    filing = PLAN[back][key]
    if filing.day is None:
        return Timeliness.MISSING
    month = add_months(timezone.localdate().replace(day=1), -back)
    at = datetime.combine(filed_on(month, filing.day), time(filing.hour, 20), SHANGHAI)
    if at > timezone.now():
        return Timeliness.PENDING
    return Timeliness.ON_TIME if filing.day <= monthly.DEFAULT_DEADLINE_DAY else Timeliness.LATE


def test_six_months_of_township_reports_some_late_one_missing(units: dict[str, OrgUnit]) -> None:
    county = units["luding"]
    months = months_reported(timezone.localdate())
    assert len(months) == 6 and months[-1] == add_months(timezone.localdate().replace(day=1), -1)
    found: dict[Timeliness, int] = dict.fromkeys(Timeliness, 0)
    for back, month in zip(range(6, 0, -1), months, strict=True):
        # What the county's month page shows for its townships.
        overview = monthly.subunit_overview(county, month)
        assert [row.unit.name for row in overview.rows] == ["泸桥镇", "冷碛镇", "兴隆镇"]
        for key, row in zip(TOWNSHIP_KEYS, overview.rows, strict=True):
            assert row.timeliness is expected(back, key), (month, key)
            found[row.timeliness] += 1
            if row.report is None:
                continue
            report = row.report
            assert report.narrative and "谈心" in report.narrative
            assert report.submitted_by in (None, User.objects.get(username=WORKERS[key]))
            if report.first_submitted_at is not None:
                # Submitted in the month after, stamped when the clerk sent it.
                assert (
                    timezone.localdate(report.first_submitted_at).month
                    == add_months(month, 1).month
                )
            if back >= 2:
                assert report.status == ReportStatus.ACCEPTED
                assert report.reviewed_by == User.objects.get(username="county_leader")
                assert report.reviewed_at > report.submitted_at
    assert found[Timeliness.MISSING] == 1
    assert found[Timeliness.LATE] >= 3
    assert found[Timeliness.ON_TIME] >= 10
    assert (
        MonthlyReport.objects.filter(org_unit__in=[units[k] for k in TOWNSHIP_KEYS]).count() == 17
    )
    # A township's worker finds the reports of their own township only.
    worker = User.objects.get(username="township_worker")
    assert set(monthly.reports_visible(worker).values_list("org_unit__name", flat=True)) == {
        "冷碛镇"
    }


def test_the_figures_come_from_the_data_and_one_was_changed_with_a_reason(
    units: dict[str, OrgUnit],
) -> None:
    reports = MonthlyReport.objects.filter(org_unit__in=[units[k] for k in TOWNSHIP_KEYS])
    # Persons were on file in every month reported (the roster is dated, not "today").
    assert all(int(r.figures["persons_total"]) > 400 for r in reports)
    assert sum(int(r.figures["talks"]) for r in reports) > 1000
    change = FigureChange.objects.select_related("report__org_unit").get()
    assert change.report.org_unit.name == "泸桥镇" and change.reason
    assert change.value == change.computed + 3
    assert change.report.figures[change.figure] == str(int(change.value))
    assert change.report.computed[change.figure] == str(int(change.computed))
    # The report returned with a comment was fixed and accepted; its first submission,
    # before the return, still decides its timeliness.
    returned = reports.exclude(return_comment="").get()
    assert returned.status == ReportStatus.ACCEPTED and returned.org_unit.name == "冷碛镇"
    assert returned.first_submitted_at < returned.submitted_at < returned.reviewed_at
    assert monthly.timeliness(returned, returned.deadline, timezone.localdate()) is (
        Timeliness.ON_TIME
    )
    assert "漏雨" in returned.narrative  # the fix the comment asked for


def test_the_county_sends_its_aggregated_reports_to_the_prefecture(
    units: dict[str, OrgUnit],
) -> None:
    county, prefecture = units["luding"], units["ganzi"]
    mine = {r.month: r for r in MonthlyReport.objects.filter(org_unit=county)}
    months = months_reported(timezone.localdate())
    assert sorted(mine) == months
    for month in months[:-1]:
        report = mine[month]
        assert report.status == ReportStatus.SUBMITTED
        accepted = MonthlyReport.objects.filter(
            org_unit__parent=county, month=month, status=ReportStatus.ACCEPTED
        )
        # The county's figures: the accepted townships' plus its own institution's.
        townships = sum(int(r.figures["visits"]) for r in accepted)
        assert int(report.figures["visits"]) >= townships
        assert f"汇总{accepted.count()}个乡镇" in report.narrative
    # The prefecture's viewer sees the county's timeliness, on time and late.
    overview = [monthly.subunit_overview(prefecture, m).rows[0] for m in months[:-1]]
    assert {row.unit for row in overview} == {county}
    assert {row.timeliness for row in overview} == {Timeliness.ON_TIME, Timeliness.LATE}
    # The month a township missed, the county waited for nobody and sent it on the 15th.
    missing = months[6 - 3]  # three months back
    assert mine[missing].figures["persons_total"] < mine[months[0]].figures["persons_total"]
    viewer = Client()
    viewer.force_login(User.objects.get(username="prefecture_viewer"))
    page = viewer.get(
        reverse("reports:month", args=[prefecture.pk, f"{months[-2]:%Y-%m}"]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    assert 'data-unit="泸定县"' in page.content.decode()


def test_last_months_bulletin_is_published_with_the_late_and_missing(
    units: dict[str, OrgUnit],
) -> None:
    county = units["luding"]
    bulletin = Bulletin.objects.get()
    month = bulletin_month(units, timezone.now())
    assert (bulletin.org_unit, bulletin.month, bulletin.status) == (
        county,
        month,
        BulletinStatus.PUBLISHED,
    )
    assert bulletin.published_at is not None and bulletin.published_at <= timezone.now()
    assert "报送率" in bulletin.text and bulletin.highlights.count("\n") >= 1
    content = bulletins.content_of(county, month)
    assert {r.unit.name for r in content.ranking} == {"泸桥镇", "冷碛镇", "兴隆镇"}
    assert all(r.score is not None for r in content.ranking)  # the KPIs have data
    # A township reads the county's published bulletin.
    clerk = Client()
    clerk.force_login(User.objects.get(username="xinglong_worker"))
    page = clerk.get(reverse("reports:bulletin", args=[bulletin.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("泸桥镇", "冷碛镇", "兴隆镇"):
        assert f'data-unit="{name}"' in html
    # Three months back 兴隆镇 sent nothing: that month's bulletin would name it.
    missed = months_reported(timezone.localdate())[6 - 3]
    assert [r.unit.name for r in bulletins.content_of(county, missed).missing] == ["兴隆镇"]


def test_the_dashboard_has_twelve_months_of_facts_and_a_registration_rate(
    units: dict[str, OrgUnit],
) -> None:
    county = units["luding"]
    this_month = timezone.localdate().replace(day=1)
    months = {add_months(this_month, -back) for back in range(TREND_MONTHS)}
    assert set(Fact.objects.values_list("month", flat=True).distinct()) == months
    board = dashboard(county, this_month)
    assert all(v > 0 for v in board.trend["persons_total"])
    assert all(v > 0 for v in board.trend["talks"][-6:])
    rates = {v.kpi.code: v for v in board.kpis}
    registration = rates["registration_rate"].value
    assert registration is not None and Decimal(95) < registration <= 100
    for row in board.subunits:
        if row.unit.name in ("泸桥镇", "冷碛镇", "兴隆镇"):
            assert row.values["registration_rate"].value is not None
    leader = Client()
    leader.force_login(User.objects.get(username="county_leader"))
    page = leader.get(reverse("reports:dashboard", args=[county.pk, f"{this_month:%Y-%m}"]))
    assert page.status_code == 200 and b'id="dashboard-data"' in page.content


def test_this_years_score_sheet_has_automatic_and_manual_items_all_scored(
    units: dict[str, OrgUnit],
) -> None:
    sheet = AssessmentSheet.objects.get()
    assert (sheet.org_unit, sheet.year, sheet.status) == (
        units["luding"],
        timezone.localdate().year,
        SheetStatus.DRAFT,
    )
    results = assessment.results_of(sheet)
    assert results.weights == 100 and results.missing == 0
    kinds = {item.kind for item in results.items}
    assert kinds == {ItemKind.AUTOMATIC, ItemKind.TIMELINESS, ItemKind.MANUAL}
    assert {row.unit.name for row in results.rows} == {"泸桥镇", "冷碛镇", "兴隆镇"}
    by_name = {row.unit.name: row for row in results.rows}
    for row in results.rows:
        assert all(c.kpi_value is not None for c in row.cells if c.item.kind == "automatic")
        assert all(c.entry.evidence for c in row.cells if c.entry is not None)
    # 兴隆镇 was late and missed a month: it scores lowest on timeliness.
    timeliness = next(i for i in results.items if i.name == "月报按时报送")

    def on_time_score(name: str) -> Decimal:
        cell = next(c for c in by_name[name].cells if c.item == timeliness)
        assert cell.score is not None
        return cell.score

    assert on_time_score("兴隆镇") < on_time_score("冷碛镇") <= on_time_score("泸桥镇")


def test_three_information_reports_two_published(units: dict[str, OrgUnit]) -> None:
    reports = list(InfoReport.objects.select_related("org_unit"))
    assert len(reports) == 3
    assert {r.org_unit.name for r in reports} == {"泸桥镇", "冷碛镇", "兴隆镇"}
    assert sorted(r.status for r in reports) == sorted(
        [InfoStatus.PUBLISHED, InfoStatus.PUBLISHED, InfoStatus.SUBMITTED]
    )
    assert [r.timely for r in reports if r.status == InfoStatus.SUBMITTED] == [False]
    assert all(r.first_submitted_at.date() >= r.event_date for r in reports)
    # A clerk of another township reads the two published ones.
    clerk = User.objects.get(username="xinglong_worker")
    assert {r.org_unit.name for r in info.published_visible(clerk)} == {"泸桥镇", "冷碛镇"}
    # The county's timeliness page counts 兴隆镇's report, sent six days after the event.
    waiting = next(r for r in reports if r.status == InfoStatus.SUBMITTED)
    sent_in = timezone.localdate(waiting.first_submitted_at).replace(day=1)
    rows = {r.unit.name: r for r in info.timeliness_of(units["luding"], sent_in)}
    assert (rows["兴隆镇"].submitted, rows["兴隆镇"].timely) == (1, 0)


def test_the_reports_demo_runs_once(units: dict[str, OrgUnit]) -> None:
    counts = [
        m.objects.count()
        for m in (MonthlyReport, FigureChange, Bulletin, AssessmentSheet, InfoReport, Fact)
    ]
    assert demo_reports(units) == 0
    demo_build()
    assert [
        m.objects.count()
        for m in (MonthlyReport, FigureChange, Bulletin, AssessmentSheet, InfoReport, Fact)
    ] == counts


def test_no_report_stamped_in_the_future(units: dict[str, OrgUnit]) -> None:
    now = timezone.now()
    for report in MonthlyReport.objects.all():
        for stamp in (report.created_at, report.first_submitted_at, report.reviewed_at):
            assert stamp is None or stamp <= now
        assert report.month < timezone.localdate().replace(day=1)

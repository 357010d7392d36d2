"""The monthly report pages: what a township clerk and a county officer see and do."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from guanai.accounts.models import Role, User
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry.models import Person
from guanai.reports import monthly
from guanai.reports.models import FigureChange, MonthlyReport, ReportStatus
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def started(worker: User) -> MonthlyReport:
    with on(TODAY):
        return monthly.report_open(acting_user=worker, unit=worker_unit(worker), month=OCTOBER)


def worker_unit(worker: User) -> OrgUnit:
    return worker.memberships.get().org_unit


def test_the_clerk_starts_changes_with_a_reason_and_submits(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    client = logged_in(township_worker)
    with on(TODAY):
        page = client.get(f"/reports/monthly/{region.lengqi.pk}/2026-10/", **EN).content.decode()
        assert "Fill in the report" in page
        assert 'data-deadline="2026-11-16"' in page  # the 15th is a Sunday
        assert "16 Nov 2026" in page  # shown in English DATE_FORMAT

        response = client.post(f"/reports/monthly/{region.lengqi.pk}/2026-10/start/")
        report = MonthlyReport.objects.get()
        assert response.url == f"/reports/monthly/report/{report.pk}/"

        page = client.get(response.url, **EN).content.decode()
        assert 'data-figure="persons.left_behind"' in page
        assert "Submit to the unit above" in page

        # A change without a reason: the error next to the field, nothing changed.
        refused = client.post(
            f"/reports/monthly/report/{report.pk}/change/",
            {"version": report.version, "figure": "talks", "value": "3", "reason": ""},
            **EN,
        )
        assert refused.status_code == 400
        assert "Say why the figure differs from the data" in refused.content.decode()
        assert not FigureChange.objects.exists()

        client.post(
            f"/reports/monthly/report/{report.pk}/change/",
            {"version": report.version, "figure": "talks", "value": "3", "reason": "纸质台账补录"},
        )
        page = client.get(response.url, **EN).content.decode()
        assert "纸质台账补录" in page
        report.refresh_from_db()
        client.post(f"/reports/monthly/report/{report.pk}/submit/", {"version": report.version})

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.figures["talks"] == "3"


def test_the_county_returns_with_a_comment_and_sees_timeliness(
    region: Region, october: dict[str, Person], township_worker: User, county_leader: User
) -> None:
    report = started(township_worker)
    with on(date(2026, 11, 17)):  # due on the 16th (the 15th is a Sunday)
        monthly.report_submit(acting_user=township_worker, report=report, version=report.version)
    report.refresh_from_db()
    client = logged_in(county_leader)

    with on(TODAY):
        month = client.get(f"/reports/monthly/{region.county.pk}/2026-10/", **EN).content.decode()
        assert "1 of 2 submitted (50% complete)" in month
        lengqi_row = month.split('data-unit="冷碛镇"')[1].split("</tr>")[0]
        assert "Late" in lengqi_row
        xinglong_row = month.split('data-unit="兴隆镇"')[1].split("</tr>")[0]
        assert "Missing" in xinglong_row

        client.post(
            f"/reports/monthly/report/{report.pk}/return/",
            {"version": report.version, "comment": "请核实走访次数"},
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    with on(TODAY):
        page = logged_in(township_worker).get(f"/reports/monthly/report/{report.pk}/").content
    assert "请核实走访次数" in page.decode()


def test_another_township_gets_404_and_a_viewer_cannot_post(
    region: Region, october: dict[str, Person], township_worker: User, other_township_worker: User
) -> None:
    report = started(township_worker)
    other = logged_in(other_township_worker)
    with on(TODAY):
        assert other.get(f"/reports/monthly/report/{report.pk}/").status_code == 404
        assert other.get(f"/reports/monthly/{region.lengqi.pk}/2026-10/").status_code == 404
        viewer = logged_in(factories.user(unit=region.lengqi, role=Role.VIEWER))
        assert viewer.get(f"/reports/monthly/report/{report.pk}/").status_code == 200
        response = viewer.post(
            f"/reports/monthly/report/{report.pk}/submit/", {"version": report.version}
        )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    helper = logged_in(factories.user(unit=region.lengqi_school, role=Role.HELPER))
    assert helper.get("/reports/").status_code == 403


def test_csrf_is_required(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    report = started(township_worker)
    client = Client(enforce_csrf_checks=True)
    client.force_login(township_worker)
    response = client.post(
        f"/reports/monthly/report/{report.pk}/submit/", {"version": report.version}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.parametrize("townships", [1, 50])
def test_the_month_page_has_a_fixed_query_count(
    region: Region,
    county_leader: User,
    townships: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(townships - 1):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n}乡")
    client = logged_in(county_leader)
    client.get("/")  # session and memberships warmed up
    # One query reads the deadline's rule, to say why it moved; three read the holidays
    # entered for 2026 (the month's deadlines, the deadline's reason, the reminders).
    with on(TODAY), django_assert_num_queries(21):
        page = client.get(f"/reports/monthly/{region.county.pk}/2026-10/")
    assert page.status_code == 200


@pytest.mark.parametrize("changes", [1, 50])
def test_the_report_page_has_a_fixed_query_count(
    region: Region,
    october: dict[str, Person],
    township_worker: User,
    changes: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    report = started(township_worker)
    for n in range(changes):
        report = monthly.report_change_figure(
            acting_user=township_worker,
            report=report,
            version=report.version,
            figure="talks",
            value=str(n),
            reason=f"第{n}次更正",
        )
    client = logged_in(township_worker)
    client.get("/")
    # A draft's figures are refreshed on view; auditlog reads the old row before the save;
    # last month's report is read for the narrative's first draft (the narrative is empty);
    # one query reads the deadline's rule, to say why it moved; two read the holidays
    # entered for 2026 (the deadline's reason, the reminders). The refresh reads the
    # community figures too: donations, grants, volunteer hours, needs (one query each),
    # and the cross-check figures: the lists compared, the findings (one query each).
    with on(TODAY), django_assert_num_queries(36):
        page = client.get(f"/reports/monthly/report/{report.pk}/")
    assert page.status_code == 200


@pytest.mark.parametrize("townships", [1, 50])
def test_the_index_lists_the_reporting_units_with_a_fixed_query_count(
    region: Region,
    county_leader: User,
    townships: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(townships - 1):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n}乡")
    client = logged_in(county_leader)
    client.get("/")
    # The count of the pages included; the holidays entered for 2026 are read once for
    # the index and once for the reminders, whatever the number of units.
    with on(TODAY), django_assert_num_queries(15):
        page = client.get("/reports/", **EN).content.decode()
    assert "Reports for October 2026" in page  # YEAR_MONTH_FORMAT
    # The county and its townships; the villages and schools report nothing. 50 a page.
    assert page.count("data-unit=") == min(1 + 2 + townships - 1, 50)
    assert 'data-unit="甘露寺村"' not in page


def test_the_dashboard_reads_the_facts_and_drills_down(
    region: Region, october: dict[str, Person], county_leader: User
) -> None:
    from guanai.reports.facts import facts_refresh
    from guanai.reports.figures import month_of

    facts_refresh(month_of("2026-10", today=TODAY))
    client = logged_in(county_leader)
    with on(TODAY):
        page = client.get(f"/reports/dashboard/{region.county.pk}/2026-10/", **EN)
    html = page.content.decode()
    assert page.status_code == 200
    # The townships are listed with a link to their own dashboards.
    assert f'href="/reports/dashboard/{region.lengqi.pk}/2026-10/"' in html
    lengqi = html.split('data-unit="冷碛镇"')[1].split("</tr>")[0]
    cells = [c.split(">")[-1].strip() for c in lengqi.split("</td>")[:-1]]
    assert cells[1] == "4"  # persons on file in 冷碛镇
    # The chart data: persons by category link to the person list of the unit.
    data = page.context["chart"]
    assert data["categories"]["values"][0] == 3  # left-behind: 甲, 戊, 庚
    assert (
        data["categories"]["links"][0] == f"/persons/?unit={region.county.pk}&category=left_behind"
    )
    assert data["trend"]["months"][-1] == "2026-10"
    assert data["trend"]["series"][0]["values"][-1] == 5.0  # persons on file


def test_the_dashboard_is_scoped(
    region: Region, october: dict[str, Person], township_worker: User
) -> None:
    client = logged_in(township_worker)
    with on(TODAY):
        assert client.get(f"/reports/dashboard/{region.xinglong.pk}/2026-10/").status_code == 404
        assert client.get(f"/reports/dashboard/{region.county.pk}/2026-10/").status_code == 404
        assert client.get(f"/reports/dashboard/{region.lengqi.pk}/2026-10/").status_code == 200


@pytest.mark.parametrize("townships", [1, 50])
def test_the_dashboard_has_a_fixed_query_count(
    region: Region,
    county_leader: User,
    townships: int,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(townships - 1):
        factories.org_unit(parent=region.county, kind=OrgKind.TOWNSHIP, name=f"第{n}乡")
    client = logged_in(county_leader)
    client.get("/")
    # Two of them read the volunteers-and-giving card: the hours per group, its facts; one
    # the cross-check findings by kind (none here: no median is read); four the work
    # organisation's panels (targets, practical matters, rectifications; each part's own
    # tests hold its panel's count with records in it). No facts here: one more query asks
    # whether the month was computed at all.
    with on(TODAY), django_assert_num_queries(22):
        page = client.get(f"/reports/dashboard/{region.county.pk}/2026-10/")
    assert page.status_code == 200


def test_the_dashboard_export_is_an_audited_workbook(
    region: Region, october: dict[str, Person], county_leader: User
) -> None:
    from python_calamine import CalamineWorkbook

    from guanai.core.models import AccessLog
    from guanai.reports.facts import facts_refresh
    from guanai.reports.figures import month_of

    facts_refresh(month_of("2026-10", today=TODAY))
    with on(TODAY):
        response = logged_in(county_leader).get(
            f"/reports/dashboard/{region.county.pk}/2026-10/export/"
        )
    rows = (
        CalamineWorkbook.from_filelike(__import__("io").BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    names = [row[0] for row in rows[2:]]
    assert names[:3] == ["泸定县", "冷碛镇", "兴隆镇"]
    assert (
        AccessLog.objects.filter(object_type="reports.dashboard", user=county_leader).count() == 1
    )

"""Who reviews what: every level reviews the reports of the level directly below it, and
nobody passes a report they sent themselves (issue 12, point 14)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgUnit
from guanai.reports import info, monthly
from guanai.reports.models import InfoKind, InfoReport, InfoStatus, MonthlyReport, ReportStatus
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in
from tests.reports.conftest import TODAY

OCTOBER = date(2026, 10, 1)


def submitted(user: User, unit: OrgUnit) -> MonthlyReport:
    with on(TODAY):
        report = monthly.report_open(acting_user=user, unit=unit, month=OCTOBER)
        return monthly.report_submit(acting_user=user, report=report, version=report.version)


def test_the_prefecture_accepts_and_returns_a_countys_report(
    region: Region, county_leader: User, prefecture_viewer: User
) -> None:
    # Given the county's October report, submitted by its leader:
    report = submitted(county_leader, region.county)

    # The prefecture's page offers the review, and returning it works.
    client = logged_in(prefecture_viewer)
    page = client.get(reverse("reports:report", args=[report.pk]))
    accept_url = reverse("reports:report_action", args=[report.pk, "accept"])
    assert accept_url in page.content.decode()
    response = client.post(
        reverse("reports:report_action", args=[report.pk, "return"]),
        {"version": report.version, "comment": "请补充走访数"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.return_comment) == (ReportStatus.RETURNED, "请补充走访数")

    # Sent again, the prefecture accepts it.
    with on(TODAY):
        report = monthly.report_submit(
            acting_user=county_leader, report=report, version=report.version
        )
    client.post(
        reverse("reports:report_action", args=[report.pk, "accept"]),
        {"version": report.version},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.reviewed_by == prefecture_viewer


def test_only_the_unit_directly_above_reviews(
    region: Region, township_worker: User, county_leader: User
) -> None:
    report = submitted(township_worker, region.lengqi)
    province_leader = factories.user(unit=region.province, role=Role.LEADER)
    prefecture_leader = factories.user(unit=region.prefecture, role=Role.LEADER)

    for outsider in (province_leader, prefecture_leader):
        with pytest.raises(PermissionRefused):
            monthly.report_accept(acting_user=outsider, report=report, version=report.version)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    report = monthly.report_accept(acting_user=county_leader, report=report, version=report.version)
    assert report.status == ReportStatus.ACCEPTED


def test_whoever_submitted_a_report_does_not_accept_it(region: Region, county_leader: User) -> None:
    # A county worker fills and submits a township's report (she may, from above)...
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    report = submitted(county_worker, region.lengqi)

    # ...but she may not accept it herself, nor does her page offer it.
    with pytest.raises(PermissionRefused) as refused:
        monthly.report_accept(acting_user=county_worker, report=report, version=report.version)
    assert "其他人" in str(refused.value.message)
    page = logged_in(county_worker).get(reverse("reports:report", args=[report.pk]))
    assert reverse("reports:report_action", args=[report.pk, "accept"]) not in page.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # Her leader accepts it.
    report = monthly.report_accept(acting_user=county_leader, report=report, version=report.version)
    assert report.status == ReportStatus.ACCEPTED


def send_story(user: User, unit: OrgUnit) -> InfoReport:
    with on(TODAY):
        return info.info_submit(
            acting_user=user,
            unit=unit,
            kind=InfoKind.STORY,
            title="乡村教师王老师",
            event_date=TODAY,
            text="王老师十年如一日照顾留守儿童。",
        )


def test_the_sender_of_an_information_report_does_not_publish_it(
    region: Region, county_leader: User
) -> None:
    # A county worker sends a story for 冷碛镇, a unit below her own.
    county_worker = factories.user(unit=region.county, role=Role.WORKER)
    story = send_story(county_worker, region.lengqi)

    for action in ("publish", "return"):
        with pytest.raises(PermissionRefused):
            if action == "publish":
                info.info_publish(acting_user=county_worker, report=story, version=story.version)
            else:
                info.info_return(
                    acting_user=county_worker, report=story, version=story.version, comment="改"
                )
    page = logged_in(county_worker).get(reverse("reports:info", args=[story.pk]))
    assert reverse("reports:info_action", args=[story.pk, "publish"]) not in page.content.decode()
    story.refresh_from_db()
    assert story.status == InfoStatus.SUBMITTED

    # A colleague of the county, who did not send it, publishes it.
    story = info.info_publish(acting_user=county_leader, report=story, version=story.version)
    assert story.status == InfoStatus.PUBLISHED


def test_nobody_reviews_a_report_of_their_own_unit(region: Region, township_worker: User) -> None:
    township_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    story = send_story(township_worker, region.lengqi)
    with pytest.raises(PermissionRefused):
        info.info_publish(acting_user=township_leader, report=story, version=story.version)

"""The office kinds reach the people who do the work, and nobody else: a file sent to a
unit, a payment roll to approve, a monthly report due, late, returned or accepted, and a
bulletin published. A second collect adds nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from guanai.accounts.models import Role, User
from guanai.benefits.rolls import can_approve_rolls
from guanai.notify.models import Notification
from guanai.orgs.models import OrgUnit
from guanai.reports import bulletins, monthly
from guanai.reports.models import MonthlyReport
from tests import factories
from tests.conftest import Region
from tests.notify.kinds.support import collect, on, one, received, said
from tests.today.support import submitted_roll, transfer

pytestmark = pytest.mark.django_db

# Last month is November 2026; its reports fall due on Tuesday 15 December.
DUE_SOON = date(2026, 12, 13)
LATE = date(2026, 12, 16)
NOVEMBER = date(2026, 11, 1)


def test_a_file_sent_reaches_the_receiving_units_clerks(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_leader: User,
    school_helper: User,
) -> None:
    child = factories.person(region.xinglong, "王五", born=date(2015, 3, 3))
    transfer(other_township_worker, child, region.lengqi)

    assert collect("transfer_to_accept") == 1
    assert received("transfer_to_accept") == {"township_worker"}
    assert collect("transfer_to_accept") == 0

    notification = one("transfer_to_accept", "township_worker")
    assert notification.names == ["王五"]
    assert notification.link == reverse("registry:transfer_list")
    zh, en = said(notification)
    assert zh == "王五的档案已从兴隆镇转至冷碛镇，请接收或退回。"
    assert en == "王五's file was sent from 兴隆镇 to 冷碛镇: accept or decline it."


def test_a_roll_reaches_the_leaders_who_approve_it(
    region: Region, township_worker: User, other_township_worker: User, county_leader: User
) -> None:
    factories.user(unit=region.lengqi, role=Role.LEADER, username="lq_leader")
    with on(date(2026, 12, 3)):
        own = submitted_roll(township_worker, region.lengqi)
        # 兴隆镇 has no leader of its own: the county's approves its roll.
        submitted_roll(other_township_worker, region.xinglong)

        assert collect("roll_to_approve") == 2
    assert received("roll_to_approve", f"roll:{own.pk}:") == {"lq_leader"}
    assert received("roll_to_approve") == {"lq_leader", "county_leader"}
    for notification in Notification.objects.filter(kind="roll_to_approve"):
        assert notification.unit is not None
        assert can_approve_rolls(notification.recipient, notification.unit)
    with on(date(2026, 12, 3)):
        assert collect("roll_to_approve") == 0

    zh, en = said(one("roll_to_approve", "lq_leader"))
    assert zh == "冷碛镇2026年12月的发放花名册待您审批。"
    assert en == "The payment roll of 冷碛镇 for December 2026 is waiting for your approval."
    link = reverse("benefits:roll_detail", args=[own.pk])
    assert one("roll_to_approve", "lq_leader").link == link


@pytest.fixture
def county_worker(region: Region) -> User:
    return factories.user(unit=region.county, role=Role.WORKER, username="county_worker")


def _submit(worker: User, unit: OrgUnit) -> MonthlyReport:
    report = monthly.report_open(acting_user=worker, unit=unit, month=NOVEMBER)
    return monthly.report_submit(acting_user=worker, report=report, version=report.version)


def test_a_report_due_reaches_those_who_fill_it(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_leader: User,
    county_worker: User,
    prefecture_viewer: User,
    school_helper: User,
) -> None:
    with on(DUE_SOON):
        _submit(other_township_worker, region.xinglong)
        # Four days before: not yet.
        with on(date(2026, 12, 11)):
            assert collect("report_due") == 0
        assert collect("report_due") == 3
        assert collect("report_due") == 0

    assert received("report_due", f"due:{region.lengqi.pk}:") == {"township_worker"}
    assert received("report_due", f"due:{region.county.pk}:") == {"county_leader", "county_worker"}
    # 兴隆镇 submitted; the prefecture's viewer fills nothing; the helper neither.
    assert received("report_due") == {"township_worker", "county_leader", "county_worker"}

    notification = one("report_due", "township_worker")
    assert notification.link == reverse("reports:month", args=[region.lengqi.pk, "2026-11"])
    zh, en = said(notification)
    assert zh == "冷碛镇2026年11月的月报将于2026年12月15日截止报送。"
    assert en.startswith("The monthly report of 冷碛镇 for November 2026 is due on ")


def test_a_late_report_reaches_its_clerks_and_the_unit_above(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_leader: User,
    county_worker: User,
    prefecture_viewer: User,
) -> None:
    with on(LATE):
        _submit(other_township_worker, region.xinglong)
        assert collect("report_late") == 5
        assert collect("report_late") == 0

    assert received("report_late", f"late:{region.lengqi.pk}:") == {
        "township_worker",
        "county_leader",
        "county_worker",
    }
    # The county's own report: its clerks; the prefecture above has only a viewer.
    assert received("report_late", f"late:{region.county.pk}:") == {
        "county_leader",
        "county_worker",
    }
    assert "xinglong_worker" not in received("report_late")
    assert "prefecture_viewer" not in received("report_late")

    zh, en = said(one("report_late", "township_worker"))
    assert zh == "冷碛镇2026年11月的月报已过2026年12月15日的截止日期，尚未报送。"
    assert "is not submitted" in en


def test_a_returned_then_accepted_report_reaches_its_clerk_not_the_reviewer(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_leader: User,
    county_worker: User,
) -> None:
    with on(DUE_SOON):
        report = _submit(township_worker, region.lengqi)
        returned = monthly.report_return(
            acting_user=county_worker, report=report, version=report.version, comment="数字有误"
        )
        assert collect("report_returned") == 1
        assert collect("report_returned") == 0
    assert received("report_returned") == {"township_worker"}
    notification = one("report_returned", "township_worker")
    assert notification.urgent
    assert notification.link == reverse("reports:report", args=[report.pk])
    zh, en = said(notification)
    assert zh == "冷碛镇2026年11月的月报被退回修改。"
    assert en == "The monthly report of 冷碛镇 for November 2026 was returned for correction."

    with on(date(2026, 12, 14)):
        again = monthly.report_submit(
            acting_user=township_worker, report=returned, version=returned.version
        )
        monthly.report_accept(acting_user=county_leader, report=again, version=again.version)
        assert collect("report_accepted") == 1
        assert collect("report_accepted") == 0
    assert received("report_accepted") == {"township_worker"}
    zh, en = said(one("report_accepted", "township_worker"))
    assert zh == "冷碛镇2026年11月的月报已通过审核。"
    assert en == "The monthly report of 冷碛镇 for November 2026 was accepted."


def test_a_bulletin_reaches_the_staff_of_the_units_it_covers(
    region: Region,
    township_worker: User,
    other_township_worker: User,
    county_leader: User,
    county_worker: User,
    prefecture_viewer: User,
    school_helper: User,
) -> None:
    with on(DUE_SOON):
        bulletin = bulletins.bulletin_open(
            acting_user=county_worker, unit=region.county, month=NOVEMBER
        )
        bulletins.bulletin_publish(
            acting_user=county_leader, bulletin=bulletin, version=bulletin.version
        )
        assert collect("bulletin_published") == 3
        assert collect("bulletin_published") == 0
    # Not the leader who published it, the prefecture above, nor a helper.
    assert received("bulletin_published") == {
        "county_worker",
        "township_worker",
        "xinglong_worker",
    }
    notification = one("bulletin_published", "township_worker")
    assert notification.link == reverse("reports:bulletin", args=[bulletin.pk])
    zh, en = said(notification)
    assert zh == "泸定县2026年11月的通报已发布。"
    assert en == "The bulletin of 泸定县 for November 2026 is published."

"""Holiday-aware deadlines: the rule each unit's reports follow, the setting that changes
it, and what the report, month and setting pages and the reminders say."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client
from django.utils.formats import date_format
from django.utils.translation import gettext, override

from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.reports import monthly
from guanai.reports.models import ReportDeadline
from tests import factories
from tests.care.log_support import on
from tests.conftest import Region, logged_in

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
JANUARY = date(2026, 1, 1)  # due 15 February 2026: the second day of the Spring Festival
SEPTEMBER = date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The reasons and names are compared with their English wording (the msgids)."""
    with override("en"):
        yield


@pytest.fixture
def prefecture_leader(region: Region) -> User:
    return factories.user(unit=region.prefecture, role=Role.LEADER)


def test_a_deadline_in_the_spring_festival_moves_to_the_first_working_day(region: Region) -> None:
    deadline = monthly.unit_deadline(region.lengqi, JANUARY)
    assert (deadline.nominal, deadline.due) == (date(2026, 2, 15), date(2026, 2, 24))
    assert deadline.reason == "moved for the Spring Festival"
    with override("zh-hans"):
        assert deadline.remark == gettext("moved for %(holiday)s") % {
            "holiday": gettext("the Spring Festival")
        }


def test_a_deadline_in_national_day_moves_to_the_8th(region: Region, county_leader: User) -> None:
    monthly.deadline_set(acting_user=county_leader, unit=region.county, day=3)
    deadline = monthly.unit_deadline(region.lengqi, SEPTEMBER)
    assert (deadline.nominal, deadline.due) == (date(2026, 10, 3), date(2026, 10, 8))
    assert deadline.remark == "moved for National Day"


def test_the_report_stores_the_moved_deadline_and_counts_timeliness_by_it(
    region: Region, township_worker: User
) -> None:
    with on(date(2026, 2, 24)):
        report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=JANUARY)
        monthly.report_submit(acting_user=township_worker, report=report, version=report.version)
    report.refresh_from_db()
    assert report.deadline == date(2026, 2, 24)
    [row] = [
        r
        for r in monthly.subunit_overview(region.county, JANUARY, today=date(2026, 3, 1)).rows
        if r.unit == region.lengqi
    ]
    assert row.timeliness is monthly.Timeliness.ON_TIME


def test_a_unit_turns_the_moving_off_for_the_units_below_and_below_them(
    region: Region, county_leader: User
) -> None:
    monthly.holiday_setting_set(acting_user=county_leader, unit=region.county, choice="off")
    # The township's report keeps Sunday the 15th; the county's own report (set above it)
    # still moves.
    assert monthly.deadline_of(date(2026, 10, 1), monthly.deadline_day(region.lengqi)) == date(
        2026, 11, 15
    )
    assert monthly.deadline_of(date(2026, 10, 1), monthly.deadline_day(region.county)) == date(
        2026, 11, 16
    )
    assert monthly.unit_deadline(region.lengqi, date(2026, 10, 1)).remark == ""


def test_each_part_of_the_rule_is_inherited_on_its_own(
    region: Region, prefecture_leader: User, county_leader: User
) -> None:
    monthly.deadline_set(acting_user=prefecture_leader, unit=region.prefecture, day=10)
    monthly.holiday_setting_set(acting_user=prefecture_leader, unit=region.prefecture, choice="off")
    assert monthly.deadline_day(region.lengqi) == monthly.DeadlineRule(day=10, moves=False)

    # The county turns it back on for its townships; the day stays the prefecture's.
    monthly.holiday_setting_set(acting_user=county_leader, unit=region.county, choice="on")
    assert monthly.deadline_day(region.lengqi) == monthly.DeadlineRule(day=10, moves=True)
    setting = monthly.holiday_setting_of(region.county)
    assert (setting.own, setting.inherited, setting.inherited_from) == (
        True,
        False,
        region.prefecture,
    )

    # Following the unit above again removes the county's row: it set nothing else.
    monthly.holiday_setting_set(acting_user=county_leader, unit=region.county, choice="inherit")
    assert monthly.deadline_day(region.lengqi) == monthly.DeadlineRule(day=10, moves=False)
    assert not ReportDeadline.objects.filter(org_unit=region.county).exists()


def test_following_the_unit_above_keeps_a_day_set_by_the_unit(
    region: Region, county_leader: User
) -> None:
    monthly.deadline_set(acting_user=county_leader, unit=region.county, day=20)
    monthly.holiday_setting_set(acting_user=county_leader, unit=region.county, choice="off")
    monthly.holiday_setting_set(acting_user=county_leader, unit=region.county, choice="inherit")
    row = ReportDeadline.objects.get(org_unit=region.county)
    assert (row.day, row.next_working_day) == (20, None)
    assert monthly.deadline_day(region.lengqi) == monthly.DeadlineRule(day=20, moves=True)


def test_the_day_form_still_shows_the_day_not_the_moved_date(
    region: Region, october: object, county_leader: User
) -> None:
    with on(date(2026, 11, 20)):
        page = logged_in(county_leader).get(f"/reports/monthly/{region.county.pk}/2026-10/")
    assert page.context["deadline_form"].initial == {"day": 15}  # due the 16th, a Monday


@pytest.mark.parametrize("role", [Role.WORKER, Role.VIEWER])
def test_only_a_leader_of_the_unit_or_above_sets_it(region: Region, role: Role) -> None:
    user = factories.user(unit=region.county, role=role)
    with pytest.raises(PermissionRefused):
        monthly.holiday_setting_set(acting_user=user, unit=region.county, choice="off")
    township_leader = factories.user(unit=region.lengqi, role=Role.LEADER)
    with pytest.raises(PermissionRefused):
        monthly.holiday_setting_set(acting_user=township_leader, unit=region.county, choice="off")
    assert not ReportDeadline.objects.exists()


@pytest.mark.parametrize("choice", ["", "yes", "ON", None, True, "on" * 50])
def test_a_choice_that_is_not_one_is_refused_and_changes_nothing(
    region: Region, county_leader: User, choice: object
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        monthly.holiday_setting_set(acting_user=county_leader, unit=region.county, choice=choice)
    assert "next working day" in str(refused.value.message)
    assert not ReportDeadline.objects.exists()


def test_a_deadline_in_a_year_the_calendar_does_not_know_says_so(region: Region) -> None:
    # The December 2026 report is due on Friday 15 January 2027; 2027 is not in the calendar.
    deadline = monthly.unit_deadline(region.lengqi, date(2026, 12, 1))
    assert deadline.due == date(2027, 1, 15) and not deadline.moved
    assert deadline.remark == ("the holidays of 2027 are not known yet: only weekends are skipped")
    moved = monthly.unit_deadline(region.lengqi, date(2027, 4, 1))  # Saturday 15 May 2027
    assert moved.due == date(2027, 5, 17)
    assert moved.remark == (
        "moved past the weekend; the holidays of 2027 are not known yet: only weekends are skipped"
    )


def test_the_report_page_says_why_the_deadline_moved(region: Region, township_worker: User) -> None:
    with on(date(2026, 2, 20)):
        report = monthly.report_open(acting_user=township_worker, unit=region.lengqi, month=JANUARY)
        html = logged_in(township_worker).get(f"/reports/monthly/report/{report.pk}/", **EN)
    text = html.content.decode()
    # 截止日期：2026年2月24日（因春节顺延）, written as one phrase.
    line = text.split('Deadline：<span data-deadline="2026-02-24">')[1].split("·")[0]
    with override("en"):
        assert line.startswith(f"{date_format(date(2026, 2, 24))}</span><span")
    assert "(moved for the Spring Festival)</span>" in line


def test_the_month_page_of_an_unknown_year_says_only_weekends_are_skipped(
    region: Region, township_worker: User
) -> None:
    with on(date(2027, 1, 10)):
        html = logged_in(township_worker).get(f"/reports/monthly/{region.lengqi.pk}/2026-12/", **EN)
    assert html.status_code == 200
    text = html.content.decode()
    assert 'data-deadline="2027-01-15"' in text
    assert "the holidays of 2027 are not known yet: only weekends are skipped" in text


def test_reminders_say_why_the_deadline_moved(region: Region, township_worker: User) -> None:
    assert monthly.reminders_due(township_worker, today=date(2026, 2, 20)) == []
    [due] = monthly.reminders_due(township_worker, today=date(2026, 2, 21))
    assert due.deadline == date(2026, 2, 24)
    assert due.explained.remark == "moved for the Spring Festival"
    with on(date(2026, 2, 21)):
        page = logged_in(township_worker).get("/reports/", **EN).content.decode()
    assert "(moved for the Spring Festival)" in page


def setting_page(client: Client, region: Region) -> str:
    return f"/reports/monthly/{region.county.pk}/deadline/holidays/"


def test_the_leader_turns_it_off_on_the_setting_page(region: Region, county_leader: User) -> None:
    client = logged_in(county_leader)
    url = setting_page(client, region)
    with on(date(2026, 1, 20)):
        page = client.get(url, **EN).content.decode()
        # The coming year's deadlines, the Spring Festival's move among them.
        assert 'data-in-force="on"' in page
        assert "As by default." in page
        festival = page.split(f'data-month="{JANUARY.isoformat()}"')[1].split("</tr>")[0]
        assert 'data-deadline="2026-02-24"' in festival
        assert "moved for the Spring Festival" in festival

        answer = client.post(url, {"choice": "off"})
        assert (answer.status_code, answer["Location"]) == (302, url)
        page = client.get(url, **EN).content.decode()
    assert 'data-in-force="off"' in page
    festival = page.split(f'data-month="{JANUARY.isoformat()}"')[1].split("</tr>")[0]
    assert 'data-deadline="2026-02-15"' in festival
    assert ReportDeadline.objects.get(org_unit=region.county).next_working_day is False


def test_the_setting_page_refuses_a_bad_choice_with_the_reason(
    region: Region, county_leader: User
) -> None:
    client = logged_in(county_leader)
    answer = client.post(setting_page(client, region), {"choice": "maybe"}, **EN)
    assert answer.status_code == 400
    assert "Choose whether deadlines on rest days move to the next working day." in (
        answer.content.decode()
    )
    assert not ReportDeadline.objects.exists()


def test_a_worker_reads_the_setting_but_cannot_change_it(region: Region) -> None:
    worker = factories.user(unit=region.county, role=Role.WORKER)
    client = logged_in(worker)
    page = client.get(setting_page(client, region), **EN).content.decode()
    assert 'data-in-force="on"' in page and 'name="choice"' not in page
    assert client.post(setting_page(client, region), {"choice": "off"}).status_code == 403
    assert not ReportDeadline.objects.exists()


def test_another_townships_leader_gets_404(region: Region) -> None:
    outsider = factories.user(unit=region.xinglong, role=Role.LEADER)
    client = logged_in(outsider)
    url = f"/reports/monthly/{region.lengqi.pk}/deadline/holidays/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"choice": "off"}).status_code == 404
    assert not ReportDeadline.objects.exists()


def test_the_month_page_links_the_leader_to_the_setting(
    region: Region, county_leader: User
) -> None:
    with on(date(2026, 11, 20)):
        page = logged_in(county_leader).get(f"/reports/monthly/{region.county.pk}/2026-10/")
    assert f'href="/reports/monthly/{region.county.pk}/deadline/holidays/"' in (
        page.content.decode()
    )


def test_the_setting_page_says_once_which_years_it_cannot_move_for_holidays(
    region: Region, county_leader: User
) -> None:
    client = logged_in(county_leader)
    with on(date(2026, 11, 20)):
        page = client.get(setting_page(client, region), **EN).content.decode()
    note = "The holidays of 2027 are not known yet: its deadlines move past weekends only."
    assert page.count(note) == 1
    # Saturday 15 May 2027 moves to Monday the 17th: a weekend, whatever the holidays.
    may = page.split('data-month="2027-04-01"')[1].split("</tr>")[0]
    assert 'data-deadline="2027-05-17"' in may and "(moved past the weekend)" in may

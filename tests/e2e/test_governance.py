"""Supervision and rectification in the browser (issue 21): the county office records a visit to
冷碛镇 with two findings; the township reports one rectified with a photo and the office
accepts it; the other's deadline passes and the next day it stands overdue on the county's
monthly bulletin and on both units' pages. Each page is checked (axe) and saved as a
screenshot at desktop and phone sizes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone, translation
from playwright.sync_api import expect

from guanai.governance.models import Rectification, RectificationStatus, Visit
from guanai.ops.demo.pictures import scene
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

TEAM = "高德华（局长）、刘明（办公室主任）"
KEPT = "留守儿童档案缺少监护人联系方式"
LAPSED = "关爱活动记录不全，10月以来未登记谈心"


def zhc(context: str, message: str) -> str:
    with translation.override("zh-hans"):
        return translation.pgettext(context, message)


def _record_the_visit(office: Tab, demo: dict[str, OrgUnit]) -> Visit:
    """The county leader records the visit from the menu: the checklist drawn from the data,
    two findings, one due in a week and one due today."""
    page = office.page
    today = timezone.localdate()
    office.login("county_leader")
    office.open_menu_if_collapsed()
    with page.expect_navigation():
        page.locator("#main-nav").get_by_role("link", name=zh("Work organisation")).click()
    office.check()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Supervision"), exact=True).click()
    office.check()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Record a visit")).click()
    office.check()
    form = page.get_by_test_id("visit-form")
    form.get_by_label(zh("Supervising unit"), exact=True).select_option(label="泸定县")
    form.get_by_label(zh("Unit visited"), exact=True).select_option(label="冷碛镇")
    form.get_by_label(zh("Date of visit"), exact=True).fill(today.isoformat())
    form.get_by_label(zh("Who went"), exact=True).fill(TEAM)
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Draw the checklist from the data")).click()
    office.check()
    # The drawn lines name the indicators the data gives for 冷碛镇.
    expect(page.locator('[name="checks-0-label"]')).not_to_have_value("")
    # The unit and day stay as chosen after the drawing.
    expect(form.get_by_label(zh("Who went"), exact=True)).to_have_value(TEAM)
    for n, (finding, required, due) in enumerate(
        [
            (KEPT, "补齐监护人电话并逐户核实", today + timedelta(days=7)),
            (LAPSED, "补录10月以来的谈心记录", today),
        ]
    ):
        page.locator(f'[name="findings-{n}-finding"]').fill(finding)
        page.locator(f'[name="findings-{n}-required"]').fill(required)
        page.locator(f'[name="findings-{n}-deadline"]').fill(due.isoformat())
    office.shoot("governance-visit-form")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save the visit")).click()
    office.check()
    expect(page.locator(".alert-success")).to_contain_text(zh("The visit is recorded."))
    visit = Visit.objects.get(inspected=demo["lengqi"], team=TEAM)
    assert visit.org_unit == demo["luding"]
    assert sorted(visit.rectifications.values_list("finding", flat=True)) == sorted([KEPT, LAPSED])
    main = page.locator("main")
    expect(main).to_contain_text(KEPT)
    expect(main).to_contain_text(LAPSED)
    office.shoot("governance-visit")
    return visit


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_county_supervises_a_township_that_rectifies_one_finding_and_lets_one_lapse(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    office = new_tab(viewport)
    visit = _record_the_visit(office, demo)
    kept = visit.rectifications.get(finding=KEPT)
    lapsed = visit.rectifications.get(finding=LAPSED)

    # The township's clerk finds both on the today page and reports the first with a photo.
    township = new_tab(viewport)
    page = township.page
    township.login("township_worker")
    expect(page.locator("main")).to_contain_text(KEPT)
    township.open("governance:rectification_detail", kept.pk)
    # A report without evidence is refused, and nothing changes.
    page.get_by_label(zh("What was done"), exact=True).fill("已补齐 32 名留守儿童的监护人电话")
    township.error_page = township.url("governance:rectification_report", kept.pk)  # a 400
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send the report")).click()
    township.check()
    township.error_page = ""
    expect(page.locator("main")).to_contain_text(
        zh("Add evidence: at least one photo, or the address of a record in Guanai.")
    )
    kept.refresh_from_db()
    assert kept.status == RectificationStatus.OPEN
    page.get_by_label(zh("What was done"), exact=True).fill("已补齐 32 名留守儿童的监护人电话")
    page.get_by_label(zh("Photos"), exact=True).set_input_files(
        files=[{"name": "核实记录.png", "mimeType": "image/png", "buffer": scene(3)}]
    )
    township.shoot("governance-rectification-report")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send the report")).click()
    township.check()
    kept.refresh_from_db()
    assert kept.status == RectificationStatus.REPORTED
    assert kept.reports.get().photos.count() == 1

    # The office accepts it: rectified on time.
    office.open("governance:rectification_detail", kept.pk)
    page = office.page
    expect(page.get_by_test_id("reports")).to_contain_text("32 名留守儿童")
    with page.expect_navigation():
        page.get_by_role("button", name=zhc("rectification", "Accept")).click()
    office.check()
    kept.refresh_from_db()
    assert kept.status == RectificationStatus.ACCEPTED
    assert kept.rectified_on is not None and kept.rectified_on <= kept.deadline
    expect(page.get_by_test_id("status")).to_contain_text(zhc("rectification", "Accepted"))
    office.shoot("governance-rectification-accepted")

    # On its deadline day the other is due, not overdue. The next morning it is overdue: on
    # the county's monthly bulletin, and on the county's and the township's pages.
    assert not Rectification.objects.filter(pk=lapsed.pk, deadline__lt=timezone.localdate())
    tomorrow = datetime.combine(
        lapsed.deadline + timedelta(days=1), time(9), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(tomorrow, tick=True):
        office.login("county_leader")  # a day idle: the session has ended
        office.open("reports:bulletins")
        with page.expect_navigation():
            page.get_by_role("button", name="泸定县").first.click()
        office.check()
        section = page.get_by_test_id("overdue-rectifications")
        row = section.locator("tr", has_text=LAPSED)
        expect(row).to_have_count(1)
        expect(row.locator("[data-days]")).to_have_text("1")
        expect(section).not_to_contain_text(KEPT)
        section.scroll_into_view_if_needed()
        office.shoot("governance-bulletin")

        overdue = f'[data-card="supervision"] [data-rectification="{lapsed.pk}"] [data-overdue="1"]'
        office.open("governance:index")
        expect(page.locator(overdue)).to_have_count(1)
        township.login("township_worker")
        township.open("governance:index")
        expect(township.page.locator(overdue)).to_have_count(1)
        expect(township.page.locator(f'[data-rectification="{kept.pk}"]')).to_have_count(0)
        township.shoot("governance-unit")

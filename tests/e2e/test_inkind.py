"""Assistance in kind in the browser (issue 19): a township clerk finds an elder who qualifies
for a wheelchair on the eligible-but-not-served list, asks for it in one click and records the
assessment; the county leader approves; the clerk records the delivery, and the elder leaves
the list. Each page is checked (axe) and saved as a screenshot at desktop and phone sizes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from guanai.core.actors import SYSTEM
from guanai.inkind.catalogue import seeded
from guanai.inkind.coverage import TargetData, not_served, target_create
from guanai.inkind.models import Application, ApplicationStatus, Measure, Service
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _elder(demo: dict[str, OrgUnit]) -> Person:
    """The first person of 冷碛镇's wheelchair list (its first page) aged 60 or more."""
    today = timezone.localdate()
    for person in not_served(demo["lengqi"], Service.objects.get(code="wheelchair"), today)[:50]:
        born = person.birth_date
        if born is not None and born <= today.replace(year=today.year - 60):
            return person
    raise AssertionError("the demo roster has no elder who qualifies for a wheelchair")


def _status(status: ApplicationStatus) -> str:
    with translation.override("zh-hans"):
        return str(status.label)


def _submit(tab: Tab, name: str) -> None:
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name=zh(name), exact=True).click()
    tab.check()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_clerk_finds_an_elder_asks_for_a_wheelchair_and_it_is_delivered(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    seeded.seed(Service)  # the browser tests empty the tables between tests
    elder = _elder(demo)

    # The clerk opens assistance from the menu, then the not-served list of wheelchairs.
    clerk = new_tab(viewport)
    page = clerk.page
    clerk.login("township_worker")
    clerk.open_menu_if_collapsed()
    with page.expect_navigation():
        page.locator("#main-nav").get_by_role("link", name=zh("Assistance"), exact=True).click()
    clerk.check()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Eligible but not served"), exact=True).click()
    clerk.check()
    page.get_by_label(zh("Service"), exact=True).select_option("wheelchair")
    _submit(clerk, "Show")
    row = page.locator(f'[data-testid="not-served"] tr[data-person="{elder.name}"]')
    expect(row).to_contain_text(zh("Physical disability"))
    clerk.shoot("inkind-not-served")

    # One click asks for it; the row then shows the open request, which leads to it.
    with page.expect_navigation():
        row.get_by_role("button", name=zh("Request")).click()
    clerk.check()
    application = Application.objects.get(person=elder)
    assert (application.service.code, application.status) == ("wheelchair", "requested")
    assert application.source == "screening"
    expect(page.locator(".alert-success")).to_contain_text(elder.name)
    with page.expect_navigation():
        row.locator("a[data-open]").click()
    clerk.check()
    page.get_by_label(zh("What the assessment found"), exact=True).fill(
        "双下肢无力，需适配手动轮椅，座宽42厘米"
    )
    _submit(clerk, "Record the assessment")
    expect(page.locator("main")).to_contain_text(_status(ApplicationStatus.ASSESSED))
    # A clerk does not approve.
    expect(page.get_by_role("button", name=zh("Approve"), exact=True)).to_have_count(0)
    clerk.shoot("inkind-request")

    # The county leader approves.
    leader = new_tab(viewport)
    leader.login("county_leader")
    leader.open("inkind:application_detail", application.pk)
    _submit(leader, "Approve")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    expect(leader.page.locator("main")).to_contain_text(_status(ApplicationStatus.APPROVED))
    leader.shoot("inkind-approved")

    # The clerk records the delivery: a serial number is needed for a device.
    clerk.open("inkind:application_detail", application.pk)
    page.get_by_label(zh("Supplier"), exact=True).fill("甘孜州残疾人辅助器具服务中心")
    page.get_by_label(zh("Cost (yuan)"), exact=True).fill("1280")
    # Refused (400) with the message beside the field, what was typed kept.
    clerk.error_page = clerk.url("inkind:application_deliver", application.pk)
    _submit(clerk, "Record the delivery")
    clerk.error_page = ""
    expect(page.locator("main")).to_contain_text(
        zh("Write the serial number of the %(service)s delivered.", service="轮椅")
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    expect(page.get_by_label(zh("Supplier"), exact=True)).to_have_value(
        "甘孜州残疾人辅助器具服务中心"
    )
    page.get_by_label(zh("Serial number"), exact=True).fill("LY-2026-101")
    _submit(clerk, "Record the delivery")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DELIVERED
    assert (application.serial_number, str(application.cost)) == ("LY-2026-101", "1280.00")
    expect(page.get_by_test_id("timeline")).to_contain_text("LY-2026-101")
    clerk.shoot("inkind-delivered")

    # The elder has left the list of wheelchairs not served.
    clerk.open("inkind:not_served")
    page.get_by_label(zh("Service"), exact=True).select_option("wheelchair")
    _submit(clerk, "Show")
    expect(page.locator(f'tr[data-person="{elder.name}"]')).to_have_count(0)
    expect(page.locator('tr[data-service="wheelchair"]')).to_be_visible()

    # The catalogue explains each rule; the elder's file lists what he may ask for.
    clerk.open("inkind:service_list")
    expect(page.locator("main")).to_contain_text("60")
    clerk.shoot("inkind-catalogue")
    clerk.open(f"/persons/{elder.pk}/?tab=inkind")
    expect(page.locator("main")).to_contain_text(_status(ApplicationStatus.DELIVERED))
    clerk.shoot("inkind-person")

    # The township's three-year target counts this year's wheelchair.
    year = timezone.localdate().year
    target_create(
        SYSTEM,
        unit=demo["lengqi"],
        data=TargetData(
            service=Service.objects.get(code="wheelchair"),
            title="三年为残疾人适配轮椅20台",
            start_year=year,
            end_year=year + 2,
            measure=Measure.COUNT,
            goal=20,
        ),
    )
    clerk.open("inkind:target_list")
    expect(page.locator("main")).to_contain_text("三年为残疾人适配轮椅20台")
    clerk.shoot("inkind-targets")

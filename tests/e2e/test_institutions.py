"""A care institution in a browser (issue 17): the county's leader opens the page of the
demo's day-care centre, sees its unmet items first with their reasons (a lease of 3 years,
no counsellor), adds the missing counsellor to the staff roster, and 专业-4 turns met. Every page is
axe-checked, at a desk and on a 375 px phone.

Screenshots ``institutions-*-desktop.png`` and ``institutions-*-phone.png``: the list, the
checklist before, the staff form, the checklist after.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.institutions.models import Staff
from guanai.ops.demo.institutions_daycare import demo_daycare
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _submit(tab: Tab) -> None:
    with tab.page.expect_navigation():
        tab.page.locator("main form[method=post] button[type=submit]").first.click()
    tab.check()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_adding_the_missing_counsellor_turns_the_item_met(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    # The demo's day-care centre: a lease of 3 years, no counsellor, a manager untrained
    unit = demo["daycare"]
    demo_daycare(demo, timezone.localdate())
    tab = new_tab(viewport)
    page = tab.page
    tab.login("county_leader")

    # The county's list shows the institution with the items it does not meet
    tab.open("institutions:list")
    row = page.locator(f'[data-unit="{unit.pk}"]')
    expect(row).to_contain_text("冷碛镇残疾人日间照料中心")
    tab.shoot("institutions-list")

    # Its page lists the unmet items first, each with the reason the data gives
    with page.expect_navigation():
        row.get_by_role("link", name="冷碛镇残疾人日间照料中心").click()
    tab.check()
    items = page.get_by_test_id("item")
    expect(items.first).to_have_attribute("data-status", "not_met")
    lease = page.locator('[data-ref="机构-2"]')
    expect(lease).to_have_attribute("data-status", "not_met")
    expect(lease.get_by_test_id("reason")).to_contain_text("3")
    counsellor_item = page.locator('[data-ref="专业-4"]')
    expect(counsellor_item).to_have_attribute("data-status", "not_met")
    tab.shoot("institutions-checklist")

    # The missing counsellor is added to the roster
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Add a staff member")).click()
    tab.check()
    page.locator("input[name=name]").fill("张心怡")
    page.locator("select[name=role]").select_option("counsellor")
    page.locator("input[name=birth_date]").fill("1990-04-12")
    page.locator("input[name=relevant_study]").fill("应用心理学专业本科")
    tab.shoot("institutions-staff-form")
    _submit(tab)

    # Back on the institution's page, 专业-4 is met and the counsellor is on the roster
    assert Staff.objects.filter(name="张心怡", role="counsellor").exists()
    expect(page.locator('[data-ref="专业-4"]')).to_have_attribute("data-status", "met")
    expect(page.locator('[data-role="counsellor"]')).to_contain_text("张心怡")
    tab.shoot("institutions-checklist-met")

"""Giving in a browser (issue 16): the county's leader opens the needs board on a phone
and at a desk, records a donation of two washing machines against the special school's
need of four, and the need shows partly met; the charity fund's page with its charity day,
grants and monthly figures. Every page is axe-checked.

Screenshots ``community-giving-*-desktop.png`` and ``community-giving-*-phone.png``: the
needs board, the donation form, the need partly met, the fund; and
``community-donation-form-*``: the donation form showing only the fields of the
destination and kind chosen.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.community import giving
from guanai.community.models.giving import Donation
from guanai.core.actors import SYSTEM
from guanai.ops.demo.community_giving import demo_giving
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.services import org_unit_create
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _submit(tab: Tab) -> None:
    with tab.page.expect_navigation():
        tab.page.locator("main form[method=post] button[type=submit]").first.click()
    tab.check()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_two_washing_machines_recorded_against_the_schools_need_leave_it_partly_met(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    school = org_unit_create(parent=demo["luding"], kind=OrgKind.SCHOOL, name="泸定县特殊教育学校")
    need = giving.need_post(
        acting_user=SYSTEM,
        org_unit=school,
        item="大容量洗衣机",
        quantity=4,
        measure="台",
        estimated_value="12000",
        urgency="urgent",
        why="学生住校，急需四台大容量的洗衣机。",
    )
    tab = new_tab(viewport)
    page = tab.page
    tab.login("county_leader")

    # The board shows the school's need, open
    tab.open("community:needs")
    card = page.locator(f'[data-need="{need.pk}"]')
    expect(card.get_by_test_id("need-status")).to_have_attribute("data-status", "open")
    tab.shoot("community-giving-needs")

    # From the need's page, record a donation of two machines against it
    with page.expect_navigation():
        card.get_by_role("link", name="大容量洗衣机").click()
    tab.check()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Record a donation for it")).click()
    tab.check()
    expect(page.locator("select[name=need]")).to_have_value(str(need.pk))
    page.locator("select[name=donor_kind]").select_option("company")
    page.locator("input[name=donor_name]").fill("泸定县兴达家电商行")
    page.locator("input[name=quantity]").fill("2")
    page.locator("input[name=value]").fill("6000")
    page.locator("input[name=on]").fill(timezone.localdate().isoformat())
    page.locator("input[name=receipt_number]").fill("TJ-2026-001")
    tab.shoot("community-giving-donation-form")
    _submit(tab)

    # The need is partly met: two given, two still needed, the giver thanked by name
    assert Donation.objects.get().quantity == 2
    expect(page.get_by_test_id("need-status")).to_have_attribute("data-status", "partly_met")
    expect(page.get_by_test_id("remaining")).to_have_attribute("data-remaining", "2")
    expect(page.get_by_test_id("match")).to_contain_text("泸定县兴达家电商行")
    tab.shoot("community-giving-need")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_county_fund_shows_its_charity_day_grants_and_months(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    demo_giving(demo, timezone.localdate())
    tab = new_tab(viewport)
    page = tab.page
    tab.login("county_leader")

    tab.open("community:funds")
    expect(page.get_by_test_id("fund")).to_have_count(2)
    with page.expect_navigation():
        page.get_by_role("link", name="泸定县慈善救助基金").click()
    tab.check()
    expect(page.get_by_test_id("balance")).to_have_attribute("data-balance", "7200.00")
    expect(page.get_by_test_id("campaign")).to_have_count(1)
    tab.shoot("community-giving-fund")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_donation_form_shows_only_the_fields_of_the_destination_and_kind_chosen(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    school = org_unit_create(parent=demo["luding"], kind=OrgKind.SCHOOL, name="泸定县特殊教育学校")
    tab = new_tab(viewport)
    page = tab.page
    tab.login("county_leader")
    tab.open("community:donations")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Record a donation"), exact=True).click()
    tab.check()

    # Nothing chosen yet: no destination's field, no kind's field
    for name in ("need", "unit", "fund", "amount", "item", "quantity"):
        expect(page.locator(f"[name={name}]")).to_be_hidden()
    # The school, in kind: its unit and the goods' fields, no amount
    page.locator("select[name=destination]").select_option("unit")
    page.locator("select[name=kind]").select_option("in_kind")
    expect(page.locator("select[name=unit]")).to_be_visible()
    expect(page.locator("select[name=need]")).to_be_hidden()
    expect(page.locator("select[name=fund]")).to_be_hidden()
    expect(page.locator("input[name=item]")).to_be_visible()
    expect(page.locator("input[name=amount]")).to_be_hidden()
    # Cash for a moment: the amount only (the item typed stays for in kind)
    page.locator("input[name=item]").fill("餐桌")
    page.locator("select[name=kind]").select_option("cash")
    expect(page.locator("input[name=amount]")).to_be_visible()
    expect(page.locator("input[name=item]")).to_be_hidden()
    page.locator("select[name=kind]").select_option("in_kind")
    page.locator("select[name=unit]").select_option(str(school.pk))
    page.locator("select[name=donor_kind]").select_option("company")
    page.locator("input[name=donor_name]").fill("泸定县兴达家具厂")
    page.locator("input[name=quantity]").fill("10")
    page.locator("input[name=measure]").fill("套")
    page.locator("input[name=value]").fill("8000")
    page.locator("input[name=on]").fill(timezone.localdate().isoformat())
    tab.check()
    tab.shoot("community-donation-form")
    _submit(tab)

    donation = Donation.objects.get()
    assert (donation.org_unit, donation.item, donation.quantity) == (school, "餐桌", 10)
    assert donation.amount is None

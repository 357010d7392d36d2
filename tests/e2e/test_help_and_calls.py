"""At 375 px: the guide opens from the folded menu (帮助), and a worker calls a guardian
through the audited step (issue 14, point 10)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from guanai.core.models import AccessLog, AuditAction
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Contact
from tests.e2e.browsing import Tab, screenshot_dir, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

GUIDE_TITLE = "关爱 使用说明（第一版）"


def test_the_guide_opens_from_the_folded_menu(phone_tab: Tab) -> None:
    page = phone_tab.page
    phone_tab.login("township_worker")
    toggler = page.get_by_role("button", name=zh("Show menu"))
    toggler.click()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    help_link = page.locator(f'#main-nav a[href="{reverse("accounts:help")}"]')
    expect(help_link).to_have_text(zh("Help"))
    with page.expect_navigation():
        help_link.click()
    phone_tab.check()
    assert phone_tab.heading() == GUIDE_TITLE
    expect(help_link).to_have_attribute("aria-current", "page")

    # The contents lead to each section by its anchor.
    contents = page.get_by_test_id("guide-toc")
    expect(contents).to_be_visible()
    contents.get_by_role("link", name="关爱工作（工作人员、帮扶人、负责人）").click()
    page.wait_for_url(re.compile(r"#"))
    phone_tab.check()
    expect(page.locator("h2#关爱工作工作人员帮扶人负责人")).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")
    # The first screen only: the whole guide is some 40 screens long on a phone.
    page.screenshot(path=screenshot_dir() / "help-phone.png", animations="disabled")


def test_a_worker_taps_a_guardians_number_to_call(phone_tab: Tab, demo: dict[str, OrgUnit]) -> None:
    guardian = next(
        c
        for c in Contact.objects.filter(is_guardian=True, person__org_unit=demo["lengqi_school"])
        .select_related("person")
        .order_by("pk")
        if c.phone
    )
    person = guardian.person
    page = phone_tab.page
    phone_tab.login("township_worker")
    phone_tab.open("registry:person_detail", person.pk)
    with page.expect_navigation():
        page.get_by_test_id("tab-family").click()
    phone_tab.check()
    contact = page.get_by_test_id("contact").filter(has_text=guardian.name).first
    # The family tab holds the masked number and a call button, not the number.
    expect(contact).not_to_contain_text(guardian.phone)
    expect(page.locator('a[href^="tel:"]')).to_have_count(0)
    phone_tab.shoot("person-family-call")

    with page.expect_navigation():
        contact.get_by_test_id("call").click()
    phone_tab.check()
    assert phone_tab.heading() == zh("Call %(contact)s", contact=str(guardian))
    link = page.get_by_test_id("call-link")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", f"tel:{guardian.phone}")
    expect(link).to_contain_text(guardian.phone)
    opened = AccessLog.objects.filter(action=AuditAction.REVEAL, object_id=str(person.pk))
    assert [row.detail.get("call") for row in opened] == [guardian.pk]
    assert opened.get().username == "township_worker"
    phone_tab.shoot("person-call")

"""Logging in and out, and switching the language, as a township clerk would."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from guanai.accounts.models import Role
from tests.e2e.browsing import Tab, en, squash, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_clerk_logs_in_switches_language_and_logs_out(tab: Tab) -> None:
    page = tab.page
    tab.login("township_worker")

    # The UI defaults to Chinese for a zh-CN browser.
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_test_id("greeting")).to_contain_text("李秀英")
    # The home page is "today", greeting the user by name.
    assert tab.heading() == zh("Today's tasks")
    expect(page.get_by_test_id("greeting")).to_contain_text(zh("Hello, %(name)s", name="李秀英"))
    units = page.locator("main ul.list-group > li").first
    assert "泸定县 › 冷碛镇" in squash(units.inner_text())
    expect(units.locator(".badge")).to_have_text(zh(Role.WORKER.label))
    expect(page.locator("#user-menu")).to_have_text("李秀英")
    assert tab.nav_paths() == [
        "/",
        "/persons/",
        "/care/",
        "/activities/plans/",
        "/surveys/rounds/",
        "/inkind/requests/",
        "/crosscheck/",
        "/community/volunteers/",
        "/institutions/",
        "/benefits/",
        "/reports/",
        "/governance/",
        "/orgs/",
        "/help/",
    ]

    # The footer's language form switches to English and comes back to the same page.
    with page.expect_navigation():
        page.get_by_label(re.compile(f"^{re.escape(zh('Language'))}$")).select_option("en")
    tab.check()
    assert page.url == tab.url("home")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert tab.heading() == "Today's tasks"
    expect(page.get_by_test_id("greeting")).to_contain_text("Hello, 李秀英")
    expect(page.get_by_role("heading", name="My units and roles")).to_be_visible()
    expect(page.locator("main ul.list-group .badge").first).to_have_text(en(Role.WORKER.label))
    expect(page.get_by_role("link", name="Org units", exact=True)).to_be_visible()

    # The language stays when moving on, and the form switches back.
    tab.open("accounts:org_list")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert tab.heading() == "Org units"
    with page.expect_navigation():
        page.get_by_label("Language", exact=True).select_option("zh-hans")
    tab.check()
    assert page.url == tab.url("accounts:org_list")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert tab.heading() == zh("Org units")

    tab.logout()
    assert page.url == tab.url("accounts:login")
    assert tab.heading() == zh("Log in")
    expect(page.locator("#user-menu")).to_have_count(0)
    # Logged out means logged out: the home page sends back to the login page.
    tab.open("home")
    assert page.url.startswith(tab.url("accounts:login"))


def test_language_switch_works_without_script(tab: Tab) -> None:
    """The footer form has a submit button for keyboards and browsers without scripts."""
    page = tab.page
    tab.open("accounts:login")
    page.locator("#language").evaluate("select => { select.value = 'en'; }")
    with page.expect_navigation():
        page.locator("footer form button[type=submit]").click()
    tab.check()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert tab.heading() == "Log in"


def test_wrong_password_shows_the_error(tab: Tab) -> None:
    page = tab.page
    tab.open("accounts:login")
    tab.fill_login("township_worker", "not-the-password")
    tab.check()
    assert page.url == tab.url("accounts:login")
    error = page.get_by_role("alert")
    expect(error).to_have_text(
        zh("Wrong username or password. After 5 failures the account is locked for 30 minutes.")
    )
    # The username is kept, the password is not.
    expect(page.locator("#id_username")).to_have_value("township_worker")
    expect(page.locator("#id_password")).to_have_value("")

    # The right password still works after one failure.
    tab.fill_login("township_worker", "Guanai@2026")
    page.wait_for_url(tab.url("home"))
    tab.check()
    expect(page.get_by_test_id("greeting")).to_contain_text("李秀英")


def test_login_page_asks_before_anything_else(tab: Tab) -> None:
    """An anonymous visitor of any page is sent to log in, and comes back after."""
    page = tab.page
    tab.open("accounts:org_list")
    assert page.url == tab.url("accounts:login") + "?next=/orgs/"
    assert tab.heading() == zh("Log in")
    expect(page.locator("#main-nav")).to_have_count(0)
    tab.fill_login("teacher", "Guanai@2026")
    page.wait_for_url(tab.url("accounts:org_list"))
    tab.check()
    assert tab.heading() == zh("Org units")


def test_security_admin_lifts_a_lockout(new_tab: Callable[..., Tab]) -> None:
    clerk = new_tab("phone")
    clerk.lock_out("township_worker")
    page = clerk.page
    assert clerk.heading() == zh("Account locked")
    expect(page.get_by_role("alert")).to_have_text(
        zh(
            "Too many wrong passwords. The account is locked for 30 minutes. "
            "Ask your security administrator if you need it sooner."
        )
    )
    # The right password does not help while the account is locked.
    clerk.open("accounts:login")
    clerk.error_page = clerk.url("accounts:login")
    clerk.fill_login("township_worker", "Guanai@2026")
    clerk.check()
    assert clerk.heading() == zh("Account locked")

    security = new_tab("phone")
    security.login("security")
    security.open("accounts:security")
    locked = security.page.locator("main table tbody tr")
    expect(locked).to_have_count(1)
    expect(locked.locator("td").first).to_contain_text("township_worker")
    with security.page.expect_navigation():
        locked.get_by_role("button", name=zh("Reset lock")).click()
    security.check()
    expect(security.page.get_by_role("status")).to_contain_text("township_worker")
    expect(security.page.locator("main table tbody tr td")).to_have_text(
        zh("No account is locked.")
    )

    clerk.open("accounts:login")
    clerk.fill_login("township_worker", "Guanai@2026")
    page.wait_for_url(clerk.url("home"))
    clerk.check()
    expect(page.get_by_test_id("greeting")).to_contain_text("李秀英")

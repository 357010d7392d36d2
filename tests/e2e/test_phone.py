"""At 375 px (a class teacher's phone) the menu folds into the toggler, tables become cards."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_navigation_folds_into_the_toggler(phone_tab: Tab) -> None:
    page = phone_tab.page
    phone_tab.login("township_worker")
    toggler = page.get_by_role("button", name=zh("Show menu"))
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    orgs = page.locator(f'#main-nav a[href="{reverse("accounts:org_list")}"]')
    expect(orgs).to_be_hidden()
    expect(page.locator("#user-menu")).to_be_hidden()

    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    # Bootstrap marks the menu "show" when it has finished unfolding; a tap on a link while
    # it is still sliding open can miss it.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    expect(orgs).to_be_visible()
    expect(page.locator("#user-menu")).to_be_visible()
    with page.expect_navigation():
        orgs.click()
    phone_tab.check()
    assert phone_tab.heading() == zh("Org units")
    expect(toggler).to_have_attribute("aria-expanded", "false")

    # Logging out works from the folded menu too.
    phone_tab.logout()


def test_tables_become_cards(phone_tab: Tab) -> None:
    page = phone_tab.page
    phone_tab.login("township_worker")
    phone_tab.open("accounts:org_list")
    table = page.locator("main table.table-cards")
    header = table.locator("thead")
    # The header row is folded away: kept for screen readers in a clipped 1 px box ...
    box = header.bounding_box()
    assert box is not None and box["height"] <= 1 and box["width"] <= 1, box
    expect(header).to_have_css("overflow", "hidden")
    column = table.locator("thead th").first
    expect(column).to_have_text(zh("Name"))
    assert not column.evaluate(
        """th => {
            const r = th.getBoundingClientRect();
            const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return hit !== null && th.contains(hit);
        }"""
    ), "a column header can be seen (and clicked) on a phone"
    # ... and every cell says which column it is, before its value.
    first_row = table.locator("tbody tr").first
    expect(first_row).to_be_visible()
    cells = first_row.locator("td")
    expect(cells.first).to_have_css("display", "block")
    prefixes = [
        cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content")
        for i in range(cells.count())
    ]
    labels = [zh(label) for label in ("Name", "Kind", "Division code", "Parent unit")]
    assert prefixes == [f'"{label}："' for label in labels]
    assert "冷碛镇" in cells.first.inner_text()
    # A card is as wide as the screen allows and no wider.
    row_box = first_row.bounding_box()
    assert row_box is not None and row_box["width"] <= 375

    # On a desktop the same table keeps its header row.
    page.set_viewport_size({"width": 1280, "height": 800})
    box = header.bounding_box()
    assert box is not None and box["height"] > 20
    expect(cells.first).to_have_css("display", "table-cell")
    assert cells.first.evaluate("td => getComputedStyle(td, '::before').content") == "none"

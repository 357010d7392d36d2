"""Warnings in bulk at 375 px and on a desktop (issue 14): the county leader ticks 20
warnings, writes one note and acknowledges them in one action; the list then shows them
acknowledged. Each page is checked (axe, no sideways scroll) and saved as a screenshot."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from guanai.care.models import CareWarning, WarningStatus
from guanai.ops.demo.care import demo_care
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, screenshot_dir, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_county_leader_acknowledges_20_warnings_in_one_action(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    demo_care(demo)
    open_before = CareWarning.objects.filter(status=WarningStatus.OPEN).count()
    assert open_before > 20
    leader = new_tab(viewport)
    page = leader.page
    leader.login("county_leader")
    leader.open("care:warning_list")
    assert leader.heading() == zh("Early warnings")
    expect(page.get_by_test_id("unit-counts")).to_be_attached()

    boxes = page.locator('input[name="w"]')
    chosen = [int(boxes.nth(i).get_attribute("value") or 0) for i in range(20)]
    names = {w.pk: w for w in CareWarning.objects.filter(pk__in=chosen).select_related("person")}
    for pk in chosen:
        # Each checkbox is named for a screen reader by the warning it picks.
        box = page.locator(f"#pick-{pk}")
        with translation.override("zh-hans"):
            kind = names[pk].get_kind_display()
        label = zh(
            "Choose the warning about %(name)s: %(kind)s", name=names[pk].person.name, kind=kind
        )
        expect(box).to_have_accessible_name(label)
        box.check()
    expect(page.locator('input[name="w"]:checked')).to_have_count(20)
    page.get_by_label(zh("Note for all the chosen warnings")).fill("已电话核实，本周内安排走访")
    _shoot(leader)

    with page.expect_navigation():
        page.get_by_role("button", name=zh("Acknowledge the chosen warnings")).click()
    leader.check()

    with translation.override("zh-hans"):
        done = ngettext(
            "%(count)s warning is acknowledged.", "%(count)s warnings are acknowledged.", 20
        ) % {"count": 20}
    expect(page.locator(".alert-success")).to_contain_text(done)
    stored = CareWarning.objects.filter(pk__in=chosen)
    assert set(stored.values_list("status", flat=True)) == {WarningStatus.ACKNOWLEDGED}
    assert set(stored.values_list("note", flat=True)) == {"已电话核实，本周内安排走访"}
    assert CareWarning.objects.filter(status=WarningStatus.OPEN).count() == open_before - 20
    # None of the 20 is offered for acknowledging any more; the acknowledged tab shows them.
    for pk in chosen:
        expect(page.locator(f"#pick-{pk}")).to_have_count(0)
    page.get_by_role("link", name=zh("Acknowledged")).first.click()
    leader.check()
    for pk in chosen:
        row = page.locator(f'tr[data-warning="{pk}"]')
        expect(row).to_contain_text("已电话核实，本周内安排走访")


def _shoot(tab: Tab) -> None:
    """Save the top of the list — summary, bulk form, the first ticked rows — as a screenshot
    (the whole page of 50 warnings is too long to read as one image)."""
    size = tab.page.viewport_size or {"width": 375}
    height = 2400 if tab.viewport == "phone" else 1500
    tab.page.screenshot(
        path=screenshot_dir() / f"warnings-bulk-{tab.viewport}.png",
        full_page=True,
        clip={"x": 0, "y": 0, "width": size["width"], "height": height},
        animations="disabled",
    )

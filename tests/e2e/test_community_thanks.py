"""The acknowledgement list in a browser (issue 16's acceptance step "the acknowledgement
list prints"): the county's leader opens plan 四's visit and its 感谢名单 (the demo made it
from the roles), edits one line, copies the text for the group chat, and the print view
shows the list grouped in plan 四's order with the edited line; the charity day's list is
made from the fund's page, with the amounts. Every page is axe-checked, at a desk and on a
phone.

Screenshots ``community-thanks-*-desktop.png`` and ``community-thanks-*-phone.png``: the
charity day's list as the data gives it, the edit page with the chat text, the print view.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.community.models import Acknowledgement, VisitRole, VolunteerVisit
from guanai.community.models.giving import Campaign
from guanai.ops.demo.community_giving import demo_giving
from guanai.ops.demo.community_volunteers import demo_volunteers
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_plan_fours_acknowledgement_list_is_edited_and_prints_grouped(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    demo_volunteers(demo, timezone.localdate())
    visit = VolunteerVisit.objects.get()
    lead = VisitRole.objects.select_related("volunteer").get(visit=visit, role="lead").volunteer
    tab = new_tab(viewport)
    page = tab.page
    tab.login("county_leader")

    # From the visit's page to its list, which the demo made from the roles
    tab.open("community:visit_detail", visit.pk)
    with page.expect_navigation():
        page.get_by_test_id("visit-thanks").click()
    tab.check()
    made = Acknowledgement.objects.get(visit=visit)
    assert page.url == tab.url("community:thanks_detail", made.pk)
    assert len([line for line in made.lines if line["group"] == "participant"]) == 55

    # Edit one line: the lead's name becomes the way the group calls them
    lead_box = page.locator("textarea[name=group_lead]")
    expect(lead_box).to_have_value(lead.name)
    lead_box.fill(f"{lead.name}（总策划）")
    with page.expect_navigation():
        page.get_by_test_id("thanks-save").click()
    tab.check()
    made.refresh_from_db()
    assert made.version == 2
    assert [line["text"] for line in made.lines if line["group"] == "lead"] == [
        f"{lead.name}（总策划）"
    ]
    chat = page.get_by_test_id("thanks-chat")
    expect(chat).to_have_attribute("readonly", "")
    assert f"：{lead.name}（总策划）" in chat.input_value().splitlines()[1]
    page.get_by_test_id("thanks-copy").click()
    expect(page.locator("[data-copy-status]")).not_to_be_empty()
    tab.shoot("community-thanks-edit")

    # The print view: the groups in plan 四's order, the edited line in the first
    with page.expect_navigation():
        page.get_by_test_id("thanks-print").click()
    tab.check()
    groups = page.get_by_test_id("thanks-sheet").get_by_test_id("thanks-group")
    keys = [groups.nth(i).get_attribute("data-group") for i in range(groups.count())]
    assert keys == ["lead", "lead_giver", "scout", "donor", "participant", "driver", "writer"]
    expect(groups.first.get_by_test_id("thanks-names")).to_have_text(f"{lead.name}（总策划）")
    page.emulate_media(media="print")
    expect(page.locator("nav.no-print")).to_be_hidden()
    page.emulate_media(media="screen")
    tab.shoot("community-thanks-print")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_charity_days_list_is_made_from_its_donations(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    demo_giving(demo, timezone.localdate())
    campaign = Campaign.objects.get()
    tab = new_tab(viewport)
    page = tab.page
    tab.login("county_leader")

    tab.open("community:fund_detail", campaign.fund_id)
    with page.expect_navigation():
        page.get_by_test_id("campaign-thanks").click()
    tab.check()
    # The list as the data gives it: the donors by name, the anonymous one counted
    preview = page.get_by_test_id("thanks-preview")
    expect(preview.locator('[data-group="donor"]')).to_contain_text("泸定县农村商业银行")
    expect(preview).not_to_contain_text("¥")
    tab.shoot("community-thanks-make")
    page.locator("input[name=show_amounts]").check()
    with page.expect_navigation():
        page.get_by_test_id("thanks-make").click()
    tab.check()
    made = Acknowledgement.objects.get(campaign=campaign)
    assert "泸定县农村商业银行（¥10,000.00）" in [line["text"] for line in made.lines]
    expect(page.get_by_test_id("thanks-chat")).to_contain_text("泸定县农村商业银行（¥10,000.00）")

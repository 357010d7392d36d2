"""The dashboard's volunteers-and-giving card in a browser (issue 16, point 7): the county
leader sees the demo association's hours, the months' donations and grants and the needs
at the month's end, at a desk and on a phone; axe-checked. Screenshots
``dashboard-community-desktop.png`` and ``dashboard-community-phone.png``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.community.models import ServiceShift
from guanai.core.months import add_months, month_label, this_month
from guanai.ops.demo.community_giving import demo_giving
from guanai.ops.demo.community_volunteers import demo_volunteers
from guanai.orgs.models import OrgUnit
from guanai.reports.dashboard import TREND_MONTHS
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_starting
from tests.e2e.browsing import Tab, screenshot_dir, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_county_leader_reads_the_volunteers_and_giving_card(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    # Given plan 四's visit (its hours confirmed as the demo is made, so this month) and
    # the giving demo, with the facts of the last twelve months computed
    today = timezone.localdate()
    demo_volunteers(demo, today)
    demo_giving(demo, today)
    current = this_month(today)
    for back in range(TREND_MONTHS):
        facts_refresh(month_starting(add_months(current, -back)))
    hours = sum(s.hours for s in ServiceShift.objects.filter(confirmed_at__isnull=False))
    assert hours > 0

    leader = new_tab(viewport)
    leader.login("county_leader")
    leader.open("reports:dashboard", demo["luding"].pk, month_label(current))
    card = leader.page.locator('[data-card="community"]')
    expect(card.get_by_role("heading", level=2)).to_have_text(zh("Volunteers and giving"))

    # The association's hours of the year, as many as its confirmed shifts
    row = card.locator('[data-group="泸定县关爱志愿者协会"]')
    expect(row.locator("td").last).to_have_text(f"{Decimal(hours).normalize():f}")
    # The months with donations or grants, and the needs: the machines met, the tables
    # partly met, the quilts open
    assert card.locator("tr[data-month]").count() >= 1
    expect(card.locator('[data-needs="met"]')).to_have_text("1")
    expect(card.locator('[data-needs="partly_met"]')).to_have_text("1")
    expect(card.locator('[data-needs="open"]')).to_have_text("1")
    card.scroll_into_view_if_needed()
    leader.shoot("dashboard-community")
    card.screenshot(
        path=screenshot_dir() / f"dashboard-community-card-{viewport}.png", animations="disabled"
    )

    # The needs board is one tap away
    with leader.page.expect_navigation():
        card.get_by_role("link", name=zh("Needs board")).click()
    leader.check()

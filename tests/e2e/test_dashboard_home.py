"""The county leader's dashboard opens on 泸定县 (not on the office of 泸定县民政局, where the
leader also holds a role), on last month's figures, with this month one tap away. Saved as
screenshots ``dashboard-county-*`` at desktop and phone sizes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.core.months import add_months, month_label, this_month
from guanai.ops.demo.care import demo_care
from guanai.ops.demo.reports import files_dated, reporting_users, survey_counts_enter
from guanai.orgs.models import OrgUnit
from guanai.reports.dashboard import TREND_MONTHS
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_starting
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_county_leader_opens_the_county_on_last_month(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    # The demo's care work, its roster dated from the first record of each person, the
    # townships' survey counts, and the facts of the trend's months (this one so far).
    assert demo_care(demo) > 1000
    files_dated(timezone.now())
    current = this_month(timezone.localdate())
    last = add_months(current, -1)
    months = [add_months(current, -back) for back in range(TREND_MONTHS - 1, -1, -1)]
    survey_counts_enter(demo, reporting_users(demo), years={m.year for m in months})
    for month in months:
        facts_refresh(month_starting(month))
    county = demo["luding"]

    leader = new_tab(viewport)
    leader.login("county_leader")
    leader.open("reports:dashboard_index")
    assert leader.page.url == leader.url("reports:dashboard", county.pk, month_label(last))
    assert leader.heading().startswith("泸定县")
    switch = leader.page.get_by_test_id("month-switch")
    expect(switch.locator('[aria-current="page"]')).to_contain_text(
        zh("Last month (%(month)s)", month=f"{last.year}年{last.month}月")
    )
    for chart in ("#chart-trend", "#chart-categories", "#chart-compare"):
        leader.page.locator(f"{chart} canvas").first.wait_for()
    expect(leader.page.locator('[data-kpi="registration_rate"] .kpi-value')).to_contain_text("%")
    expect(leader.page.locator("[data-empty]")).to_have_count(0)
    leader.page.wait_for_timeout(1200)  # the charts' entry animation
    leader.shoot("dashboard-county")

    # One tap to this month so far, which says it is not over.
    with leader.page.expect_navigation():
        switch.get_by_role("link", name=zh("This month so far")).click()
    leader.check()
    assert leader.page.url == leader.url("reports:dashboard", county.pk, month_label(current))
    expect(leader.page.locator('[data-empty="month-not-over"]')).to_contain_text(
        zh("This month is not over yet")
    )

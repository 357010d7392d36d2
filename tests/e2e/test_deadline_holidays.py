"""The county leader finds the holiday rule of the townships' deadlines from the county's
month page, reads the coming deadlines and turns the moving off. Saved as screenshots
``reports-deadline-holidays-*`` at desktop and phone sizes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.core.months import add_months, month_label, this_month
from guanai.orgs.models import OrgUnit
from guanai.reports.models import ReportDeadline
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_county_leader_turns_the_moving_off(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    county = demo["luding"]
    last = add_months(this_month(timezone.localdate()), -1)
    leader = new_tab(viewport)
    leader.login("county_leader")
    leader.open("reports:month", county.pk, month_label(last))
    with leader.page.expect_navigation():
        leader.page.get_by_role("link", name=zh("Deadlines on weekends and holidays")).click()
    leader.check()
    assert leader.page.url == leader.url("reports:deadline_holidays", county.pk)
    expect(leader.page.locator("[data-in-force]")).to_have_attribute("data-in-force", "on")
    expect(leader.page.locator("tbody tr")).to_have_count(12)
    leader.shoot("reports-deadline-holidays")

    leader.page.get_by_label(zh("Keep the day, even on a rest day")).check()
    with leader.page.expect_navigation():
        leader.page.get_by_role("button", name=zh("Save"), exact=True).click()
    leader.check()
    expect(leader.page.locator("[data-in-force]")).to_have_attribute("data-in-force", "off")
    assert ReportDeadline.objects.get(org_unit=county).next_working_day is False

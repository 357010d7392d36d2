"""Activity plans in the browser on a phone (issue 15, point 1): a class teacher makes the
school's plan from the template, adds an activity, and opens the plan on A4.

Screenshots: ``activities-plan-phone.png`` (the plan month by month at 375 px) and
``activities-plan-print.png`` (the print page as printed).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from guanai.activities.models.plans import ActivityPlan
from guanai.activities.plans.templates_data import TEMPLATES
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, screenshot_dir, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_teacher_makes_the_schools_plan_on_a_phone(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    teacher = new_tab("phone")
    teacher.login("teacher")
    teacher.open("activities:plans")
    page = teacher.page
    with page.expect_navigation():
        page.get_by_test_id("plan-new").click()
    teacher.check()

    page.locator("select[name=template]").select_option("school_caring")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    teacher.check()
    plan = ActivityPlan.objects.get()
    assert plan.org_unit == demo["lengqi_school"]
    expect(page.get_by_test_id("plan-item")).to_have_count(len(TEMPLATES["school_caring"].items))
    expect(page.locator("main")).to_contain_text("元旦文艺汇演")

    with page.expect_navigation():
        page.get_by_test_id("item-new").click()
    teacher.check()
    page.locator("select[name=month]").select_option(f"{plan.school_year + 1}-03-01")
    page.locator("input[name=title]").fill("参观春耕")
    page.locator("select[name=kind]").select_option("visit")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    teacher.check()
    expect(page.locator(f'[data-month="{plan.school_year + 1}-03"]')).to_contain_text("参观春耕")
    teacher.shoot("activities-plan")

    teacher.open("activities:plan_print", plan.pk)
    signatures = page.get_by_test_id("signatures")
    for label in ("Prepared by", "Checked by", "Head of the unit", "(Seal)"):
        expect(signatures).to_contain_text(zh(label))
    page.emulate_media(media="print")
    expect(page.locator("header").first).to_be_hidden()
    page.screenshot(path=screenshot_dir() / "activities-plan-print.png", full_page=True)

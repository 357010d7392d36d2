"""A kindergarten's contact book every month for each class (篇三: 家园联系册 每月一次), in the
browser (issue 15, point 2): from the published plan's item, "安排活动" opens the event form
filled in; one form makes the monthly series for two classes; the event page shows its
place in the series; the rest is cancelled after a confirmation.

Screenshots ``activities-series-form-*``, ``activities-series-event-*``,
``activities-series-cancel-*`` and ``activities-series-plan-*`` (desktop and 375 px).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.accounts.models import Role
from guanai.activities import plans
from guanai.activities.models.events import Event, EventSeries
from guanai.orgs.models import OrgUnit
from tests import factories
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _submit(tab: Tab) -> None:
    with tab.page.expect_navigation():
        tab.page.locator("main form[method=post] button[type=submit]").first.click()
    tab.check()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_kindergarten_teacher_makes_the_monthly_contact_book_for_two_classes(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    kindergarten = demo["kindergarten"]
    teacher = factories.user(
        unit=kindergarten, role=Role.WORKER, username="kg_teacher", full_name="罗晓梅"
    )
    plan = plans.plan_create_from_template(
        acting_user=teacher,
        org_unit=kindergarten,
        template_code="kindergarten_home",
        school_year=plans.school_year_of(timezone.localdate()),
    )
    plan = plans.plan_publish(acting_user=teacher, plan=plan, version=plan.version)
    item = plan.items.filter(kind="contact_book").order_by("month").first()
    assert item is not None
    tab = new_tab(viewport)
    page = tab.page
    tab.login("kg_teacher", factories.PASSWORD)

    # "安排活动" on the plan's contact-book item: the form comes filled in from the item.
    tab.open("activities:plan", plan.pk)
    with page.expect_navigation():
        page.locator(f'[data-item="{item.pk}"]').get_by_test_id("item-arrange").click()
    tab.check()
    expect(page.get_by_test_id("event-from-item")).to_contain_text(item.title)
    expect(page.locator("input[name=title]")).to_have_value(item.title)
    expect(page.locator("select[name=kind]")).to_have_value("contact_book")
    first_day = page.locator("input[name=starts_on]").input_value()
    page.locator("input[name=target_classes]").fill("小一班、小二班")
    page.locator("select[name=repeat]").select_option("monthly")
    until = f"{plan.school_year + 1}-06-30"
    page.locator("input[name=until]").fill(until)
    page.locator("input[name=per_class]").check()
    tab.shoot("activities-series-form")
    _submit(tab)

    # Ten months (September to June) for each of the two classes.
    series = EventSeries.objects.get()
    assert (series.repeat, series.occurrences, series.per_class) == ("monthly", 10, True)
    assert Event.objects.filter(series=series, plan_item=item).count() == 20
    assert series.first_day.isoformat() == first_day
    box = page.get_by_test_id("series")
    expect(box).to_contain_text(zh("Repeats every month"))
    expect(page.get_by_test_id("series-number")).to_have_attribute("data-total", "10")
    expect(page.get_by_test_id("series-number")).to_have_attribute("data-number", "1")
    expect(page.get_by_test_id("event-plan-item")).to_contain_text(item.title)

    # The third occurrence of the class, its place in the series and the other class.
    with page.expect_navigation():
        page.get_by_test_id("series-occurrences").get_by_role("link").nth(1).click()
    tab.check()
    expect(page.get_by_test_id("series-number")).to_have_attribute("data-number", "3")
    expect(page.get_by_test_id("series-same-day")).to_contain_text("小二班")
    tab.shoot("activities-series-event")

    # Cancel the rest from this occurrence on, after the page says what will go.
    with page.expect_navigation():
        page.get_by_test_id("series-cancel").click()
    tab.check()
    expect(page.get_by_test_id("series-cancel-count")).to_have_attribute("data-count", "16")
    tab.shoot("activities-series-cancel")
    with page.expect_navigation():
        page.get_by_test_id("series-cancel-confirm").click()
    tab.check()
    expect(page.locator("main")).to_contain_text(zh("Cancelled"))
    assert Event.objects.filter(series=series, status="cancelled").count() == 16

    # The plan shows what became of its item.
    tab.open("activities:plan", plan.pk)
    made = page.locator(f'[data-item="{item.pk}"]').get_by_test_id("item-events")
    expect(made.get_by_role("link")).to_have_count(6)
    page.locator(f'[data-item="{item.pk}"]').scroll_into_view_if_needed()
    tab.shoot("activities-series-plan")

"""Notifications in the browser (issue 22): a class teacher on her phone sees the badge of
her unread messages, opens the inbox and the day's digest, and lands on her work list; she
opens her notification settings. The system and security administrators see the scheduled
jobs and the delivery log. Each page is checked (axe) and saved as a screenshot."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from guanai.notify import services
from guanai.notify.delivery import digests
from guanai.notify.models import Notification
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, zh
from tests.e2e.due_talks import teacher_with_due_talks

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_a_teacher_opens_her_digest_from_the_badge_and_lands_on_her_work_list(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    teacher, _pupils = teacher_with_due_talks(demo)
    services.collect(timezone.now())
    digests.send_due(timezone.now(), force=True)
    digest = Notification.objects.get(recipient=teacher, kind="digest")
    unread = Notification.objects.filter(recipient=teacher, read_at__isnull=True).count()
    assert digest.link == reverse("care:worklist") and unread >= 2

    tab = new_tab("phone")
    page = tab.page
    tab.login("teacher")
    badge = page.get_by_test_id("inbox-badge")
    expect(badge).to_be_visible()  # outside the folded menu, at 375 px
    expect(badge).to_contain_text(str(unread))
    tab.check()
    tab.shoot("notify-badge")

    with page.expect_navigation():
        page.get_by_test_id("inbox-link").click()
    tab.check()
    assert tab.heading() == zh("Messages")
    items = page.get_by_test_id("inbox").locator("li")
    expect(items).to_have_count(unread)
    expect(items.first).to_contain_text("今日摘要")
    tab.shoot("notify-inbox")

    with page.expect_navigation():
        items.first.get_by_role("link").click()
    tab.check()
    assert page.url == tab.url("care:worklist")
    assert tab.heading() == zh("This week's care work")
    digest.refresh_from_db()
    assert digest.read_at is not None
    expect(page.get_by_test_id("inbox-badge")).to_contain_text(str(unread - 1))

    tab.open("notify:preferences")
    expect(page.locator("main")).to_contain_text(zh("Talks and visits due this week and overdue"))
    tab.shoot("notify-preferences")


def test_the_admins_see_the_jobs_and_the_delivery_log(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    admin = new_tab("desktop")
    admin.login("admin")
    admin.open_menu_if_collapsed()
    with admin.page.expect_navigation():
        admin.page.locator("#main-nav").get_by_role("link", name=zh("Scheduled jobs")).click()
    admin.check()
    rows = admin.page.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    expect(admin.page.locator("main")).to_contain_text(zh("Every day at %(time)s", time="01:30"))
    admin.shoot("notify-jobs")

    security = new_tab("phone")
    security.login("security")
    security.open("notify:deliveries")
    expect(security.page.locator("main")).to_contain_text(zh("No message matches."))
    security.shoot("notify-deliveries")

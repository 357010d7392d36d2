"""Correcting a volunteer's times in a browser (issue 16, point 2): the association's
coordinator finds a volunteer who forgot to check out, corrects the check-out on a phone
with the reason, and reads the hours; the school sees the visit's photos and report links.

Screenshots ``community-visit-correct-*`` (the correction form) and
``community-visit-corrected-*`` (the visit with the corrected hours, as the school sees it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.activities.events import EventData, event_create
from guanai.activities.models.events import EventKind, EventStatus
from guanai.community.models import ServiceShift
from guanai.community.volunteers import (
    VolunteerData,
    check_in,
    visit_open,
    visit_sign_up,
    volunteer_add,
)
from guanai.core.actors import SYSTEM
from guanai.core.models import AccessLog, AuditAction
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

REASON = "忘记签退，按带队老师记录补录"


def _submit(tab: Tab, button: object) -> None:
    with tab.page.expect_navigation():
        button.click()  # type: ignore[attr-defined]
    tab.check()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_coordinator_corrects_a_forgotten_check_out(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    # Given a visit to the school that began three hours ago, one volunteer checked in at
    # its start and never checked out
    start = timezone.localtime().replace(second=0, microsecond=0) - timedelta(hours=3)
    event = event_create(
        acting_user=SYSTEM,
        org_unit=demo["lengqi_school"],
        data=EventData(
            title="全国助残日志愿者走进学校",
            kind=EventKind.VOLUNTEER_VISIT,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            status=EventStatus.PUBLISHED,
        ),
    )
    visit = visit_open(acting_user=SYSTEM, event=event, group=demo["volunteers"], volunteer_cap=10)
    forgot, other = (
        volunteer_add(
            acting_user=SYSTEM,
            group=demo["volunteers"],
            data=VolunteerData(name=name, joined_on=timezone.localdate()),
        )
        for name in ("王建国", "李秀兰")
    )
    visit_sign_up(acting_user=SYSTEM, visit=visit, volunteers=[forgot, other])
    check_in(acting_user=SYSTEM, visit=visit, volunteer=forgot, at=start)
    tab = new_tab(viewport)
    page = tab.page

    # When the county's leader, the association's coordinator, opens the correction
    tab.login("county_leader")
    tab.open("community:visit_detail", visit.pk)
    row = page.locator(f'[data-testid="participant"][data-volunteer="{forgot.pk}"]')
    _submit(tab, row.get_by_test_id("correct"))
    expect(page.locator("input[name=in_time]")).to_have_value(f"{start:%H:%M}")
    # And saves it without a reason: it is refused beside the field
    end = start + timedelta(hours=2, minutes=20)
    page.locator("input[name=out_on]").fill(f"{end:%Y-%m-%d}")
    page.locator("input[name=out_time]").fill(f"{end:%H:%M}")
    _submit(tab, page.get_by_role("button", name=zh("Save the correction")))
    expect(page.locator("#id_reason.is-invalid")).to_be_visible()
    assert ServiceShift.objects.get(volunteer=forgot).out_at is None
    # And then with the reason
    page.locator("input[name=out_time]").fill(f"{end:%H:%M}")
    page.locator("input[name=reason]").fill(REASON)
    tab.shoot("community-visit-correct")
    _submit(tab, page.get_by_role("button", name=zh("Save the correction")))

    # Then the visit shows 2.5 hours to confirm, and the access log keeps the reason
    row = page.locator(f'[data-testid="participant"][data-volunteer="{forgot.pk}"]')
    expect(row.locator("[data-hours]")).to_have_attribute("data-hours", "2.5")
    assert ServiceShift.objects.get(volunteer=forgot).hours == Decimal("2.5")
    assert AccessLog.objects.get(action=AuditAction.SHIFT_CORRECT).detail["reason"] == REASON

    # And the school's principal sees the links to the event's photos and its report
    tab.logout()
    tab.login("principal")
    tab.open("community:visit_detail", visit.pk)
    expect(page.get_by_test_id("event-photos")).to_have_attribute("data-count", "0")
    expect(page.get_by_test_id("follow-up-info-report")).to_be_visible()
    tab.shoot("community-visit-corrected")
    _submit(tab, page.get_by_test_id("event-photos"))
    expect(page.locator("#photos")).to_be_attached()

"""A volunteer visit in a browser (issue 16, plan 四): the school opens its visit to the
county's volunteer association, the county's coordinator signs the group's volunteers up,
a volunteer signs up on her phone and checks in and out with one tap each, and the school
confirms the hours in one click.

Screenshots ``community-visit-*-desktop.png`` and ``community-visit-*-phone.png``: the
volunteers list, the visit as the coordinator signs up, the volunteer's phone after check-in,
the visit with confirmed hours.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.accounts.models import User
from guanai.activities.events import EventData, event_create
from guanai.activities.models.events import EventKind, EventStatus
from guanai.community.models import ServiceShift, VisitRole, VisitRoleKind, VolunteerVisit
from guanai.community.volunteers import VolunteerData, volunteer_add
from guanai.core.actors import SYSTEM
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NAMES = ["王建国", "李秀兰", "张志强", "刘丽华", "陈海燕", "杨文斌", "赵春梅", "黄伟东"]
SIGNED = 5
CAP = 8


def _submit(tab: Tab, button: object) -> None:
    with tab.page.expect_navigation():
        button.click()  # type: ignore[attr-defined]
    tab.check()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_group_signs_up_for_a_visit_and_checks_in_on_a_phone(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    # Given the association's volunteers, 泽仁拉姆 with her account, and the school's event
    group = demo["volunteers"]
    account = User.objects.get(username="volunteer")
    volunteers = [
        volunteer_add(
            acting_user=SYSTEM,
            group=group,
            data=VolunteerData(
                name=name, phone=f"1391234{n:04d}", joined_on=timezone.localdate(), user=None
            ),
        )
        for n, name in enumerate(NAMES)
    ]
    own = volunteer_add(
        acting_user=SYSTEM,
        group=group,
        data=VolunteerData(name="泽仁拉姆", joined_on=timezone.localdate(), user=account),
    )
    start = timezone.now().replace(microsecond=0)
    event = event_create(
        acting_user=SYSTEM,
        org_unit=demo["lengqi_school"],
        data=EventData(
            title="全国助残日志愿者走进学校",
            kind=EventKind.VOLUNTEER_VISIT,
            starts_at=start,
            ends_at=start + timedelta(hours=6),
            status=EventStatus.PUBLISHED,
        ),
    )
    tab = new_tab(viewport)
    page = tab.page

    # When the principal opens the event to the association for eight volunteers
    tab.login("principal")
    tab.open("community:visit_new")
    page.locator("select[name=event]").select_option(str(event.pk))
    page.locator("select[name=group]").select_option(str(group.pk))
    page.locator("input[name=volunteer_cap]").fill(str(CAP))
    _submit(tab, page.locator("main form[method=post] button[type=submit]"))
    visit = VolunteerVisit.objects.get()
    assert (visit.group, visit.volunteer_cap) == (group, CAP)
    tab.logout()

    # And the county's leader, the association's coordinator, signs five of them up
    tab.login("county_leader")
    tab.open("community:volunteers")
    expect(page.get_by_test_id("volunteer")).to_have_count(len(NAMES) + 1)
    expect(page.get_by_test_id("volunteers")).to_contain_text("139****0001")
    tab.shoot("community-visit-volunteers")
    tab.open("community:visit_detail", visit.pk)
    for volunteer in volunteers[:SIGNED]:
        page.locator(f"#offer-{volunteer.pk}").check()
    _submit(tab, page.get_by_test_id("sign-up"))
    expect(page.get_by_test_id("participant")).to_have_count(SIGNED)
    expect(page.get_by_test_id("signed")).to_have_attribute("data-signed", str(SIGNED))
    # And gives the first the roles of a driver and of who writes it up
    for role in (VisitRoleKind.DRIVER, VisitRoleKind.WRITER):
        page.locator("select[name=volunteer]").select_option(str(volunteers[0].pk))
        page.locator("select[name=role]").select_option(role)
        _submit(tab, page.get_by_role("button", name=zh("Give the role")))
    expect(page.get_by_test_id("roles").locator("dt")).to_have_count(2)
    tab.shoot("community-visit-signup")

    # Then 泽仁拉姆 signs up on her phone and checks in and out with one tap each
    phone = new_tab("phone")
    phone.login("volunteer")
    phone.open("community:visit_detail", visit.pk)
    _submit(phone, phone.page.get_by_test_id("sign-me-up"))
    row = phone.page.locator(f'[data-testid="participant"][data-volunteer="{own.pk}"]')
    _submit(phone, row.get_by_test_id("check-in"))
    expect(row.get_by_test_id("check-out")).to_be_visible()
    # She sees no one's phone number, and no check-in button of anyone else
    expect(phone.page.get_by_test_id("check-in")).to_have_count(0)
    assert "139" not in phone.page.locator("main").inner_text()
    phone.shoot("community-visit-checkin")
    _submit(phone, row.get_by_test_id("check-out"))
    shift = ServiceShift.objects.get(volunteer=own)
    assert shift.out_at is not None and shift.confirmed_at is None

    # And the principal confirms the hours in one click
    tab.logout()
    tab.login("principal")
    tab.open("community:visit_detail", visit.pk)
    expect(page.get_by_test_id("signed")).to_have_attribute("data-signed", str(SIGNED + 1))
    _submit(tab, page.get_by_test_id("confirm-all"))
    expect(page.get_by_test_id("confirmed")).to_have_count(1)
    assert ServiceShift.objects.get(volunteer=own).confirmed_by.username == "principal"  # type: ignore[union-attr]
    assert VisitRole.objects.filter(visit=visit, role=VisitRoleKind.PARTICIPANT).count() == 6
    tab.shoot("community-visit-confirmed")

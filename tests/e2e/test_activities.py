"""The activities pages in a browser (issue 15): a school's worker finds her way through
them by the links above each page — a plan from the school template, an event with fewer
places than a class, the class enrolled with the special groups first, attendance on a
phone with one tap per person, and the pupils who joined nothing this term.

Screenshots ``activities-*-desktop.png`` and ``activities-*-phone.png`` (the plans, the
events, an event with its lists, attendance (phone), coverage, birthdays, the order of
categories); tests/e2e/test_activity_plans.py covers the plan's own page in depth.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from guanai.activities.events import unit_ranks
from guanai.activities.models.events import Attendance, Enrolment, EnrolmentState, Event
from guanai.activities.models.plans import ActivityPlan
from guanai.activities.plans.templates_data import TEMPLATES
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person, PersonCategory
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# The first class of the demo school (1年级1班, 19 pupils): it heads the coverage list.
GRADE, CLASS = "1年级", "1班"
PLACES = 6


def _follow(tab: Tab, label: str) -> None:
    """Open a page by its link in the activities links above every activities page."""
    nav = tab.page.get_by_role("navigation", name=zh("Activities"))
    with tab.page.expect_navigation():
        nav.get_by_role("link", name=label, exact=True).click()
    tab.check()
    expect(nav.locator('[aria-current="page"]')).to_have_text(label)


def _submit(tab: Tab) -> None:
    with tab.page.expect_navigation():
        tab.page.locator("main form[method=post] button[type=submit]").first.click()
    tab.check()


def _best_rank(person: Person, ranks: dict[str, int]) -> int:
    """The person's best place in the unit's order of categories; 100 for none."""
    today = timezone.localdate()
    held = PersonCategory.objects.filter(person=person, started_on__lte=today).exclude(
        ended_on__lt=today
    )
    return min((ranks.get(c, 99) for c in held.values_list("category", flat=True)), default=100)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_school_worker_runs_an_event_from_plan_to_coverage(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    school = demo["lengqi_school"]
    tab = new_tab(viewport)
    page = tab.page
    tab.login("teacher")

    # The plan of the school year, from the school template.
    tab.open("activities:plans")
    with page.expect_navigation():
        page.get_by_test_id("plan-new").click()
    tab.check()
    page.locator("select[name=template]").select_option("school_caring")
    _submit(tab)
    plan = ActivityPlan.objects.get()
    assert plan.org_unit == school
    expect(page.get_by_test_id("plan-item")).to_have_count(len(TEMPLATES["school_caring"].items))
    _follow(tab, zh("Activity plans"))
    expect(page.locator("main")).to_contain_text(plan.title)
    tab.shoot("activities-plans")

    # An event with fewer places than the class, today so attendance can be taken.
    _follow(tab, zh("Events"))
    with page.expect_navigation():
        page.get_by_role("link", name=zh("New event")).click()
    tab.check()
    page.locator("input[name=title]").fill("法治安全讲座")
    page.locator("select[name=kind]").select_option("lecture")
    page.locator("input[name=starts_on]").fill(timezone.localdate().isoformat())
    page.locator("input[name=capacity]").fill(str(PLACES))
    _submit(tab)
    event = Event.objects.get()
    assert event.org_unit == school and event.capacity == PLACES

    # The class enrolled at once: the places go by the order of categories.
    pupils = list(
        Person.objects.filter(school=school, grade=GRADE, class_name=CLASS, archived_at=None)
    )
    assert len(pupils) > PLACES
    klass = page.locator("#klass option", has_text=f"{GRADE}{CLASS}")
    page.locator("#klass").select_option(str(klass.get_attribute("value")))
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Enrol the class")).click()
    tab.check()
    enrolled = page.get_by_test_id("enrolled").get_by_test_id("enrolment")
    waiting = page.get_by_test_id("waiting").get_by_test_id("enrolment")
    expect(enrolled).to_have_count(PLACES)
    expect(waiting).to_have_count(len(pupils) - PLACES)
    expect(page.get_by_test_id("places")).to_contain_text(str(PLACES))
    shown_enrolled = {int(str(enrolled.nth(i).get_attribute("data-person"))) for i in range(PLACES)}
    shown_waiting = {
        int(str(waiting.nth(i).get_attribute("data-person"))) for i in range(waiting.count())
    }
    ranks = unit_ranks(school)
    best = {p.pk: _best_rank(p, ranks) for p in pupils}
    # No one holding a place ranks after anyone waiting, and the first rank present got in.
    assert max(best[pk] for pk in shown_enrolled) <= min(best[pk] for pk in shown_waiting)
    assert min(best.values()) in {best[pk] for pk in shown_enrolled}
    assert (
        set(
            Enrolment.objects.filter(event=event, state=EnrolmentState.ENROLLED).values_list(
                "person_id", flat=True
            )
        )
        == shown_enrolled
    )
    tab.shoot("activities-event")

    # Attendance on a phone: one tap per person; the last one did not come.
    phone = tab if viewport == "phone" else new_tab("phone")
    if phone is not tab:
        phone.login("teacher")
    phone.open("activities:event_attendance", event.pk)
    rows = phone.page.get_by_test_id("attendance-row")
    expect(rows).to_have_count(PLACES)
    order = [int(str(rows.nth(i).get_attribute("data-person"))) for i in range(PLACES)]
    came, absent = order[:-1], order[-1]
    for pk in order:
        card = phone.page.locator(f"#person-{pk}")
        answer = zh("Came") if pk != absent else zh("Absent")
        card.get_by_role("button", name=answer).click()
        expect(phone.page.locator(f"#person-{pk}")).to_have_attribute(
            "data-present", "1" if pk != absent else "0"
        )
    assert phone.page.url.endswith(reverse("activities:event_attendance", args=[event.pk]))
    phone.check()
    assert dict(Attendance.objects.filter(event=event).values_list("person_id", "present")) == {
        **{pk: True for pk in came},
        absent: False,
    }
    phone.shoot("activities-attendance")

    _follow(tab, zh("Events"))
    expect(page.locator("main")).to_contain_text(event.title)
    tab.shoot("activities-events")

    # Coverage: the pupils who came have joined; the rest of the class is on the list.
    _follow(tab, zh("Participation coverage"))
    listed = page.get_by_test_id("not-joined").locator("tr[data-person]")
    expect(listed.first).to_be_visible()
    on_list = {int(str(listed.nth(i).get_attribute("data-person"))) for i in range(listed.count())}
    assert not on_list & set(came)
    assert {absent, *shown_waiting} <= on_list
    tab.shoot("activities-coverage")

    _follow(tab, zh("Birthdays"))
    tab.shoot("activities-birthdays")
    _follow(tab, zh("Priority order"))
    expect(page.locator("main")).to_contain_text(school.name)
    tab.shoot("activities-priorities")

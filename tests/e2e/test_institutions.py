"""A care institution in a browser (issue 17): the county's leader opens the page of the
demo's day-care centre, sees its unmet items first with their reasons (a lease of 3 years,
no counsellor), adds the missing counsellor to the staff roster, and 专业-4 turns met. Every page is
axe-checked, at a desk and on a 375 px phone.

Then a service user's way (``test_a_service_user_is_registered_served_and_the_centre_assessed``):
the township's clerk registers a person of the roster at the day-care centre and logs a
session; the county's leader sees the centre in the overview and assesses it.

Screenshots ``institutions-*-desktop.png`` and ``institutions-*-phone.png``: the list, the
checklist before, the staff form, the checklist after, the resident, the service log, the
overview and the assessment report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.institutions.models import Assessment, Resident, Staff
from guanai.institutions.standard import age_on
from guanai.ops.demo.institutions_daycare import demo_daycare
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person, PersonCategory
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _submit(tab: Tab) -> None:
    with tab.page.expect_navigation():
        tab.page.locator("main form[method=post] button[type=submit]").first.click()
    tab.check()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_adding_the_missing_counsellor_turns_the_item_met(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    # The demo's day-care centre: a lease of 3 years, no counsellor, a manager untrained
    unit = demo["daycare"]
    demo_daycare(demo, timezone.localdate())
    tab = new_tab(viewport)
    page = tab.page
    tab.login("county_leader")

    # The county's list shows the institution with the items it does not meet
    tab.open("institutions:list")
    row = page.locator(f'[data-unit="{unit.pk}"]')
    expect(row).to_contain_text("冷碛镇残疾人日间照料中心")
    tab.shoot("institutions-list")

    # Its page lists the unmet items first, each with the reason the data gives
    with page.expect_navigation():
        row.get_by_role("link", name="冷碛镇残疾人日间照料中心").click()
    tab.check()
    items = page.get_by_test_id("item")
    expect(items.first).to_have_attribute("data-status", "not_met")
    lease = page.locator('[data-ref="机构-2"]')
    expect(lease).to_have_attribute("data-status", "not_met")
    expect(lease.get_by_test_id("reason")).to_contain_text("3")
    counsellor_item = page.locator('[data-ref="专业-4"]')
    expect(counsellor_item).to_have_attribute("data-status", "not_met")
    tab.shoot("institutions-checklist")

    # The missing counsellor is added to the roster
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Add a staff member")).click()
    tab.check()
    page.locator("input[name=name]").fill("张心怡")
    page.locator("select[name=role]").select_option("counsellor")
    page.locator("input[name=birth_date]").fill("1990-04-12")
    page.locator("input[name=relevant_study]").fill("应用心理学专业本科")
    tab.shoot("institutions-staff-form")
    _submit(tab)

    # Back on the institution's page, 专业-4 is met and the counsellor is on the roster
    assert Staff.objects.filter(name="张心怡", role="counsellor").exists()
    expect(page.locator('[data-ref="专业-4"]')).to_have_attribute("data-status", "met")
    expect(page.locator('[data-role="counsellor"]')).to_contain_text("张心怡")
    tab.shoot("institutions-checklist-met")


def _eligible_in_lengqi(demo: dict[str, OrgUnit], today: date) -> Person:
    """A working-age person of 冷碛镇's villages with an intellectual disability."""
    for row in (
        PersonCategory.objects.filter(
            category="disabled",
            ended_on=None,
            details__type=5,
            person__org_unit__in=[demo["ganlusi"], demo["tuanjie"]],
            person__archived_at=None,
            person__birth_date__isnull=False,
        )
        .select_related("person")
        .order_by("person__name_sort", "person__pk")
    ):
        born = row.person.birth_date
        if born is not None and 18 <= age_on(born, today) <= 55 and row.started_on < today:
            return row.person
    raise AssertionError("the demo roster has no eligible person in 冷碛镇")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_service_user_is_registered_served_and_the_centre_assessed(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    today = timezone.localdate()
    daycare = demo_daycare(demo, today)
    person = _eligible_in_lengqi(demo, today)

    # The township's clerk registers a person of the roster at the day-care centre
    clerk = new_tab(viewport)
    page = clerk.page
    clerk.login("township_worker")
    clerk.open("institutions:resident_new", daycare.pk)
    page.locator("input[name=q]").fill(person.name)
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    clerk.check()
    with page.expect_navigation():
        page.get_by_role("link", name=f"{zh('Choose')} {person.name}").first.click()
    clerk.check()
    page.locator("select[name=mode]").select_option("day_care")
    page.locator("input[name=applied_on]").fill(today.isoformat())
    _submit(clerk)
    expect(page.get_by_test_id("decision")).to_have_attribute("data-decision", "admitted")
    resident = Resident.objects.get(person=person, institution=daycare)
    clerk.shoot("institutions-resident")

    # and logs a session of self-care training from the resident's page
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Service logs")).first.click()
    clerk.check()
    form = page.get_by_test_id("log-form")
    form.locator("select[name=type]").select_option("self_care")
    form.locator("input[name=minutes]").fill("45")
    form.locator("select[name=staff]").select_option(label="黄康复（康复治疗师）")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    clerk.check()
    expect(page.get_by_test_id("log").first).to_contain_text("45")
    assert resident.services.get().minutes == 45
    clerk.shoot("institutions-service-log")

    # The county's leader sees the centre in the overview and assesses it
    leader = new_tab(viewport)
    page = leader.page
    leader.login("county_leader")
    leader.open("institutions:overview")
    expect(page.locator(f'[data-unit="{daycare.pk}"]')).to_contain_text("机构-2")
    leader.shoot("institutions-overview")
    leader.open("institutions:assessment_new", daycare.pk)
    page.locator("input[name=year]").fill(str(today.year))
    page.locator("input[name=respondents]").fill("12")
    page.locator("input[name=satisfied]").fill("9")
    page.locator("input[name=assessed_on]").fill(today.isoformat())
    with page.expect_navigation():
        page.locator("button[name=action][value=preview]").click()
    leader.check()
    expect(page.get_by_test_id("preview")).to_be_visible()
    with page.expect_navigation():
        page.locator("button[name=action][value=save]").click()
    leader.check()
    saved = Assessment.objects.get(institution=daycare, year=today.year)
    expect(page.get_by_test_id("total")).to_have_attribute("data-total", str(saved.total))
    expect(page.get_by_test_id("unmet")).to_contain_text("专业-4")
    expect(page.get_by_test_id("assessor")).to_contain_text("高德华")
    leader.shoot("institutions-assessment-report")

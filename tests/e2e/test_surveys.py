"""A survey on a phone with no connection (issue 18): the school's helper fills a left-behind
child's questionnaire, loses the connection halfway, finishes, reloads the page still
offline — the page and the answers are there — and the answers arrive once when the
connection is back; the round's analysis counts them. Every page is axe-checked at 375 px.

Screenshots ``surveys-*-phone.png``: the form half answered, offline and waiting, and sent;
the round's analysis; the outbox.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from guanai.accounts.models import User
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Person
from guanai.surveys.models import Case, CaseStatus, Response, Round
from tests.e2e.browsing import Tab, zh
from tests.surveys.support import small_form

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _round_with_a_case_for(helper: User, child: Person, county: OrgUnit) -> Case:
    form = small_form()
    round_ = Round.objects.create(
        org_unit=county,
        title="2027年春季摸底排查",
        form=form,
        starts_on=form.published_at.date(),
        ends_on=form.published_at.date().replace(year=form.published_at.year + 1),
    )
    return Case.objects.create(
        round=round_,
        person=child,
        org_unit=child.org_unit,
        name=child.name,
        category=Category.LEFT_BEHIND,
        assigned_to=helper,
    )


def _choose(tab: Tab, question: str, label: str) -> None:
    tab.page.locator(f'fieldset[data-question="{question}"]').get_by_text(label, exact=True).click()


def test_a_helper_fills_a_survey_offline_and_it_arrives_once(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    helper = User.objects.get(username="helper")
    child = Person.objects.filter(
        org_unit=demo["lengqi_school"], categories__category=Category.LEFT_BEHIND
    ).first()
    assert child is not None
    case = _round_with_a_case_for(helper, child, demo["luding"])
    tab = new_tab("phone")
    page = tab.page
    tab.login("helper")

    # Opened once with a connection: the service worker keeps the page from then on
    tab.open("surveys:case_fill", case.pk)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    with page.expect_navigation():
        page.reload()
    tab.check()
    rendered_key = page.locator("input[name=key]").input_value()
    expect(page.locator('fieldset[data-question="guardian_age"]')).to_be_hidden()

    # Half the answers, then the connection goes
    _choose(tab, "guardian", "祖父母")
    expect(page.locator('fieldset[data-question="guardian_age"]')).to_be_visible()
    page.locator('fieldset[data-question="guardian_age"] input').fill("72")
    tab.shoot("surveys-fill-half")
    page.context.set_offline(True)
    _choose(tab, "contact", "很少或从不")
    _choose(tab, "needs", "心理疏导")
    page.locator('fieldset[data-question="lonely"]').get_by_text(zh("Yes"), exact=True).click()
    page.locator('fieldset[data-question="mood"]').get_by_text("2", exact=True).click()
    page.get_by_role("button", name=zh("Finish and send")).click()
    status = page.get_by_test_id("fill-status")
    expect(status).to_contain_text(
        zh("Saved on this phone; it is sent as soon as there is a connection.")
    )
    expect(page.locator("[data-outbox-waiting]")).to_contain_text("1")
    phone_badge = page.locator("a.btn[data-outbox-nav]")
    expect(phone_badge).to_be_visible()
    expect(phone_badge).to_contain_text(f"{zh('Waiting to be sent')} 1")
    tab.shoot("surveys-fill-offline")
    assert not Response.objects.filter(case=case).exists()

    # Reloaded with no connection: the kept page, with every answer given
    with page.expect_navigation():
        page.reload()
    tab.check()
    assert page.locator("input[name=key]").input_value() == rendered_key, "not the kept page"
    expect(page.locator('fieldset[data-question="guardian_age"] input')).to_have_value("72")
    expect(page.locator('fieldset[data-question="contact"] input[value=rarely]')).to_be_checked()
    expect(page.locator('fieldset[data-question="mood"] input[value="2"]')).to_be_checked()
    expect(status).to_contain_text(
        zh("Saved on this phone; it is sent as soon as there is a connection.")
    )
    assert not Response.objects.filter(case=case).exists()

    # The connection is back: the outbox sends the set, once
    page.context.set_offline(False)
    expect(status).to_contain_text(zh("Finished and sent."), timeout=20_000)
    expect(page.locator("[data-outbox-waiting]")).to_be_hidden()
    expect(phone_badge).to_be_hidden()
    tab.shoot("surveys-fill-sent")
    stored = Response.objects.get(case=case)
    assert stored.complete and stored.sends == 1
    assert stored.answers == {
        "guardian": "grand",
        "guardian_age": 72,
        "contact": "rarely",
        "needs": ["talk"],
        "lonely": "yes",
        "mood": 2,
    }
    assert stored.problems == ["guardian_age", "contact:rarely", "needs:talk", "lonely"]
    case.refresh_from_db()
    assert case.status == CaseStatus.DONE

    # Sending again (the button, a reload) stores nothing more
    with page.expect_navigation():
        page.reload()
    tab.check()
    page.evaluate("GuanaiOutbox.flush()")
    assert Response.objects.filter(case=case).count() == 1
    assert Response.objects.get(case=case).sends == 1

    # The round's analysis counts the set once, with the problems it points to
    tab.open("surveys:round_analysis", case.round_id)
    expect(page.get_by_test_id("count-done")).to_have_text("1")
    problems = page.get_by_test_id("problems")
    for problem in ("监护人年迈", "与父母联系少", "需要心理疏导", "常感孤独"):
        expect(problems).to_contain_text(problem)
    expect(problems.locator("li")).to_have_count(4)
    tab.shoot("surveys-analysis")

    # The outbox page lists the set as sent
    tab.open("accounts:outbox")
    entry = page.locator("[data-outbox-list] li")
    expect(entry).to_have_count(1)
    expect(entry).to_have_attribute("data-state", "sent")
    expect(entry).to_contain_text(f"2027年春季摸底排查 · {child.name}")
    tab.shoot("surveys-outbox")


def test_a_township_runs_a_round_and_gives_the_school_to_its_helper(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    school = demo["lengqi_school"]
    pupils = Person.objects.filter(
        org_unit=school,
        archived_at__isnull=True,
        categories__category=Category.LEFT_BEHIND,
        categories__ended_on__isnull=True,
    ).distinct()
    tab = new_tab("desktop")
    page = tab.page
    tab.login("township_worker")

    # The township's clerk starts a round with the left-behind children's questionnaire
    tab.open("surveys:round_list")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("New survey round")).click()
    tab.check()
    page.locator("#id_unit").select_option(label="冷碛镇")
    page.locator("#id_title").fill("2027年春季摸底排查")
    form = page.locator("#id_form option", has_text="留守儿童情况调查表").first
    page.locator("#id_form").select_option(value=form.get_attribute("value"))
    page.locator("#id_ends_on").fill("2027-04-30")
    tab.shoot("surveys-round-new")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    tab.check()
    survey = Round.objects.get(title="2027年春季摸底排查")
    assert survey.cases.filter(org_unit=school).count() == pupils.count() > 0
    progress = page.get_by_test_id("progress")
    expect(progress).to_contain_text("冷碛镇中心小学")

    # She gives every pupil of the school to the school's helper, in one go
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Assign"), exact=True).click()
    tab.check()
    page.locator("#id_unit").select_option(label="冷碛镇中心小学")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Filter")).click()
    tab.check()
    page.get_by_test_id("all-matching").check()
    page.locator("#assign-to").select_option(label="曾强")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Assign the ticked persons")).click()
    tab.check()
    mine = survey.cases.filter(assigned_to__username="helper")
    assert mine.count() == pupils.count()
    with page.expect_navigation():
        page.get_by_role("link", name="2027年春季摸底排查").first.click()
    tab.check()
    tab.shoot("surveys-round")

    # The helper finds them on his today page, each with the button to its questionnaire
    phone = new_tab("phone")
    phone.login("helper")
    tasks = phone.page.locator('a[href^="/surveys/cases/"][href$="/fill/"]')
    expect(tasks.first).to_be_visible()
    assert tasks.count() == min(pupils.count(), 10)
    phone.shoot("surveys-today")

"""On a phone, a worker completes a case file; the principal reads its change history."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from guanai.orgs.models import OrgUnit
from guanai.registry.models import Category, Contact, Person
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _left_behind_pupil(school: OrgUnit) -> Person:
    """A demo pupil of the school who is left behind and in no other category."""
    for person in Person.objects.filter(org_unit=school).prefetch_related("categories"):
        if [c.category for c in person.categories.all()] == [Category.LEFT_BEHIND]:
            return person
    raise AssertionError("the demo has no pupil who is only left behind")


def _submit(tab: Tab, button: str) -> None:
    with tab.page.expect_navigation():
        tab.page.locator("main form").get_by_role("button", name=button).click()
    tab.check()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_worker_completes_a_file_and_the_principal_reads_its_history(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    pupil = _left_behind_pupil(demo["lengqi_school"])
    worker = new_tab(viewport)
    page = worker.page
    worker.login("township_worker")
    worker.open("registry:person_detail", pupil.pk)

    # The categories tab: add 残疾人 with the certificate number and its details.
    with page.expect_navigation():
        page.get_by_test_id("tab-categories").click()
    worker.check()
    page.get_by_label(zh("Add a category")).select_option(Category.DISABLED)
    _submit(worker, zh("Continue"))
    assert worker.heading() == zh("Add the category %(category)s", category=zh("Disabled person"))
    page.get_by_label(zh("Disability certificate number")).fill(f"{pupil.id_number}43")
    page.get_by_label(zh("Disability type")).select_option("4")
    # A grade that contradicts the certificate is refused next to the field.
    page.get_by_label(zh("Disability grade")).select_option("2")
    _submit(worker, zh("Add the category"))
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    worker.shoot("file-category-error")
    page.get_by_label(zh("Disability grade")).select_option("3")
    _submit(worker, zh("Add the category"))
    card = page.get_by_test_id("category-disabled")
    expect(card).to_contain_text(zh("Physical disability"))
    expect(card).to_contain_text(zh("Grade 3"))
    expect(card).not_to_contain_text(pupil.id_number)
    worker.shoot("file-categories")

    # The family tab: add the mother, who works away, then assess the guardianship.
    with page.expect_navigation():
        page.get_by_test_id("tab-family").click()
    worker.check()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Add a contact")).click()
    worker.check()
    page.get_by_label(zh("Kind")).select_option("parent")
    page.get_by_label(zh("Full name")).fill("王秀兰")
    page.get_by_label(zh("Relation")).fill("母亲")
    page.get_by_label(zh("Phone")).fill("137 0836 1234")
    page.get_by_label(zh("Works away at")).fill("浙江义乌")
    _submit(worker, zh("Save"))
    mother = page.get_by_test_id("contact").filter(has_text="王秀兰（母亲）")
    expect(mother).to_contain_text("137****1234")
    expect(mother).to_contain_text("浙江义乌")
    assert Contact.objects.get(name="王秀兰").phone == "13708361234"
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Assess the guardianship")).first.click()
    worker.check()
    page.get_by_label(zh("Guardianship")).select_option("fair")
    _submit(worker, zh("Save"))
    expect(page.get_by_test_id("guardianship")).to_contain_text(zh("Fair"))
    worker.shoot("file-family")

    # The principal, a leader of the school, reads who changed what.
    principal = new_tab(viewport)
    principal.login("principal")
    principal.open("registry:person_detail", pupil.pk)
    with principal.page.expect_navigation():
        principal.page.get_by_test_id("tab-history").click()
    principal.check()
    history = principal.page.get_by_test_id("history")
    expect(history).to_contain_text("李秀英")
    expect(history).to_contain_text(
        re.compile(re.escape(zh("Contact: %(contact)s", contact="王秀兰（母亲）")))
    )
    expect(history).not_to_contain_text("13708361234")
    principal.shoot("file-history")


def test_on_a_phone_a_worker_goes_from_the_file_to_the_childs_care_and_reveals_with_a_purpose(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    pupil = _left_behind_pupil(demo["lengqi_school"])
    worker = new_tab("phone")
    page = worker.page
    worker.login("township_worker")
    worker.open("registry:person_detail", pupil.pk)

    # The care tab of the file: the ways to the child's care, and a first plan.
    with page.expect_navigation():
        page.get_by_test_id("tab-care").click()
    worker.check()
    links = page.get_by_test_id("care-links")
    for label in ("New assistance plan", "Record progress", "Care log", "Progress archive"):
        expect(links.get_by_role("link", name=zh(label))).to_be_visible()
    expect(page.get_by_test_id("care-plans")).to_contain_text(zh("No assistance plan yet."))
    worker.shoot("file-care")
    with page.expect_navigation():
        links.get_by_role("link", name=zh("New assistance plan")).click()
    worker.check()
    assert worker.heading() == zh("New assistance plan for %(name)s", name=pupil.name)

    # The family tab: full numbers are shown only with a purpose, which is audited.
    worker.open("registry:person_detail", pupil.pk)
    with page.expect_navigation():
        page.get_by_test_id("tab-family").click()
    worker.check()
    reveal = page.get_by_test_id("reveal-form")
    reveal.get_by_label(zh("Purpose of showing the full numbers")).fill("家访前核对监护人电话")
    worker.shoot("file-reveal-purpose")
    with page.expect_navigation():
        reveal.get_by_role("button").click()
    worker.check()
    guardian = pupil.contacts.filter(is_guardian=True).first()
    assert guardian is not None and guardian.phone
    shown = page.get_by_test_id("contact").filter(has_text=guardian.name).first
    expect(shown).to_contain_text(guardian.phone)


def test_on_a_phone_contact_cards_and_the_roster_export_are_asked_with_a_purpose(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    pupil = _left_behind_pupil(demo["lengqi_school"])
    worker = new_tab("phone")
    page = worker.page
    worker.login("township_worker")
    worker.open("registry:person_list")

    # Tick a child and print: first the purpose, then the cards.
    page.locator(f"#pick-{pupil.pk}").check()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Print contact cards of the ticked children")).click()
    worker.check()
    assert worker.heading() == zh("Print contact cards")
    page.get_by_label(zh("Purpose")).fill("期中家长会前发给家长")
    worker.shoot("cards-purpose")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Print the cards (recorded in the audit log)")).click()
    worker.check()
    expect(page.locator("article.contact-card")).to_have_count(1)
    expect(page.locator("article.contact-card")).to_contain_text(pupil.name)

    # The roster export: the purpose, full numbers ticked, then the workbook.
    worker.open("registry:person_list")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Export to Excel")).click()
    worker.check()
    assert worker.heading() == zh("Export the roster to Excel")
    page.get_by_label(zh("Purpose")).fill("上报县民政局")
    page.get_by_label(
        zh("With full ID and phone numbers (for the units whose roster you keep)")
    ).check()
    with page.expect_download() as download:
        page.get_by_role("button", name=zh("Export (recorded in the audit log)")).click()
    assert download.value.suggested_filename.endswith(".xlsx")

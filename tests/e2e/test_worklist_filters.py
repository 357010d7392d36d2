"""The class teacher filters her work list to the due talks on a phone, records one with
"save and next", and the form opens for the next pupil of the same list."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.accounts.models import User
from guanai.care import worklist
from guanai.care.models import CareRecord
from guanai.care.work_filters import WorkFilter
from guanai.ops.demo.care import demo_care
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DUE_TALKS = WorkFilter(kind="talk", status="due")


def _filter_to_due_talks(tab: Tab) -> None:
    page = tab.page
    tab.open("care:worklist")
    form = page.get_by_test_id("work-filters")
    form.get_by_label(zh("Kind"), exact=True).select_option("talk")
    form.get_by_label(zh("Status"), exact=True).select_option("due")
    with page.expect_navigation():
        form.get_by_role("button", name=zh("Filter")).click()
    tab.check()
    assert parse_qs(urlsplit(page.url).query) == {"kind": ["talk"], "status": ["due"]}


def test_teacher_records_due_talks_one_after_another_on_a_phone(
    phone_tab: Tab, demo: dict[str, OrgUnit]
) -> None:
    demo_care(demo)
    teacher = User.objects.get(username="teacher")
    due = worklist.worklist(teacher, filters=DUE_TALKS, page_size=300).rows
    assert len(due) >= 2, "the care demo gives the teacher talks due"
    page = phone_tab.page
    phone_tab.login("teacher")

    _filter_to_due_talks(phone_tab)
    cards = page.get_by_test_id("person-row")
    expect(cards).to_have_count(min(len(due), 50))
    first = cards.first
    assert first.get_attribute("data-person") == str(due[0].person.pk)
    expect(first.locator("[data-status]").first).to_have_text(zh("Due"))
    expect(first.get_by_test_id("deadline").first).to_be_visible()
    # A compact card: name, what is due and when, one big button, in under 130 px.
    box = first.bounding_box()
    assert box is not None and box["height"] < 130, box
    phone_tab.shoot("worklist-filtered")

    with page.expect_navigation():
        first.get_by_role("link", name=zh("Record")).first.click()
    phone_tab.check()
    expect(page.locator(f'input[name="persons"][value="{due[0].person.pk}"]')).to_be_checked()
    expect(page.locator('input[name="kind"][value="talk"]')).to_be_checked()
    # Not a family call: the call's fields are out of the way.
    expect(page.get_by_test_id("call-fields")).to_be_hidden()
    page.get_by_label(zh("What was said or done")).fill("谈了期中考试，情绪不错。")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save and next")).click()
    phone_tab.check()

    # Saved, and the form is open for the next pupil with a talk due.
    expect(page.locator(".alert-success")).to_contain_text(due[0].person.name)
    expect(page.locator(f'input[name="persons"][value="{due[1].person.pk}"]')).to_be_checked()
    expect(page.locator('input[name="kind"][value="talk"]')).to_be_checked()
    assert parse_qs(urlsplit(page.url).query)["list"] == ["kind=talk&status=due&page=1"]
    # Choosing a family call brings its fields.
    call = page.locator('input[name="kind"][value="family_call"]').get_attribute("id")
    page.locator(f'label[for="{call}"]').click()
    expect(page.get_by_test_id("call-fields")).to_be_visible()
    phone_tab.shoot("worklist-save-and-next")

    talk = CareRecord.objects.filter(author=teacher).latest("pk")
    assert (talk.kind, talk.occurred_on) == ("talk", timezone.localdate())
    assert list(talk.met.values_list("person", flat=True)) == [due[0].person.pk]


def test_the_filtered_work_list_on_a_desktop(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    demo_care(demo)
    teacher = User.objects.get(username="teacher")
    rows = worklist.worklist(teacher, filters=DUE_TALKS).rows
    desk = new_tab("desktop")
    desk.login("teacher")

    _filter_to_due_talks(desk)

    due = sum(len(row.items) for row in rows)
    counts = "On this page: %(overdue)s overdue, %(due)s due, %(done)s done."
    expect(desk.page.get_by_test_id("counts")).to_have_text(zh(counts, overdue=0, due=due, done=0))
    desk.shoot("worklist-filtered")

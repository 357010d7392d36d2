"""On a phone, a class teacher sees this week's due talks, records one, and it leaves the list."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.care import log as care_log
from guanai.care import risk
from guanai.care.models import CareKind, CareRecord
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests.e2e.browsing import Tab, zh
from tests.e2e.due_talks import teacher_with_due_talks

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

RULE = "talk-every-4-weeks"


def test_class_teacher_records_a_due_talk_on_a_phone(
    phone_tab: Tab, demo: dict[str, OrgUnit]
) -> None:
    teacher, (due, done, never) = teacher_with_due_talks(demo)
    page = phone_tab.page
    phone_tab.login("teacher")

    # The care work is one tap away in the folded menu.
    phone_tab.open_menu_if_collapsed()
    with page.expect_navigation():
        page.locator("#main-nav").get_by_role("link", name=zh("Care"), exact=True).click()
    phone_tab.check()
    assert phone_tab.heading() == zh("This week's care work")

    def todo(person: Person) -> object:
        row = page.locator(f'[data-testid="person-row"][data-person="{person.pk}"]')
        return row.locator(f'[data-testid="todo"][data-rule="{RULE}"]')

    due_item = todo(due)
    expect(due_item).to_be_visible()
    expect(due_item.locator("[data-status]")).to_have_text(zh("Due"))  # type: ignore[attr-defined]
    expect(todo(never).locator("[data-status]")).to_have_text(zh("Overdue"))  # type: ignore[attr-defined]
    expect(todo(done)).to_have_count(0)  # type: ignore[attr-defined]
    quota = page.get_by_test_id("quota")
    expect(quota).to_contain_text("班主任每周与3—5名特殊群体学生谈一次心")
    phone_tab.shoot("care-worklist")

    # The record button opens the form filled in: the pupil, a talk, today.
    with page.expect_navigation():
        due_item.get_by_role("link").click()  # type: ignore[attr-defined]
    phone_tab.check()
    expect(page.locator(f'input[name="persons"][value="{due.pk}"]')).to_be_checked()
    expect(page.locator('input[name="kind"][value="talk"]')).to_be_checked()
    today = timezone.localdate().isoformat()
    expect(page.get_by_label(zh("Date"), exact=True)).to_have_value(today)
    page.get_by_label(zh("What was said or done")).fill(
        "谈了期中考试，情绪不错，想念在外打工的妈妈。"
    )
    page.get_by_text(zh("The five areas, needs and follow-up (optional)")).click()
    page.locator('label[for="id_mood_4"]').click()
    phone_tab.shoot("care-record-form")
    with page.expect_navigation():
        page.get_by_test_id("record-form").get_by_role(
            "button", name=zh("Save"), exact=True
        ).click()
    phone_tab.check()

    # Back on the work list: saved, and the talk has left the due list.
    assert phone_tab.heading() == zh("This week's care work")
    expect(page.locator(".alert-success")).to_contain_text(due.name)
    expect(todo(due)).to_have_count(0)  # type: ignore[attr-defined]
    done_now = page.locator(f'[data-testid="person-row"][data-person="{due.pk}"]')
    expect(done_now.locator(f'[data-testid="done"][data-rule="{RULE}"]')).to_be_visible()
    phone_tab.shoot("care-worklist-after")

    talk = CareRecord.objects.filter(author=teacher).latest("pk")
    assert (talk.kind, talk.mood, talk.occurred_on.isoformat()) == ("talk", 4, today)
    assert list(talk.met.values_list("person", flat=True)) == [due.pk]


def test_principal_confirms_a_risk_level_and_reads_the_rules_on_a_phone(
    phone_tab: Tab, demo: dict[str, OrgUnit]
) -> None:
    teacher, (pupil, *_others) = teacher_with_due_talks(demo)
    care_log.care_record_add(
        acting_user=teacher,
        persons=[pupil],
        data=care_log.RecordData(
            kind=CareKind.FAMILY_CALL,
            occurred_on=timezone.localdate(),
            summary="与妈妈通话，孩子哭了。",
            ratings={"mood": 2, "study": 3},
            parent="mother",
            minutes=12,
        ),
    )
    risk.risk_propose(acting_user=teacher, person=pupil, level="high", reason="连续三次情绪低落")
    page = phone_tab.page
    phone_tab.login("principal")

    phone_tab.open("care:person_care", pupil.pk)
    expect(page.get_by_test_id("records")).to_contain_text("与妈妈通话，孩子哭了。")
    expect(page.get_by_test_id("trend")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Confirm"), exact=True).click()
    phone_tab.check()
    expect(page.get_by_test_id("risk-badge")).to_have_text(zh("Risk: %(level)s", level=zh("High")))
    phone_tab.shoot("care-person")

    phone_tab.open("care:rules")
    rules = page.get_by_test_id("rules")
    expect(rules).to_contain_text("班主任每周与3—5名特殊群体学生谈一次心")
    expect(rules).to_contain_text(zh("inherited from %(unit)s", unit="泸定县"))
    phone_tab.shoot("care-rules")

"""The "today" page in a browser: a class teacher records a due talk in three taps after
logging in; the county leader and a township's clerk see what waits for them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.accounts.models import User
from guanai.benefits.rolls import roll_generate, roll_submit
from guanai.care import plans, risk
from guanai.care.models import CareKind, CareRecord, CareWarning, WarningKind
from guanai.core.months import this_month
from guanai.orgs.models import OrgUnit
from guanai.registry import services as registry
from guanai.registry.models import Person
from tests.e2e.browsing import Tab, zh
from tests.e2e.due_talks import teacher_with_due_talks

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

RULE = "每名特殊群体学生至少每4周谈心一次"  # talk-every-4-weeks, seeded by the county


def _talk(tab: Tab, person: Person) -> object:
    """The today card of ``person``'s talk rule."""
    return tab.page.get_by_test_id("task").filter(has_text=person.name).filter(has_text=RULE)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_class_teacher_records_a_due_talk_in_three_taps(
    new_tab: object, demo: dict[str, OrgUnit], viewport: str
) -> None:
    teacher, (due, done, never) = teacher_with_due_talks(demo)
    tab: Tab = new_tab(viewport)  # type: ignore[operator]
    page = tab.page

    # Tap 1: log in. She lands on today, her due talks first.
    tab.login("teacher")
    assert tab.heading() == zh("Today's tasks")
    talks = page.get_by_test_id("task").filter(has_text=RULE)
    expect(talks).to_have_count(2)  # the overdue and the due one; not the one done
    first = talks.first
    expect(first).to_contain_text(never.name)  # never talked with: the most overdue
    expect(_talk(tab, due)).to_contain_text(zh("Due by %(date)s", date=""))  # type: ignore[attr-defined]
    expect(_talk(tab, done)).to_have_count(0)  # type: ignore[attr-defined]
    tab.shoot("today-teacher")

    # Tap 2: 记录 on the first due talk opens the quick entry filled in.
    with page.expect_navigation():
        first.get_by_test_id("action").click()
    tab.check()
    expect(page.locator(f'input[name="persons"][value="{never.pk}"]')).to_be_checked()
    expect(page.locator('input[name="kind"][value="talk"]')).to_be_checked()
    page.get_by_label(zh("What was said or done")).fill("第一次谈心：说起在外打工的爸爸。")

    # Tap 3: 保存. Back on today, saved, and the talk has left the list.
    with page.expect_navigation():
        page.get_by_test_id("record-form").get_by_role(
            "button", name=zh("Save"), exact=True
        ).click()
    tab.check()
    assert page.url == tab.url("home")
    expect(page.locator(".alert-success")).to_contain_text(never.name)
    expect(_talk(tab, never)).to_have_count(0)  # type: ignore[attr-defined]
    expect(_talk(tab, due)).to_have_count(1)  # type: ignore[attr-defined]

    talk = CareRecord.objects.filter(author=teacher).latest("pk")
    assert talk.kind == CareKind.TALK
    assert talk.summary == "第一次谈心：说起在外打工的爸爸。"
    assert list(talk.met.values_list("person", flat=True)) == [never.pk]


def _waiting_for_the_county(demo: dict[str, OrgUnit], teacher: User, pupils: list[Person]) -> None:
    """Warnings, a proposed risk level, a draft plan and a submitted payment roll."""
    today = timezone.localdate()
    for n, pupil in enumerate(pupils):
        CareWarning.objects.create(
            org_unit=pupil.org_unit,
            person=pupil,
            kind=WarningKind.NO_CARE,
            key=f"e2e:no_care:{pupil.pk}",
            message=f"{pupil.name} 已 45 天没有关爱记录",
            raised_on=today - timedelta(days=n + 1),
        )
    risk.risk_propose(acting_user=teacher, person=pupils[0], level="high", reason="情绪低落")
    plans.plan_create(
        acting_user=teacher,
        person=pupils[1],
        data=plans.PlanData(
            domain="study",
            goals="数学成绩提高到及格线以上",
            measures="每周二、四课后辅导数学各30分钟",
            phase_targets="",
            starts_on=today,
            ends_on=today + timedelta(days=90),
            responsible=teacher,
        ),
    )
    worker = User.objects.get(username="township_worker")
    roll = roll_generate(acting_user=worker, org_unit=demo["lengqi"], month=this_month(today))
    roll_submit(acting_user=worker, roll=roll, version=roll.version)


def test_the_county_leader_and_a_township_clerk_see_what_waits_for_them(
    new_tab: object, demo: dict[str, OrgUnit]
) -> None:
    teacher, pupils = teacher_with_due_talks(demo)
    _waiting_for_the_county(demo, teacher, pupils)
    moving = Person.objects.filter(org_unit=demo["xinglong_school"]).order_by("pk").first()
    assert moving is not None
    registry.transfer_request(
        acting_user=User.objects.get(username="xinglong_worker"),
        person=moving,
        to_unit=demo["lengqi_school"],
        reason="随父母迁居冷碛镇",
    )

    leader: Tab = new_tab("desktop")  # type: ignore[operator]
    leader.login("county_leader")
    assert leader.heading() == zh("Today's tasks")
    kinds = leader.page.locator("[data-testid=task]")
    for kind in ("warning", "risk", "plan_approve", "roll", "report_fill"):
        expect(kinds.and_(leader.page.locator(f'[data-kind="{kind}"]')).first).to_be_visible()
    leader.shoot("today-county_leader")
    # The roll's action opens the roll to approve.
    roll_task = leader.page.locator('[data-testid=task][data-kind="roll"]')
    with leader.page.expect_navigation():
        roll_task.get_by_test_id("action").click()
    leader.check()
    expect(leader.page.locator("main")).to_contain_text(demo["lengqi"].name)

    clerk: Tab = new_tab("phone")  # type: ignore[operator]
    clerk.login("township_worker")
    assert clerk.heading() == zh("Today's tasks")
    transfer = clerk.page.locator('[data-testid=task][data-kind="transfer"]')
    expect(transfer).to_contain_text(moving.name)
    expect(clerk.page.locator('[data-testid=task][data-kind="report_fill"]')).to_contain_text(
        demo["lengqi"].name
    )
    clerk.shoot("today-township_worker")

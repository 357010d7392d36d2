"""Letters home in a browser (issue 15 point 5): a school's teacher opens a round from the
coming occasions (the title and dates filled in), marks on a phone, one tap per child, who
wrote a letter home, and sees the progress of the round and of each class.

Screenshots ``activities-letters-desktop.png`` (the round, after the taps) and
``activities-letters-phone.png`` (the round on a 375 px phone).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from guanai.activities.models.letters import Letter, LetterRound
from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

TAPS = 3


def test_a_teacher_opens_a_round_and_marks_letters_on_a_phone(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    school = demo["lengqi_school"]
    tab = new_tab("desktop")
    page = tab.page
    tab.login("teacher")

    # The letters page, by its link among the activities pages.
    tab.open("activities:events")
    nav = page.get_by_role("navigation", name=zh("Activities"))
    with page.expect_navigation():
        nav.get_by_role("link", name=zh("Letters home"), exact=True).click()
    tab.check()
    expect(page.get_by_test_id("empty")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("New round")).click()
    tab.check()

    # The first coming occasion fills in the title and dates.
    chooser = page.locator("#id_occasion_choice")
    first = chooser.locator("option").nth(1)
    key, label = str(first.get_attribute("value")), first.inner_text()
    chooser.select_option(key)
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Use this occasion")).click()
    tab.check()
    expect(page.get_by_test_id("occasion")).to_have_text(label)
    title = page.locator("input[name=title]").input_value()
    assert title and page.locator("input[name=opens_on]").input_value()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Open the round")).click()
    tab.check()
    made = LetterRound.objects.get()
    assert (made.org_unit, made.title, made.occasion) == (school, title, key.split(":")[0])
    total = made.letters.count()
    assert total > TAPS
    progress = page.get_by_test_id("progress")
    expect(progress).to_have_attribute("data-total", str(total))
    expect(progress).to_have_attribute("data-written", "0")

    # On a phone: one tap per child who wrote; the counts follow without a reload.
    phone = new_tab("phone")
    phone.login("teacher")
    phone.open("activities:letter_round", made.pk)
    expect(phone.page.get_by_test_id("letter")).to_have_count(total)
    # The teacher shows her own class, the first one.
    phone.page.locator("#class").select_option(index=1)
    with phone.page.expect_navigation():
        phone.page.get_by_role("button", name=zh("Show"), exact=True).click()
    phone.check()
    cards = phone.page.get_by_test_id("letter")
    expect(phone.page.locator("section")).to_have_count(1)
    assert TAPS < cards.count() < total
    tapped = [
        int(str(cards.nth(i).get_attribute("id")).removeprefix("letter-")) for i in range(TAPS)
    ]
    for pk in tapped:
        card = phone.page.locator(f"#letter-{pk}")
        card.get_by_role("button", name=zh("Wrote a letter")).click()
        expect(phone.page.locator(f"#letter-{pk}")).to_have_attribute("data-written", "1")
    expect(phone.page.get_by_test_id("progress")).to_have_attribute("data-written", str(TAPS))
    written = phone.page.locator("[data-testid=class-progress]")
    assert (
        sum(int(str(written.nth(i).get_attribute("data-written"))) for i in range(written.count()))
        == TAPS
    )
    phone.check()
    assert set(Letter.objects.filter(written=True).values_list("pk", flat=True)) == set(tapped)

    # One more tap takes a mark back.
    undo = phone.page.locator(f"#letter-{tapped[-1]}")
    undo.get_by_role("button", name=zh("Undo")).click()
    expect(phone.page.locator(f"#letter-{tapped[-1]}")).to_have_attribute("data-written", "0")
    expect(phone.page.get_by_test_id("progress")).to_have_attribute("data-written", str(TAPS - 1))
    phone.check()
    phone.shoot("activities-letters")

    # The desktop sees the progress on the round and in the list of rounds.
    tab.open("activities:letter_round", made.pk)
    expect(page.get_by_test_id("progress")).to_have_attribute("data-written", str(TAPS - 1))
    page.locator("#class").select_option(index=1)
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Show"), exact=True).click()
    tab.check()
    tab.shoot("activities-letters")
    tab.open("activities:letter_rounds")
    expect(page.get_by_test_id("round-progress")).to_have_attribute("data-written", str(TAPS - 1))

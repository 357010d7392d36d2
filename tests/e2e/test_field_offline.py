"""Field work offline (issue 23): a class teacher on a phone in a village with no signal.

She syncs her persons on the field page, loses the connection, reloads the page (kept by the
service worker), records talks, and they arrive exactly once when the connection returns —
also when an answer is lost on the way. A talk for a pupil whose pairing ended meanwhile is
refused and stays in the outbox with its reason. Logging out clears the phone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from playwright.sync_api import Page, Route, expect

from guanai.care.models import CareRecord, HelperRole, Pairing
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests.e2e.browsing import Tab, zh
from tests.e2e.due_talks import teacher_with_due_talks

pytestmark = pytest.mark.xdist_group("field-offline")
PHOTO = Path(finders.find("guanai/icons/icon-192.png") or "")

# What the phone's database holds, read in the page (IndexedDB, no Dexie needed).
STORED = """async () => {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes("guanai")) return null;
  const db = await new Promise((ok, fail) => {
    const request = indexedDB.open("guanai");
    request.onsuccess = () => ok(request.result);
    request.onerror = () => fail(request.error);
  });
  const count = (store) => new Promise((ok) => {
    if (!db.objectStoreNames.contains(store)) return ok(0);
    const request = db.transaction(store).objectStore(store).count();
    request.onsuccess = () => ok(request.result);
  });
  const result = { persons: await count("persons"), outbox: await count("outbox") };
  db.close();
  return result;
}"""


def _record(
    tab: Tab, person: Person, summary: str, shot: str = "", photo: bytes | None = None
) -> None:
    page = tab.page
    page.locator(f'[data-person="{person.pk}"] a').click()
    page.locator("[data-record]").click()
    expect(page.locator("[data-form-title]")).to_contain_text(person.name)
    page.locator('label[for="mood-4"]').click()
    expect(page.locator("#mood-4")).to_be_checked()
    page.get_by_label("内容摘要").fill(summary)
    if photo is not None:
        page.set_input_files(
            "#field-photos", files=[{"name": "家访.png", "mimeType": "image/png", "buffer": photo}]
        )
        expect(page.locator("[data-form-photos]")).to_have_text("家访.png")
    if shot:
        tab.check()
        tab.shoot(shot)
    page.get_by_role("button", name=zh("Save on the phone")).click()
    expect(page.locator("[data-saved]")).to_contain_text(
        zh("Saved on the phone; it is sent as soon as there is a connection.")
    )
    page.get_by_role("link", name=f"‹ {zh('Back to the list')}").click()


def _installable(page: Page) -> dict[str, Any]:
    """The browser's own verdict on the manifest and on installing the app."""
    session = page.context.new_cdp_session(page)
    manifest = session.send("Page.getAppManifest")
    installability = session.send("Page.getInstallabilityErrors")
    session.detach()
    return {"manifest": manifest, "errors": installability["installabilityErrors"]}


def test_a_teacher_records_talks_offline_and_they_arrive_once(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    teacher, pupils = teacher_with_due_talks(demo)
    # A child of another school, whom she may care for only while paired (the pupils of
    # her own school she may record for as a worker of it, paired or not).
    leaving = (
        Person.objects.filter(archived_at__isnull=True)
        .exclude(org_unit=demo["lengqi_school"])
        .order_by("pk")
        .first()
    )
    assert leaving is not None
    Pairing.objects.create(
        person=leaving,
        helper=teacher,
        role=HelperRole.CLASS_TEACHER,
        started_on=timezone.localdate() - timedelta(days=30),
    )
    before = CareRecord.objects.count()
    tab = new_tab("phone")
    page = tab.page
    tab.login("teacher")

    # Synced with a connection: the four persons are on the phone, the page is kept
    tab.open("care:field")
    expect(page.locator("[data-offline-ready]")).to_be_visible(timeout=20_000)
    expect(page.locator("[data-person]")).to_have_count(4)
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "no worker controls"
    verdict = _installable(page)
    assert verdict["manifest"]["errors"] == [], verdict["manifest"]["errors"]
    # Every test browser context is an incognito one, which Chromium never installs from;
    # nothing else may stand in the way (manifest, icons, worker, start page offline).
    blocking = [e["errorId"] for e in verdict["errors"] if e["errorId"] != "in-incognito"]
    assert blocking == [], blocking
    parsed = json.loads(verdict["manifest"]["data"])
    assert parsed["short_name"] == "关爱" and parsed["display"] == "standalone"
    assert page.evaluate(STORED) == {"persons": 4, "outbox": 0}

    # No connection: the reloaded page is the kept one, drawn from the phone's database
    page.context.set_offline(True)
    with page.expect_navigation():
        page.reload()
    tab.check()
    expect(page.locator("[data-field-offline]")).to_be_visible()
    expect(page.locator("[data-person]")).to_have_count(4)
    tab.shoot("offline-worklist")
    page.locator(f'[data-person="{pupils[2].pk}"] a').click()
    expect(page.locator("[data-view=person] h2")).to_contain_text(pupils[2].name)
    tab.check()
    tab.shoot("offline-person")
    page.get_by_role("link", name=f"‹ {zh('Back to the list')}").click()

    # Three talks and one for the pupil about to leave, recorded with no connection
    for n, person in enumerate([*pupils, leaving]):
        _record(
            tab,
            person,
            f"第{n + 1}次离线谈心：聊了学习和家里的情况。",
            shot="offline-form" if n == 0 else "",
            photo=PHOTO.read_bytes() if n == 0 else None,
        )
    phone_badge = page.locator("a.btn[data-outbox-nav]")
    expect(phone_badge).to_contain_text(f"{zh('Waiting to be sent')} 4")
    assert CareRecord.objects.count() == before
    tab.open("accounts:outbox")
    expect(page.locator("[data-outbox-list] li[data-state=waiting]")).to_have_count(4)
    tab.shoot("offline-outbox")

    # Meanwhile the leaving pupil's pairing is ended
    Pairing.objects.filter(person=leaving, helper=teacher).update(
        ended_on=timezone.localdate() - timedelta(days=1), end_reason="转学"
    )

    # The connection returns; the answer to the second record is lost on the way
    answers = {"n": 0}

    def lose_second_answer(route: Route) -> None:
        answers["n"] += 1
        if answers["n"] == 2:
            route.fetch()  # the server stores it ...
            route.abort("internetdisconnected")  # ... and the phone never hears so
        else:
            route.continue_()

    page.route("**/api/care/field/records", lose_second_answer)
    page.context.set_offline(False)
    page.evaluate("GuanaiOutbox.flush()")
    expect(page.locator("[data-outbox-list] li[data-state=sent]")).to_have_count(1)
    expect(page.locator("[data-outbox-list] li[data-state=waiting]")).to_have_count(3)
    assert CareRecord.objects.count() == before + 2
    page.unroute("**/api/care/field/records")

    # Sent again: the second is known by its key, the third stored, the fourth refused
    page.get_by_role("button", name=zh("Send now")).click()
    expect(page.locator("[data-outbox-list] li[data-state=sent]")).to_have_count(3)
    refused = page.locator("[data-outbox-list] li[data-state=refused]")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text(leaving.name)
    expect(refused.locator("[data-message]")).to_contain_text("结对")
    expect(refused.get_by_role("link", name=zh("Correct and send again"))).to_be_visible()
    expect(refused.get_by_role("button", name=zh("Copy"))).to_be_visible()
    expect(phone_badge).to_be_hidden()
    # The browser logs the answer lost on the way and the refusal: those two, nothing else.
    assert len(tab.console_errors) == 2, tab.console_errors
    assert all("/api/care/field/records" in e for e in tab.console_errors), tab.console_errors
    tab.console_errors.clear()
    tab.check()
    tab.shoot("offline-refused")
    stored = CareRecord.objects.filter(author=teacher, summary__contains="离线谈心")
    assert stored.count() == 3
    assert sorted(r.summary[:4] for r in stored) == ["第1次离", "第2次离", "第3次离"]
    assert sorted(stored.values_list("met__person_id", flat=True)) == sorted(p.pk for p in pupils)
    assert len({r.key for r in stored}) == 3
    # The photo taken offline travelled with its record, checked by content on arrival
    first = stored.get(summary__startswith="第1次")
    assert [(p.content_type, p.size) for p in first.photos.all()] == [
        ("image/png", len(PHOTO.read_bytes()))
    ]

    # Logging out clears the phone
    assert page.evaluate(STORED) == {"persons": 4, "outbox": 4}
    tab.logout()
    assert page.evaluate(STORED) in (None, {"persons": 0, "outbox": 0})


def test_an_idle_phone_locks_and_another_user_finds_nothing(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit]
) -> None:
    _teacher, pupils = teacher_with_due_talks(demo)
    tab = new_tab("desktop")
    page = tab.page
    tab.login("teacher")
    tab.open("care:field")
    expect(page.locator("[data-offline-ready]")).to_be_visible(timeout=20_000)
    expect(page.locator("[data-person]")).to_have_count(3)
    tab.shoot("offline-field")

    # The connection coming back while a form is being filled in syncs without wiping it
    page.locator(f'[data-person="{pupils[1].pk}"] a').click()
    page.locator("[data-record]").click()
    page.get_by_label("内容摘要").fill("写到一半")
    page.context.set_offline(True)
    with page.expect_response("**/api/care/field/sync"):
        page.context.set_offline(False)
    page.wait_for_timeout(300)  # the answer is applied to the phone's database
    expect(page.get_by_label("内容摘要")).to_have_value("写到一半")
    page.get_by_role("button", name=zh("Cancel")).click()
    expect(page.locator("[data-view=person] h2")).to_contain_text(pupils[1].name)
    page.get_by_role("link", name=f"‹ {zh('Back to the list')}").click()

    # A talk recorded with no connection, then the phone lies idle past the idle time
    page.context.set_offline(True)
    _record(tab, pupils[0], "离线记录：闲置前写的。")
    page.evaluate("localStorage.setItem('guanai-active', String(Date.now() - 2 * 3600 * 1000))")
    with page.expect_navigation():
        page.reload()
    tab.check()
    locked = page.locator("[data-field-locked]")
    expect(locked).to_be_visible()
    expect(locked).to_contain_text("30")
    expect(page.locator("[data-person]")).to_have_count(0)
    expect(page.locator("[data-field] [data-outbox-badge]")).to_have_text("1")
    assert all(p.name not in page.content() for p in pupils)
    tab.shoot("offline-locked")
    assert page.evaluate(STORED) == {"persons": 3, "outbox": 1}, "the outbox is kept"

    # Past the days without a sync (7), the persons are gone from the phone; the outbox is not
    page.evaluate(
        """GuanaiOutbox.meta("synced", new Date(Date.now() - 8 * 24 * 3600 * 1000).toISOString())
        .then(() => localStorage.setItem("guanai-active", String(Date.now())))"""
    )
    with page.expect_navigation():
        page.reload()
    tab.check()
    expect(page.locator("[data-field-list]")).to_contain_text(
        zh("No persons kept on this phone. Sync while there is a connection.")
    )
    assert page.evaluate(STORED) == {"persons": 0, "outbox": 1}

    # Another user logs in on this phone: nothing of the teacher's is left
    page.goto("about:blank")
    tab.checked = len(tab.landings)  # a blank page, nothing to check
    page.context.clear_cookies()
    page.context.set_offline(False)
    tab.login("helper")
    page.wait_for_function("GuanaiOutbox.ready.then(() => true)")
    assert page.evaluate(STORED) == {"persons": 0, "outbox": 0}

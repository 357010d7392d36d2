"""Cross-checks in the browser (issue 20): a township worker uploads the public-security deaths
list, sees a person still on this month's roll, archives the file through the normal flow
and makes the roll again; the findings close and the county leader approves the roll. Each
page is checked (axe) and saved as a screenshot at desktop and phone sizes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guanai.accounts.models import User
from guanai.benefits.models import PaymentRoll, RollStatus
from guanai.benefits.rolls import roll_generate
from guanai.core.idnumber import make_id
from guanai.crosscheck.models import Finding, FindingKind, FindingStatus
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry.models import Category, PersonCategory
from guanai.registry.services import category_update_details
from tests.e2e.browsing import Tab, screenshot_dir, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _roll_with_orphans(demo: dict[str, OrgUnit]) -> PaymentRoll:
    """This month's draft roll of 冷碛镇, paying a few of its orphans in scattered support."""
    worker = User.objects.get(username="township_worker")
    spans = PersonCategory.objects.filter(
        subtree_q([demo["lengqi"]], field="person__org_unit__path"),
        category=Category.ORPHAN,
        ended_on__isnull=True,
        person__archived_at__isnull=True,
    ).order_by("pk")[:3]
    for span in spans:
        category_update_details(
            acting_user=worker, entry=span, details={"support": "scattered"}, note=""
        )
    month = timezone.localdate().replace(day=1)
    return roll_generate(acting_user=worker, org_unit=demo["lengqi"], month=month)


def _deaths_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows([["序号", "姓名", "公民身份号码", "死亡日期"], *rows])
    path.write_bytes(out.getvalue().encode("gb18030"))  # as Excel in China saves it
    return path


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_worker_finds_a_dead_person_on_the_roll_and_the_leader_approves_after_the_fix(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str, tmp_path: Path
) -> None:
    roll = _roll_with_orphans(demo)
    dead = roll.lines.select_related("person").first().person  # type: ignore[union-attr]
    month_start = timezone.localdate().replace(day=1)
    listed = _deaths_csv(
        tmp_path / "泸定县公安局死亡人员名单.csv",
        [
            ["1", dead.name, dead.id_number, month_start.isoformat()],
            ["2", "外县人", make_id("510104", month_start.replace(year=1950), 9), "2026-01-02"],
            ["3", "错号人", "513322195001011234", "2026-01-02"],
        ],
    )

    # The worker opens 数据比对 from the menu and uploads the list.
    worker = new_tab(viewport)
    page = worker.page
    worker.login("township_worker")
    worker.open_menu_if_collapsed()
    with page.expect_navigation():
        page.locator("#main-nav").get_by_role("link", name=zh("Cross-checks"), exact=True).click()
    worker.check()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Upload a list"), exact=True).click()
    worker.check()
    form = page.get_by_test_id("upload-form")
    form.get_by_label(zh("Kind of list"), exact=True).select_option("deaths")
    form.get_by_label(zh("Issuing agency"), exact=True).fill("泸定县公安局")
    form.get_by_label(zh("Purpose of the comparison"), exact=True).fill("12月死亡人员比对")
    form.get_by_label(zh("File"), exact=True).set_input_files(listed)
    worker.shoot("crosscheck-upload")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Upload and compare")).click()
    worker.check()
    main = page.locator("main")
    expect(main).to_contain_text(dead.name)
    expect(main).to_contain_text(zh("Deceased, still on a payment roll"))
    expect(main).not_to_contain_text(dead.id_number)
    worker.shoot("crosscheck-list")

    # The findings: the dead person still on this month's roll, urgent.
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Findings"), exact=True).click()
    worker.check()
    on_roll = Finding.objects.get(kind=FindingKind.DEATH_ON_ROLL, person=dead)
    row = page.locator(f'[data-testid="findings"] tr[data-finding="{on_roll.pk}"]')
    expect(row).to_contain_text(zh("urgent"))
    worker.shoot("crosscheck-findings")

    # The roll cannot be approved as it is: the roll page names the finding.
    worker.open("benefits:roll_detail", roll.pk)
    expect(page.get_by_test_id("roll-holds")).to_contain_text(dead.name)
    # The top of the page only: the roll's 71 lines below are no part of the story.
    page.screenshot(path=screenshot_dir() / f"crosscheck-roll-held-{viewport}.png")

    # The finding leads to the file, archived through its own form (reason: deceased).
    active = Finding.objects.get(kind=FindingKind.DEATH_ACTIVE_FILE, person=dead)
    worker.open("crosscheck:finding_detail", active.pk)
    worker.shoot("crosscheck-finding")
    with page.expect_navigation():
        page.get_by_test_id("fix-links").get_by_role("link").first.click()
    worker.check()
    archive = page.locator('form[action$="/archive/"]')
    archive.get_by_label(zh("Reason"), exact=True).select_option("deceased")
    archive.get_by_label(zh("Note"), exact=True).fill("公安死亡名单，已核实")
    with page.expect_navigation():
        archive.get_by_role("button", name=zh("Archive")).click()
    worker.check()
    active.refresh_from_db()
    assert active.status == FindingStatus.FIXED

    # Made again, the roll leaves the dead person out; the hold is gone and it is submitted.
    worker.open("benefits:roll_detail", roll.pk)
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Make again")).click()
    worker.check()
    on_roll.refresh_from_db()
    assert on_roll.status == FindingStatus.FIXED
    expect(page.get_by_test_id("roll-holds")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    worker.check()
    worker.open("crosscheck:finding_detail", on_roll.pk)
    expect(page.get_by_test_id("resolution")).to_contain_text(
        zh("No longer on a roll awaiting approval.")
    )
    worker.shoot("crosscheck-finding-fixed")

    # The county leader approves the roll.
    leader = new_tab(viewport)
    leader.login("county_leader")
    leader.open("benefits:roll_detail", roll.pk)
    with leader.page.expect_navigation():
        leader.page.get_by_test_id("approve").click()
    leader.check()
    roll.refresh_from_db()
    assert roll.status == RollStatus.APPROVED
    assert not roll.lines.filter(person=dead).exists()

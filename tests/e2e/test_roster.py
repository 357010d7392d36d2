"""A clerk imports a roster with errors, downloads the rejected rows, and finds the persons."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from guanai.orgs.models import OrgUnit
from tests.data import make_roster
from tests.e2e.browsing import Tab

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

MESSY = Path(make_roster.__file__).with_name("roster_messy.xlsx")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_clerk_imports_a_messy_roster(
    new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str
) -> None:
    tab = new_tab(viewport)
    page = tab.page
    tab.login("township_worker")
    tab.open("registry:roster_import")
    page.locator("#id_org_unit").select_option(str(demo["lengqi"].pk))
    page.locator("#id_file").set_input_files(str(MESSY))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    tab.check()
    expect(page.get_by_test_id("preview-counts")).to_contain_text("7")
    tab.shoot("roster-import-preview")
    with page.expect_navigation():
        page.locator("form[action$='/commit/'] button").click()
    tab.check()
    expect(page.get_by_test_id("import-counts")).to_contain_text("9")
    tab.shoot("roster-import-done")
    # Download the rejected rows: the reasons stand beside each row.
    with page.expect_download() as download:
        page.locator("a[href$='/errors/']").click()
    path = download.value.path()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(Path(path).read_bytes()))
    sheet = rows.get_sheet_by_index(0).to_python()
    assert sheet[0][-1] == "错误原因"
    # The imported persons are on the roster; open one.
    tab.open("registry:person_list")
    page.get_by_label("姓名、拼音、首字母或身份证号").fill("zs")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    tab.check()
    with page.expect_navigation():
        page.get_by_role("link", name="张三", exact=True).click()
    tab.check()
    assert tab.heading().startswith("张三")
    expect(page.get_by_test_id("id-number")).to_contain_text("*")

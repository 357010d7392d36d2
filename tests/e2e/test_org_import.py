"""The org import in a browser: the check's preview, then the import (issue 12, point 8)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import Tab


def test_admin_checks_a_file_then_imports_it(
    tab: Tab, demo: dict[str, OrgUnit], tmp_path: Path
) -> None:
    page = tab.page
    tab.login("admin")
    tab.open("accounts:org_import")
    sheet = tmp_path / "村.csv"
    sheet.write_bytes(
        (
            "代码,名称,类型,上级代码\n"
            "513322101290,新华村,村,513322101000\n"
            f"513322101291,{'长' * 120},村,513322101000\n"
        ).encode("gb18030")
    )
    page.locator("#id_file").set_input_files(str(sheet))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    tab.check()
    expect(page.get_by_test_id("import-summary")).to_contain_text("待新建1个")
    expect(page.get_by_test_id("import-units")).to_contain_text("新华村")
    expect(page.get_by_test_id("import-errors")).to_contain_text("最多只能 100 个字")
    assert not OrgUnit.objects.filter(name="新华村").exists()
    with page.expect_navigation():
        page.get_by_role("button", name="导入").click()
    tab.check()
    expect(page.get_by_test_id("import-summary")).to_contain_text("新建1个")
    assert OrgUnit.objects.filter(name="新华村", parent=demo["lengqi"]).exists()

"""Screenshots of the main pages at desktop (1280×800) and phone (375×812) sizes.

Saved to $GUANAI_SCREENSHOT_DIR (default var/screenshots; `make screenshots` writes
docs/screenshots) as <page>-<desktop|phone>.png. Every page is checked like any other.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from collections.abc import Callable

import pytest

from guanai.accounts.models import Role, User
from guanai.ops.demo import USERS
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person
from tests.e2e.browsing import Tab

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# One demo account per role, for its home page.
ROLE_ACCOUNTS: dict[Role, str] = {}
for _user in USERS:
    ROLE_ACCOUNTS.setdefault(_user.role, _user.username)


def cjk_font_missing() -> bool:
    """Without a Chinese font (e.g. fonts-noto-cjk) Chromium draws the UI as empty boxes."""
    if shutil.which("fc-list") is None:
        return False  # cannot tell
    found = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    return not found.strip()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshots(new_tab: Callable[..., Tab], demo: dict[str, OrgUnit], viewport: str) -> None:
    if cjk_font_missing():
        warnings.warn(
            "No Chinese font installed: the screenshots show boxes for Chinese text "
            "(apt-get install fonts-noto-cjk).",
            stacklevel=1,
        )
    anonymous = new_tab(viewport)
    anonymous.open("accounts:login")
    anonymous.shoot("login")
    # A locked account, for the security page and the page a locked-out user sees.
    anonymous.lock_out("teacher")
    anonymous.shoot("locked-out")

    tabs: dict[str, Tab] = {}
    for role in Role:
        username = ROLE_ACCOUNTS[role]
        tab = tabs[username] = new_tab(viewport)
        tab.login(username)
        tab.shoot(f"home-{role.value}")

    admin = tabs[ROLE_ACCOUNTS[Role.SYSADMIN]]
    admin.open("accounts:org_list")
    admin.shoot("org-list")
    admin.open("accounts:org_detail", demo["luding"].pk)
    admin.shoot("org-detail")
    admin.open("accounts:user_list")
    admin.shoot("user-list")
    admin.open("accounts:user_detail", User.objects.get(username="township_worker").pk)
    admin.shoot("user-detail")

    worker = tabs[ROLE_ACCOUNTS[Role.WORKER]]
    worker.open("accounts:org_detail", demo["lengqi"].pk)
    worker.shoot("org-detail-worker")
    worker.open("registry:person_list")
    worker.shoot("roster")
    pupil = Person.objects.filter(org_unit__path__startswith=demo["lengqi"].path).first()
    assert pupil is not None
    worker.open("registry:person_detail", pupil.pk)
    worker.shoot("person-file")
    worker.open("registry:person_create")
    worker.shoot("person-register")
    worker.open("accounts:tokens")
    worker.page.locator("main input[name=name]").fill("月报导出脚本")
    with worker.page.expect_navigation():
        worker.page.locator("main form button[type=submit]").click()
    worker.check()
    worker.shoot("tokens")

    # The menu opened: folded into the toggler on a phone, a dropdown on a desktop.
    worker.open_menu_if_collapsed()
    worker.page.locator("#user-menu").click()
    worker.page.locator(".dropdown-menu.show").wait_for()
    worker.shoot("menu")

    tabs[ROLE_ACCOUNTS[Role.SECADMIN]].open("accounts:security")
    tabs[ROLE_ACCOUNTS[Role.SECADMIN]].shoot("security")
    tabs[ROLE_ACCOUNTS[Role.AUDITOR]].open("accounts:audit_log")
    tabs[ROLE_ACCOUNTS[Role.AUDITOR]].shoot("audit-log")
    tabs[ROLE_ACCOUNTS[Role.HELPER]].open("accounts:user_list", status=403)
    tabs[ROLE_ACCOUNTS[Role.HELPER]].shoot("forbidden")

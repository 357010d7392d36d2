"""Browser tests: Playwright (sync API) driving the system's Chromium against live_server.

Playwright's sync API runs an event loop in the test thread, so Django's guard against
database access from async code has to be turned off for these tests.
"""

from __future__ import annotations

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from guanai.orgs.models import OrgUnit
from tests.e2e.browsing import DESKTOP, PHONE, Tab
from tests.e2e.snapshot import Snapshot

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
CALL_FAILED = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    # Registered here too so that `-p no:xdist` (make screenshots) passes --strict-markers.
    config.addinivalue_line("markers", "xdist_group(name): run in one xdist worker")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def demo_snapshot(django_db_setup: None, django_db_blocker: Any) -> Iterator[Snapshot]:
    snapshot = Snapshot()
    yield snapshot
    with django_db_blocker.unblock():
        snapshot.drop()


@pytest.fixture
def demo(transactional_db: None, demo_snapshot: Snapshot) -> dict[str, OrgUnit]:
    """The demo tree, its 11 accounts (password Guanai@2026) and its roster.

    Without the care demo: the care tests set up the pairings and records they check
    (tests/ops/demo/test_demo_care.py checks the care demo itself). Built once per worker
    and copied back before each test (``snapshot.py``).
    """
    return demo_snapshot.demo()


@pytest.fixture
def new_tab(
    request: pytest.FixtureRequest, browser: Browser, live_server: object, demo: object
) -> Iterator[Callable[..., Tab]]:
    """Open a fresh browser (own cookies) at a viewport, as a user in China would have it."""
    contexts: list[BrowserContext] = []
    tabs: list[Tab] = []

    def open_tab(viewport: str = "desktop") -> Tab:
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
            device_scale_factor=2 if viewport == "phone" else 1,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = Tab(page=context.new_page(), base_url=str(live_server), viewport=viewport)
        tabs.append(tab)
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    if not request.node.stash.get(CALL_FAILED, True):
        unchecked = [url for tab in tabs for url in tab.unchecked]
        assert not unchecked, f"pages landed on but never checked: {unchecked}"


@pytest.fixture
def tab(new_tab: Callable[..., Tab]) -> Tab:
    """A desktop browser tab (1280×800)."""
    return new_tab("desktop")


@pytest.fixture
def phone_tab(new_tab: Callable[..., Tab]) -> Tab:
    """A phone browser tab (375×812)."""
    return new_tab("phone")

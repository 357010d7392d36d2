"""A browser tab that checks every page it lands on.

``Tab`` wraps a Playwright page. Each page the tab lands on (by ``open``, ``login`` or a
form it submits) must be passed to ``check``: no HTTP error, no script or CSP error in the
console, no horizontal scrolling on a phone, and no serious or critical axe violation. The
``tab`` fixture fails a test that landed on a page it never checked.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import ConsoleMessage, Page, Response

from guanai.ops.demo import DEMO_PASSWORD

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()


def zh(message: str, **params: object) -> str:
    """Return ``message`` as the server renders it in Chinese (whatever the catalogue has)."""
    with translation.override("zh-hans"):
        text = translation.gettext(message)
    return text % params if params else text


def en(message: str, **params: object) -> str:
    with translation.override("en"):
        text = translation.gettext(message)
    return text % params if params else text


def squash(text: str) -> str:
    """Collapse runs of whitespace, as template indentation puts them inside text."""
    return " ".join(text.split())


def screenshot_dir() -> Path:
    configured = os.environ.get("GUANAI_SCREENSHOT_DIR") or "var/screenshots"
    path = Path(configured)
    if not path.is_absolute():
        path = Path(settings.BASE_DIR) / path
    path.mkdir(parents=True, exist_ok=True)
    return path


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe found {len(violations)} serious or critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            summary = squash(node.get("failureSummary") or "")
            lines.append(f"    at {target}\n      {node['html'][:160]}\n      {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@dataclass
class Tab:
    page: Page
    base_url: str
    viewport: str
    console_errors: list[str] = field(default_factory=list)
    landings: list[str] = field(default_factory=list)
    checked: int = 0
    error_page: str = ""

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        self.page.on("framenavigated", self._on_navigated)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if url == self.error_page and message.text.startswith("Failed to load resource"):
            return  # Chromium reports the 403/404 page a test asked for as an error.
        self.console_errors.append(f"{message.text} ({url})")

    def _on_navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame:
            self.landings.append(frame.url)

    @property
    def unchecked(self) -> list[str]:
        return self.landings[self.checked :]

    def url(self, name: str, *args: object) -> str:
        return self.base_url + reverse(name, args=args)

    def open(self, name_or_path: str, *args: object, status: int = 200) -> Response:
        """Go to a URL name (or a path starting with /) and check the page."""
        path = name_or_path if name_or_path.startswith("/") else reverse(name_or_path, args=args)
        self.error_page = self.base_url + path if status >= 400 else ""
        response = self.page.goto(self.base_url + path)
        assert response is not None, path
        assert response.status == status, f"{path}: HTTP {response.status}, {status} expected"
        self.check()
        return response

    def check(self) -> None:
        """Check the page the tab is on; every landing must pass through here."""
        page = self.page
        page.wait_for_load_state("load")
        url = page.url
        assert not self.console_errors, f"console errors on {url}: {self.console_errors}"
        # Chinese text needs the lang attribute; an unset one is also an axe violation.
        assert page.locator("html").get_attribute("lang") in {"zh-hans", "en"}, url
        if self.viewport == "phone":
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 375px width"
        results = _axe.run(page)
        blocking = [
            v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS
        ]
        assert not blocking, format_violations(url, blocking)
        self.checked = len(self.landings)

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Log in through the login form and land (checked) on the home page, the "today"
        page of every role."""
        self.open("accounts:login")
        self.fill_login(username, password)
        self.page.wait_for_url(self.url("home"))
        self.check()

    def lock_out(self, username: str, failures: int = 5) -> None:
        """Try wrong passwords until django-axes locks the account (5 failures)."""
        login = self.url("accounts:login")
        for _ in range(failures):
            if self.page.url != login:
                self.open("accounts:login")
            self.error_page = login  # the locked-out page answers 429
            self.fill_login(username, "not-the-password")
            self.check()
        self.error_page = ""

    def fill_login(self, username: str, password: str) -> None:
        self.page.get_by_label(re.compile(f"^{re.escape(zh('Username'))}$")).fill(username)
        self.page.get_by_label(re.compile(f"^{re.escape(zh('Password'))}$")).fill(password)
        with self.page.expect_navigation():
            self.page.locator("main form button[type=submit]").click()

    def logout(self) -> None:
        self.open_menu_if_collapsed()
        self.page.locator("#user-menu").click()
        with self.page.expect_navigation():
            self.page.get_by_test_id("logout").click()
        self.page.wait_for_url(self.url("accounts:login"))
        self.check()

    def open_menu_if_collapsed(self) -> None:
        toggler = self.page.locator(".navbar-toggler")
        if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
            toggler.click()
            self.page.locator("#main-nav.show").wait_for()

    def nav_paths(self) -> list[str]:
        """Return the paths the main navigation links to, in order."""
        links = self.page.locator("#main-nav ul.me-auto a.nav-link")
        return [str(links.nth(i).get_attribute("href")) for i in range(links.count())]

    def heading(self) -> str:
        h1 = self.page.locator("main h1")
        assert h1.count() == 1, f"{self.page.url}: {h1.count()} h1 elements"
        assert h1.is_visible()
        return squash(h1.inner_text())

    def shoot(self, name: str) -> Path:
        path = screenshot_dir() / f"{name}-{self.viewport}.png"
        self.page.screenshot(path=path, full_page=True, animations="disabled")
        return path

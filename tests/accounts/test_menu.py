"""The menu offers a user exactly the pages they may open (issue 14, point 7): every link
of the navigation and of the user menu opens for every demo account, and every page the
menu may offer that is missing from an account's menu is refused to that account."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from guanai.accounts.models import ApiToken, User
from guanai.ops.demo import USERS, DemoUser, demo_build
from tests.conftest import logged_in

# Every page the navigation or the user menu may link to.
MENU_PAGES = [
    "home",
    "registry:person_list",
    "care:worklist",
    "surveys:round_list",
    "inkind:application_list",
    "crosscheck:index",
    "benefits:index",
    "reports:index",
    "governance:index",
    "accounts:org_list",
    "accounts:user_list",
    "holidays:list",
    "notify:jobs",
    "accounts:role_approvals",
    "accounts:security",
    "notify:deliveries",
    "accounts:audit_log",
    "accounts:audit_accounts",
    "accounts:password_change",
    "accounts:tokens",
    "notify:preferences",
]
NAV = re.compile(r'<nav class="navbar.*?</nav>', re.DOTALL)
HREF = re.compile(r'href="(/[^"#?]*)"')
# The API token page is for administrators and the staff of administrative units (a
# township or above, and its offices); a school's principal and teachers, helpers and
# volunteers work in the pages only.
API_TOKEN_HOLDERS = {
    "admin",
    "security",
    "auditor",
    "county_leader",
    "township_worker",
    "xinglong_worker",
    "prefecture_viewer",
}


def _menu(client: Client) -> set[str]:
    page = client.get(reverse("home"), follow=True).content.decode()
    found = NAV.search(page)
    assert found is not None
    return set(HREF.findall(found.group(0)))


@pytest.mark.parametrize("demo", USERS, ids=[u.username for u in USERS])
def test_the_menu_offers_exactly_the_pages_the_account_may_open(db: None, demo: DemoUser) -> None:
    demo_build(roster=False)
    client = Client()
    client.force_login(User.objects.get(username=demo.username))

    menu = _menu(client)

    for url in sorted(menu):
        assert client.get(url, follow=True).status_code == 200, url  # helpers' home: 302
    for url in {reverse(name) for name in MENU_PAGES} - menu:
        assert client.get(url).status_code == 403, url
    assert (reverse("accounts:tokens") in menu) is (demo.username in API_TOKEN_HOLDERS)


def test_the_api_refuses_a_token_to_whom_the_token_page_is_refused(
    school_helper: User, township_worker: User
) -> None:
    helper = logged_in(school_helper)
    worker = logged_in(township_worker)
    body = {"name": "脚本"}

    refused = helper.post("/api/tokens", body, content_type="application/json")
    made = worker.post("/api/tokens", body, content_type="application/json")

    assert helper.get(reverse("accounts:tokens")).status_code == 403
    assert refused.status_code == 403
    with translation.override("zh-hans"):
        message = translation.gettext(
            "API tokens are for administrators and the staff of a township or higher unit."
        )
    assert refused.json()["detail"] == message
    assert made.status_code == 201
    assert list(ApiToken.objects.values_list("user__username", flat=True)) == [
        township_worker.username
    ]

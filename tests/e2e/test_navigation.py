"""Every demo account sees the navigation of its role, and every page in it opens."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, Role, User
from guanai.ops.demo import USERS, DemoUser
from guanai.orgs.models import OrgKind, OrgUnit
from tests.e2e.browsing import Tab, zh

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# What each role adds to the navigation every account has (home, org units, and the
# roster for the roles that keep it), with the page's heading.
EXTRA_PAGES: dict[Role, list[tuple[str, str]]] = {
    Role.SYSADMIN: [
        ("accounts:user_list", "Accounts"),
        ("holidays:list", "Holiday arrangement"),
        ("notify:jobs", "Scheduled jobs"),
    ],
    Role.LEADER: [("accounts:role_approvals", "Role approvals")],
    Role.SECADMIN: [
        ("accounts:role_approvals", "Role approvals"),
        ("accounts:security", "Security"),
        ("notify:deliveries", "Delivery log"),
    ],
    Role.AUDITOR: [
        ("accounts:audit_log", "Audit log"),
        ("accounts:audit_accounts", "Account administration"),
    ],
}
ADMIN_PAGES = ["accounts:user_list", "accounts:security", "accounts:audit_log"]
CARE_ROLES = {Role.LEADER, Role.WORKER, Role.HELPER, Role.VOLUNTEER}


@pytest.mark.parametrize("demo_user", USERS, ids=[u.username for u in USERS])
def test_account_sees_the_navigation_of_its_role(tab: Tab, demo_user: DemoUser) -> None:
    page = tab.page
    tab.login(demo_user.username)
    # Every role, helpers too, lands on the "today" page.
    assert tab.heading() == zh("Today's tasks")
    expect(page.locator("#user-menu")).to_have_text(demo_user.full_name)

    pages: list[tuple[str, str | None]] = [("home", "Today's tasks")]
    if demo_user.role in scoping.PERSON_READERS:
        pages.append(("registry:person_list", "Roster"))
    if demo_user.role in CARE_ROLES:
        pages.append(("care:worklist", "This week's care work"))
    if demo_user.role in DATA_ROLES:
        pages.append(("activities:plans", "Activity plans"))
    if demo_user.role in scoping.ROSTER_ROLES | {Role.HELPER}:
        pages.append(("surveys:round_list", "Surveys"))
        pages.append(("inkind:application_list", "Assistance requests"))
    if demo_user.role in scoping.ROSTER_ROLES:
        pages.append(("crosscheck:index", "Cross-check findings"))
    if demo_user.role in scoping.ROSTER_ROLES | {Role.VOLUNTEER}:
        pages.append(("community:volunteers", "Volunteers"))
    # The institutions' accounts, the townships (elder homes, service users of their
    # rosters) and the county (or above) that oversees them.
    account = User.objects.get(username=demo_user.username)
    if any(
        unit.kind in (OrgKind.INSTITUTION, OrgKind.TOWNSHIP) or unit.kind in scoping.COUNTY_OR_ABOVE
        for unit in scoping.units_for(account, scoping.ROSTER_ROLES)
    ):
        pages.append(("institutions:list", "Care institutions"))
    if demo_user.role in scoping.ROSTER_ROLES:
        pages.append(("benefits:index", "Payment rolls"))
        pages.append(("reports:index", "Monthly reports"))
    if demo_user.role in scoping.ROSTER_ROLES | {Role.HELPER}:
        pages.append(("governance:index", "Work organisation"))
    pages.append(("accounts:org_list", "Org units"))
    pages += EXTRA_PAGES.get(demo_user.role, [])
    pages.append(("accounts:help", None))  # every account: the guide, under its own title
    assert tab.nav_paths() == [reverse(name) for name, _title in pages]

    # The admin links are named as the brief of each role says.
    labels = {"accounts:user_list": "Users", "accounts:security": "Security"}
    labels["accounts:audit_log"] = "Audit log"
    nav = page.get_by_role("navigation", name=zh("Main navigation"))
    for name, label in labels.items():
        link = nav.get_by_role("link", name=zh(label), exact=True)
        expect(link).to_have_count(1 if any(n == name for n, _t in pages) else 0)

    for name, title in pages:
        # Follow the link as a user would, not by typing the address.
        with page.expect_navigation():
            nav.locator(f'#main-nav a[href="{reverse(name)}"]').click()
        tab.check()
        assert page.url == tab.url(name)
        current = nav.locator("a[aria-current=page]")
        expect(current).to_have_attribute("href", reverse(name))
        heading = tab.heading()
        if title is not None:
            assert heading == zh(title)

    # Pages of the other roles are refused with a page that leads back, not a bare error.
    for name in ADMIN_PAGES:
        if all(n != name for n, _t in pages):
            tab.open(name, status=403)
            assert tab.heading() == zh("Not allowed")
            expect(nav).to_be_attached()

    # The user menu (change password, tokens) works for every role; API tokens only for
    # administrators and the staff of administrative units (not a school's, nor helpers).
    page.locator("#user-menu").click()
    menu = page.locator("ul.dropdown-menu.show")
    expect(menu).to_contain_text(zh(demo_user.role.label))
    tokens = menu.get_by_role("link", name=zh("API tokens"))
    if scoping.may_hold_api_tokens(User.objects.get(username=demo_user.username)):
        with page.expect_navigation():
            tokens.click()
        tab.check()
        assert tab.heading() == zh("API tokens")
    else:
        expect(tokens).to_have_count(0)
        tab.open("accounts:tokens", status=403)
    tab.open("accounts:password_change")
    assert tab.heading() == zh("Change password")


def test_unit_outside_the_users_area_is_not_found(tab: Tab, demo: dict[str, OrgUnit]) -> None:
    page = tab.page
    tab.login("township_worker")
    tab.open("accounts:org_detail", demo["lengqi"].pk)
    assert tab.heading().startswith("冷碛镇")
    # 兴隆镇 is the neighbouring township: it does not exist as far as 冷碛镇 is concerned.
    tab.open("accounts:org_detail", demo["xinglong"].pk, status=404)
    assert tab.heading() == zh("Page not found")
    assert "兴隆镇" not in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Back to the home page")).click()
    tab.check()
    assert page.url == tab.url("home")


def test_org_pages_and_admin_detail_pages_open(tab: Tab, demo: dict[str, OrgUnit]) -> None:
    """The org tree drills down by its links; the user detail opens from the user list."""
    page = tab.page
    tab.login("admin")
    tab.open("accounts:org_list")
    rows = page.locator("main table tbody tr")
    # The sysadmin of 泸定县 sees the county and the 19 units below it (the demo's UNITS
    # below 泸定县: townships, villages, schools, the kindergarten, three institutions …).
    assert OrgUnit.objects.filter(path__startswith=demo["luding"].path).count() == 20
    expect(rows).to_have_count(20)
    with page.expect_navigation():
        page.get_by_role("link", name="冷碛镇", exact=True).click()
    tab.check()
    assert page.url == tab.url("accounts:org_detail", demo["lengqi"].pk)
    assert tab.heading().startswith("冷碛镇")
    breadcrumb = page.get_by_role("navigation", name=zh("Breadcrumb"))
    # The whole path shows; only the units in the admin's scope are links.
    expect(breadcrumb.locator("li")).to_have_text(["四川省", "甘孜藏族自治州", "泸定县", "冷碛镇"])
    expect(breadcrumb.get_by_role("link")).to_have_text(["泸定县"])
    expect(page.get_by_role("link", name="冷碛镇中心小学")).to_be_visible()
    expect(page.get_by_role("link", name="李秀英")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="李秀英").click()
    tab.check()
    assert tab.heading().startswith("李秀英")

    tab.open("accounts:user_list")
    # Accounts of 泸定县 and below, not the prefecture's viewer above it.
    admin = User.objects.get(username="admin")
    managed = sorted(scoping.users_managed(admin).values_list("username", flat=True))
    assert "prefecture_viewer" not in managed
    expect(page.locator("main table tbody tr td:first-child a")).to_have_text(managed)
    with page.expect_navigation():
        page.get_by_role("link", name="teacher", exact=True).click()
    tab.check()
    assert "张丽" in tab.heading()

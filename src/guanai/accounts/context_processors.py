"""The navigation of the page shell, by role: a user sees only the pages they may use.

Each link asks the rule its page's view enforces (the same ``scoping`` role set or
function), so the menu cannot offer a page that answers 403 (tests/accounts/test_menu.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, Role
from guanai.orgs.models import OrgKind


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {}
    held = scoping.roles(user)
    entries: list[tuple[str | Promise, str]] = [(_("Home"), reverse("home"))]
    if held & scoping.PERSON_READERS:
        entries.append((_("Roster"), reverse("registry:person_list")))
    if held & scoping.CARE_ROLES:
        entries.append((_("Care"), reverse("care:worklist")))
    if held & DATA_ROLES:
        # activities.plans.access: every data role reads its units' activities.
        entries.append((_("Activities"), reverse("activities:plans")))
    if held & (scoping.ROSTER_ROLES | {Role.HELPER}):
        # surveys.rounds.access.can_open_rounds: the roster roles see the rounds of their
        # units, a helper the cases given to them.
        entries.append((pgettext_lazy("menu", "Surveys"), reverse("surveys:round_list")))
    if held & (scoping.ROSTER_ROLES | {Role.HELPER}):
        # inkind.access.can_open: the roster roles see their units' requests for a service,
        # a helper the ones they made for the persons paired with them.
        entries.append((pgettext_lazy("menu", "Assistance"), reverse("inkind:application_list")))
    if held & scoping.ROSTER_ROLES:
        # crosscheck.access.can_open: the roster roles compare lists and work the findings.
        entries.append((pgettext_lazy("menu", "Cross-checks"), reverse("crosscheck:index")))
    if held & (scoping.ROSTER_ROLES | {Role.VOLUNTEER}):
        # community.volunteers.access.can_open_volunteers: the roster roles and volunteers.
        entries.append((_("Volunteers and donations"), reverse("community:volunteers")))
    if any(
        unit.kind in (OrgKind.INSTITUTION, OrgKind.TOWNSHIP) or unit.kind in scoping.COUNTY_OR_ABOVE
        for unit in scoping.units_for(user, scoping.ROSTER_ROLES)
    ):
        # institutions.register.can_open_institutions opens the pages to every roster role;
        # the menu offers them where institutions are kept: an institution's own accounts,
        # the township that runs its elder home and registers the service users of its
        # roster, and the county (or above) that oversees them.
        entries.append((_("Care institutions"), reverse("institutions:list")))
    if held & scoping.ROSTER_ROLES:
        entries.append((_("Benefits"), reverse("benefits:index")))
        entries.append((_("Reports"), reverse("reports:index")))
    if held & (scoping.ROSTER_ROLES | {Role.HELPER}):
        # governance.access.can_open: the roster roles and helpers (a teacher reads the
        # school's leading group, the plan and the duties given to them).
        entries.append((pgettext_lazy("menu", "Work organisation"), reverse("governance:index")))
    entries.append((_("Org units"), reverse("accounts:org_list")))
    if Role.SYSADMIN in held:
        entries.append((_("Users"), reverse("accounts:user_list")))
        # reports.holidays.may_read_holidays: every system administrator reads it.
        entries.append((_("Holidays"), reverse("holidays:list")))
        # notify.scheduler: the system administrator runs the scheduled jobs.
        entries.append((_("Scheduled jobs"), reverse("notify:jobs")))
    if held & scoping.APPROVERS:
        entries.append((_("Role approvals"), reverse("accounts:role_approvals")))
    if Role.SECADMIN in held:
        entries.append((_("Security"), reverse("accounts:security")))
        # notify.delivery: the security administrator reads the messages sent.
        entries.append((_("Delivery log"), reverse("notify:deliveries")))
    if Role.AUDITOR in held:
        entries.append((_("Audit log"), reverse("accounts:audit_log")))
        entries.append((_("Account administration"), reverse("accounts:audit_accounts")))
    entries.append((_("Help"), reverse("accounts:help")))
    path = request.path
    # The longest link the page lies under is the current one (/audit/accounts/ is not
    # also the audit log's /audit/).
    under = [
        url for _label, url in entries if (path == url if url == "/" else path.startswith(url))
    ]
    current = max(under, key=len, default=None)
    items = [NavItem(label, url, url == current) for label, url in entries]
    return {
        "nav_items": items,
        "nav_roles": sorted({str(Role(r).label) for r in held}),
        "nav_api_tokens": scoping.may_hold_api_tokens(user),
        # today.feed.may_have_feed: the admin roles see no persons, so they have no feed.
        "nav_calendar_feed": scoping.can_see_beneficiary_data(user),
    }

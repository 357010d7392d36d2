"""The few reads the "today" sources need that their apps do not offer as one call, each
built on the apps' own scoped selectors (the leader's units narrow a list the user may
already read; nothing here decides who sees what)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guanai.accounts import scoping
from guanai.accounts import selectors as account_selectors
from guanai.accounts.models import DATA_ROLES, Role, User
from guanai.benefits import rolls
from guanai.benefits.models import PaymentRoll, RollStatus
from guanai.care import risk, worklist
from guanai.care.models import CareWarning, RiskAssessment, WarningStatus
from guanai.care.warnings import selectors as warnings
from guanai.core.months import previous_month, this_month
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q
from guanai.registry import selectors as registry
from guanai.reports import holidays, monthly
from guanai.reports.models import MonthlyReport, ReportStatus
from guanai.today.items import Figure


def _leads(user: User) -> list[OrgUnit]:
    return scoping.units_for(user, [Role.LEADER])


def warnings_to_decide(user: User) -> QuerySet[CareWarning]:
    """Return the open warnings of the warnings list that the user, a leader, acknowledges:
    those of the units they lead (``can_acknowledge``), the latest raised first."""
    found = warnings.warnings_search(user, warnings.WarningFilter(status=WarningStatus.OPEN))
    return found.filter(subtree_q(_leads(user), field="org_unit__path"))


def risk_levels_to_decide(user: User) -> QuerySet[RiskAssessment]:
    """Return the proposed risk levels, not yet decided, of persons of the units the user
    leads (``risk.can_decide``), the oldest first."""
    return (
        risk.assessments_visible(user)
        .filter(current=False, decision="")
        .filter(subtree_q(_leads(user), field="person__org_unit__path"))
        .order_by("set_at", "pk")
    )


def reports_to_fill(
    user: User, today: dt.date
) -> tuple[dt.date, list[tuple[OrgUnit, MonthlyReport | None, dt.date]]]:
    """Return last month and, for each unit whose report the user must still submit, the
    unit, its report if started, and the deadline.

    The units are the user's own reporting units and those the report pages remind them
    of (``monthly.reminders_due``); a report counts as done once submitted, unless it was
    returned.
    """
    month = previous_month(this_month(today))
    own = {u.pk for u in scoping.units_for(user, scoping.ROSTER_EDITORS)}
    reminded = {r.unit.pk for r in monthly.reminders_due(user, today=today)}
    units = [u for u in monthly.reporting_units_for(user) if u.pk in own or u.pk in reminded]
    if not units:
        return month, []
    reports = {
        r.org_unit_id: r
        for r in monthly.reports_visible(user).filter(org_unit__in=units, month=month)
    }
    days = monthly.deadline_days(units)
    calendar = holidays.holiday_calendar()
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        waiting = report is None or report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
        if waiting:
            rows.append((unit, report, monthly.deadline_of(month, days[unit.pk], calendar)))
    return month, rows


def reports_to_review(user: User) -> QuerySet[MonthlyReport]:
    """Return the submitted reports the user may accept or return (``monthly.may_review``):
    of the units right below theirs, not submitted by themselves; the oldest first."""
    above = scoping.units_for(user, monthly.REVIEW_ROLES)
    return (
        monthly.reports_visible(user)
        .filter(status=ReportStatus.SUBMITTED, org_unit__parent__in=above)
        .exclude(submitted_by=user)
        .order_by("submitted_at", "pk")
    )


def rolls_to_approve(user: User) -> QuerySet[PaymentRoll]:
    """Return the rolls waiting for approval in the units the user leads
    (``rolls.can_approve_rolls``), the oldest submitted first."""
    return (
        rolls.rolls_visible(user)
        .filter(status=RollStatus.SUBMITTED)
        .filter(subtree_q(_leads(user), field="org_unit__path"))
        .order_by("submitted_at", "pk")
    )


def figures(user: User) -> list[Figure]:
    """Return a few figures of the user's own units, each with the page that lists them."""
    held = scoping.roles(user)
    shown: list[Figure] = []
    if held & scoping.ROSTER_ROLES:
        on_roster = registry.persons_on_roster(user).filter(archived_at__isnull=True).count()
        shown.append(Figure(_("Persons on my rosters"), on_roster, reverse("registry:person_list")))
    if scoping.can_see_beneficiary_data(user):
        paired = worklist.worklist_persons(user).count()
        if paired:
            shown.append(Figure(_("Persons paired with me"), paired, reverse("care:worklist")))
    if held & DATA_ROLES:
        counts = warnings.warning_counts(user, warnings.WarningFilter())
        shown.append(
            Figure(
                _("Open warnings"),
                counts.by_status.get(WarningStatus.OPEN, 0),
                reverse("care:warning_list"),
            )
        )
    if Role.SYSADMIN in held:
        shown.append(
            Figure(
                _("Accounts in my units"),
                scoping.users_managed(user).count(),
                reverse("accounts:user_list"),
            )
        )
    for label, count in account_selectors.unit_counts_by_kind(user):
        shown.append(Figure(label, count, reverse("accounts:org_list")))
    return shown

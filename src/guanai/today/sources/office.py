"""The office sources: monthly reports to fill and review, rolls, transfers."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.benefits import rolls
from guanai.registry import selectors as registry
from guanai.reports import monthly
from guanai.reports.models import ReportStatus
from guanai.today import selectors
from guanai.today.items import EMPTY, SHOWN, Batch, Task
from guanai.today.sources.common import day, first, year_month


def reports_to_fill(user: User, today: date) -> Batch:
    """Last month's reports the user fills and has not submitted (or got back): their own
    units', and any the report pages remind them of (due within three days)."""
    if not scoping.units_for(user, scoping.ROSTER_EDITORS):
        return EMPTY
    month, rows = selectors.reports_to_fill(user, today)
    tasks = []
    for unit, report, deadline in rows:
        returned = report is not None and report.status == ReportStatus.RETURNED
        overdue = today > deadline
        if returned:
            why = _("Returned; submit again by %(date)s") % {"date": day(deadline)}
        elif overdue:
            why = _("Overdue since %(date)s") % {"date": day(deadline)}
        else:
            why = _("Submit by %(date)s") % {"date": day(deadline)}
        tasks.append(
            Task(
                kind="report_fill",
                kind_label=gettext_lazy("Monthly report"),
                subject=unit.name,
                where=year_month(month),
                detail=report.return_comment if returned and report is not None else "",
                why=why,
                when=deadline,
                overdue=overdue,
                action_label=_("Fill in") if report is not None else _("Start the report"),
                action_url=reverse("reports:report", args=[report.pk])
                if report is not None
                else reverse("reports:month", args=[unit.pk, f"{month:%Y-%m}"]),
            )
        )
    return first(tasks, len(tasks), _("All monthly reports"), reverse("reports:index"))


def reports_to_review(user: User, today: date) -> Batch:
    """Submitted reports of the units right below the user's, for them to accept or return."""
    if not scoping.units_for(user, monthly.REVIEW_ROLES):
        return EMPTY
    found = selectors.reports_to_review(user)
    total = found.count()
    tasks = [
        Task(
            kind="report_review",
            kind_label=gettext_lazy("Report to review"),
            subject=r.org_unit.name,
            where=year_month(r.month),
            detail="",
            why=_("Submitted on %(date)s") % {"date": day(r.submitted_at)},
            when=timezone.localdate(r.submitted_at) if r.submitted_at else r.deadline,
            overdue=False,
            action_label=_("Review"),
            action_url=reverse("reports:report", args=[r.pk]),
        )
        for r in found[:SHOWN]
        if monthly.may_review(user, r)
    ]
    return first(tasks, total, _("All monthly reports"), reverse("reports:index"))


def rolls_to_approve(user: User, today: date) -> Batch:
    """Payment rolls submitted for approval in the units the user leads."""
    if not scoping.units_for(user, [Role.LEADER]):
        return EMPTY
    found = selectors.rolls_to_approve(user)
    total = found.count()
    tasks = [
        Task(
            kind="roll",
            kind_label=gettext_lazy("Payment roll"),
            subject=roll.org_unit.name,
            where=year_month(roll.month),
            detail=_("%(persons)s persons") % {"persons": roll.persons_count},
            why=_("Submitted on %(date)s") % {"date": day(roll.submitted_at)},
            when=timezone.localdate(roll.submitted_at) if roll.submitted_at else roll.month,
            overdue=False,
            action_label=_("Review and approve"),
            action_url=reverse("benefits:roll_detail", args=[roll.pk]),
        )
        for roll in found[:SHOWN]
        if rolls.can_approve_rolls(user, roll.org_unit)
    ]
    url = f"{reverse('benefits:roll_list')}?status=submitted"
    return first(tasks, total, _("All rolls waiting for approval"), url)


def transfers_to_accept(user: User, today: date) -> Batch:
    """Files sent to a unit where the user keeps the roster, waiting for its decision."""
    if not scoping.units_for(user, scoping.ROSTER_EDITORS):
        return EMPTY
    found = registry.transfers_incoming(user).order_by("requested_at", "pk")
    total = found.count()
    tasks = [
        Task(
            kind="transfer",
            kind_label=gettext_lazy("Transfer"),
            subject=t.person.name,
            where=_("From %(unit)s to %(to)s") % {"unit": t.from_unit.name, "to": t.to_unit.name},
            detail=t.reason,
            why=_("Sent on %(date)s") % {"date": day(t.requested_at)},
            when=timezone.localdate(t.requested_at),
            overdue=False,
            action_label=_("Accept or decline"),
            action_url=reverse("registry:transfer_list"),
        )
        for t in found[:SHOWN]
    ]
    return first(tasks, total, _("All transfers"), reverse("registry:transfer_list"))

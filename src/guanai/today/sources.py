"""The sources of the "today" page: one function per kind of task, each asking the
selectors of the app the task belongs to (who sees what is theirs, never written here).

A source takes the user and today's date and returns a ``Batch``; it runs no query for a
user whose roles give no task of its kind. Adding a kind is one function here and one line
in ``SOURCES``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts import selectors as account_selectors
from guanai.accounts.models import Role, User
from guanai.benefits import rolls
from guanai.care import plans, risk, worklist
from guanai.care.models import WarningStatus
from guanai.care.periods import Outcome, Status
from guanai.care.warnings import selectors as warnings
from guanai.registry import selectors as registry
from guanai.reports import monthly
from guanai.reports.models import ReportStatus
from guanai.today import selectors
from guanai.today.items import EMPTY, SHOWN, Batch, Task

Source = Callable[[User, date], Batch]


def day(value: date | datetime | None) -> str:
    """Return a date as the pages show it (the locale's DATE_FORMAT)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return str(formats.date_format(value, "DATE_FORMAT"))


def _month(value: date) -> str:
    return str(formats.date_format(value, "YEAR_MONTH_FORMAT"))


def _first(tasks: list[Task], total: int, label: str, url: str) -> Batch:
    tasks = sorted(tasks, key=lambda t: t.urgency)
    return Batch(tasks[:SHOWN], total, label, url)


def _care_why(outcome: Outcome, today: date) -> str:
    deadline = outcome.deadline
    if outcome.status == Status.DUE:
        return _("Due by %(date)s") % {"date": day(deadline)}
    if deadline is None:
        return _("Overdue: no record yet")
    if deadline < today:
        return _("Overdue since %(date)s") % {"date": day(deadline)}
    # A calendar rule whose previous period ended without enough: this period's date apart.
    return _("Last period not done; this period due by %(date)s") % {"date": day(deadline)}


def care_due(user: User, today: date) -> Batch:
    """Talks and visits due or overdue for the persons paired with the user (the work list's
    own persons: a helper's, or a class teacher's pupils), whatever the user's role."""
    if not scoping.can_see_beneficiary_data(user):
        return EMPTY
    work = worklist.worklist(user, today=today, page_size=worklist.URGENCY_SORT_LIMIT)
    tasks = []
    for row in work.rows:
        person = row.person
        where = (
            f"{person.school.name} {person.grade}{person.class_name}"
            if person.school
            else person.org_unit.name
        )
        for item in row.todo:
            query = urlencode({"person": person.pk, "kind": item.kind, "next": reverse("home")})
            tasks.append(
                Task(
                    kind="care_due",
                    kind_label=item.kind_label,
                    subject=person.name,
                    where=where,
                    detail=item.rule.name,
                    why=_care_why(item.outcome, today),
                    when=item.outcome.deadline,
                    overdue=item.status == Status.OVERDUE,
                    action_label=_("Record"),
                    action_url=f"{reverse('care:record_new')}?{query}",
                )
            )
    return _first(tasks, len(tasks), _("All care work"), reverse("care:worklist"))


def warnings_to_decide(user: User, today: date) -> Batch:
    """Open warnings a leader acknowledges: those of the units the user leads."""
    leads = scoping.units_for(user, [Role.LEADER])
    if not leads:
        return EMPTY
    found = selectors.warnings_to_decide(user)
    total = found.count()
    tasks = [
        Task(
            kind="warning",
            kind_label=w.get_kind_display(),
            subject=w.person.name,
            where=w.org_unit.name,
            detail=warnings.explanation(w, today),
            why=_("Raised on %(date)s") % {"date": day(w.raised_on)},
            when=w.raised_on,
            overdue=False,
            action_label=_("Acknowledge"),
            action_url=reverse("care:warning_ack", args=[w.pk]),
        )
        for w in found[:SHOWN]
        if warnings.can_acknowledge(user, w)
    ]
    url = f"{reverse('care:warning_list')}?status={WarningStatus.OPEN}"
    return _first(tasks, total, _("All open warnings"), url)


def risk_levels_to_decide(user: User, today: date) -> Batch:
    """Risk levels proposed for persons of the units the user leads, waiting for a decision."""
    if not scoping.units_for(user, [Role.LEADER]):
        return EMPTY
    found = selectors.risk_levels_to_decide(user)
    total = found.count()
    tasks = [
        Task(
            kind="risk",
            kind_label=gettext_lazy("Risk level"),
            subject=a.person.name,
            where=a.person.org_unit.name,
            detail=f"{a.get_level_display()} · {a.reason}",
            why=_("Proposed on %(date)s") % {"date": day(a.set_at)},
            when=timezone.localdate(a.set_at),
            overdue=False,
            action_label=_("Confirm or reject"),
            action_url=reverse("care:person_care", args=[a.person_id]),
        )
        for a in found[:SHOWN]
        if risk.can_decide(user, a.person)
    ]
    return _first(tasks, total, "", "")


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
                where=_month(month),
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
    return _first(tasks, len(tasks), _("All monthly reports"), reverse("reports:index"))


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
            where=_month(r.month),
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
    return _first(tasks, total, _("All monthly reports"), reverse("reports:index"))


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
            where=_month(roll.month),
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
    return _first(tasks, total, _("All rolls waiting for approval"), url)


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
    return _first(tasks, total, _("All transfers"), reverse("registry:transfer_list"))


def plans_to_approve(user: User, today: date) -> Batch:
    """Draft assistance plans of the units the user leads (the plan list's "waiting")."""
    if not scoping.units_for(user, [Role.LEADER]):
        return EMPTY
    found = plans.plans_search(user, plans.PlanFilter(waiting=True), today=today)
    total = found.count()
    tasks = [
        Task(
            kind="plan_approve",
            kind_label=gettext_lazy("Plan to approve"),
            subject=p.person.name,
            where=p.get_domain_display(),
            detail="",
            why=_("From %(start)s to %(end)s") % {"start": day(p.starts_on), "end": day(p.ends_on)},
            when=p.starts_on,
            overdue=False,
            action_label=_("Open the plan"),
            action_url=reverse("care:plan_detail", args=[p.pk]),
        )
        for p in found[:SHOWN]
    ]
    return _first(tasks, total, _("All plans waiting"), f"{reverse('care:plan_list')}?waiting=1")


def plans_to_review(user: User, today: date) -> Batch:
    """Running plans the user is responsible for, past their end without a review."""
    if not scoping.can_see_beneficiary_data(user):
        return EMPTY
    found = plans.plans_search(user, plans.PlanFilter(overdue=True), today=today).filter(
        responsible=user
    )
    total = found.count()
    tasks = [
        Task(
            kind="plan_review",
            kind_label=gettext_lazy("Plan review"),
            subject=p.person.name,
            where=p.get_domain_display(),
            detail="",
            why=_("Ended on %(date)s without a review") % {"date": day(p.ends_on)},
            when=p.ends_on,
            overdue=True,
            action_label=_("Review the plan"),
            action_url=reverse("care:plan_review_new", args=[p.pk]),
        )
        for p in found[:SHOWN]
    ]
    return _first(tasks, total, "", "")


def roles_to_approve(user: User, today: date) -> Batch:
    """Roles a system administrator gave that wait for this user's approval."""
    if not scoping.units_for(user, scoping.APPROVERS):
        return EMPTY
    found = scoping.memberships_awaiting(user)
    total = found.count()
    tasks = [
        Task(
            kind="role",
            kind_label=gettext_lazy("Role approval"),
            subject=m.user.get_full_name() or m.user.username,
            where=m.org_unit.name,
            detail=str(m.get_role_display()),
            why=_("Asked on %(date)s") % {"date": day(m.created_at)},
            when=timezone.localdate(m.created_at),
            overdue=False,
            action_label=_("Approve or refuse"),
            action_url=reverse("accounts:role_approvals"),
        )
        for m in found[:SHOWN]
    ]
    return _first(tasks, total, _("Role approvals"), reverse("accounts:role_approvals"))


def lockouts(user: User, today: date) -> Batch:
    """Accounts locked after failed logins, for the security administrator to look at."""
    if Role.SECADMIN not in scoping.roles(user):
        return EMPTY
    found = account_selectors.lockouts_visible(user)
    tasks = [
        Task(
            kind="lockout",
            kind_label=gettext_lazy("Locked account"),
            subject=attempt.username,
            where="",
            detail="",
            why=_("Locked on %(date)s") % {"date": day(attempt.attempt_time)},
            when=timezone.localdate(attempt.attempt_time),
            overdue=False,
            action_label=_("Security"),
            action_url=reverse("accounts:security"),
        )
        for attempt in found
    ]
    return _first(tasks, len(tasks), _("Security"), reverse("accounts:security"))


# The kinds of task, in the order a tie in urgency keeps.
SOURCES: tuple[Source, ...] = (
    care_due,
    warnings_to_decide,
    risk_levels_to_decide,
    reports_to_fill,
    reports_to_review,
    rolls_to_approve,
    transfers_to_accept,
    plans_to_approve,
    plans_to_review,
    roles_to_approve,
    lockouts,
)

"""The care sources: due care work, warnings and risk levels to decide, plans."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.care import plans, risk, worklist
from guanai.care.models import WarningStatus
from guanai.care.periods import Outcome, Status
from guanai.care.warnings import selectors as warnings
from guanai.today import selectors
from guanai.today.items import EMPTY, SHOWN, Batch, Task
from guanai.today.sources.common import day, first


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
    own persons: a helper's, or a class teacher's pupils), whatever the user's role.

    The work list's first page of ``URGENCY_SORT_LIMIT`` persons: all of them for anyone
    paired with that many or fewer (the work list then sorts them by urgency too)."""
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
    return first(tasks, len(tasks), _("All care work"), reverse("care:worklist"))


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
    return first(tasks, total, _("All open warnings"), url)


def warnings_assigned(user: User, today: date) -> Batch:
    """Warnings a leader gave the user as a task (``care.warnings.assigned_to``), to deal
    with and close with an outcome; a task past its due date comes first."""
    found = warnings.assigned_to(user).select_related("person", "org_unit")
    total = found.count()
    if not total:
        return EMPTY
    tasks = [
        Task(
            kind="warning_task",
            kind_label=gettext_lazy("Task from a warning"),
            subject=w.person.name,
            where=w.org_unit.name,
            detail=w.assignment_note or warnings.explanation(w, today),
            why=(
                _("To do by %(date)s") % {"date": day(w.due_on)}
                if w.due_on
                else _("Given on %(date)s") % {"date": day(w.assigned_at)}
            ),
            when=w.due_on or w.raised_on,
            overdue=w.due_on is not None and w.due_on < today,
            action_label=_("Close with an outcome"),
            action_url=reverse("care:warning_close", args=[w.pk]),
        )
        for w in found[:SHOWN]
    ]
    return first(tasks, total, "", "")


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
    return first(tasks, total, "", "")


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
    return first(tasks, total, _("All plans waiting"), f"{reverse('care:plan_list')}?waiting=1")


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
    return first(tasks, total, "", "")

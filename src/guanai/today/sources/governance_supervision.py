"""The supervision source (督查整改): rectifications a unit must report on, overdue first,
for the leaders and workers of the unit to rectify; reports awaiting the office's decision
for the leaders and workers of the unit that made the visit. No query for a user who is no
leader or worker; one list (and a count past ``SHOWN``) otherwise."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.governance.access import MANAGERS
from guanai.governance.models import Rectification, RectificationStatus
from guanai.governance.supervision.timing import WAITING_FOR_UNIT, is_overdue
from guanai.orgs.selectors import subtree_q
from guanai.today.items import EMPTY, SHOWN, Batch, Task
from guanai.today.sources.common import day, first

# How much of a finding a task line shows; the page shows it whole.
SUBJECT_CHARS = 40


def _batch(found: QuerySet[Rectification], tasks_of: list[Task], label: str) -> Batch:
    total = len(tasks_of) if len(tasks_of) < SHOWN else found.count()
    return first(tasks_of, total, label, reverse("governance:supervision_index"))


def rectifications_to_report(user: User, today: date) -> Batch:
    """Rectifications required of the user's units (not by them), still to report."""
    units = scoping.units_for(user, MANAGERS)
    if not units:
        return EMPTY
    found = (
        Rectification.objects.filter(
            subtree_q(units, field="org_unit__path"), status__in=WAITING_FOR_UNIT
        )
        # The office that made the visit waits for the report: not its task.
        .exclude(subtree_q(units, field="visit__org_unit__path"))
        .select_related("org_unit", "visit__org_unit")
        # The earliest deadline first: the overdue ones lead.
        .order_by("deadline", "pk")
    )
    tasks = []
    for r in found[:SHOWN]:
        overdue = is_overdue(r.status, r.deadline, today)
        returned = r.status == RectificationStatus.RETURNED
        if overdue:
            why = _("Overdue since %(date)s") % {"date": day(r.deadline)}
        elif returned:
            why = _("Sent back; report again by %(date)s") % {"date": day(r.deadline)}
        else:
            why = _("Rectify by %(date)s") % {"date": day(r.deadline)}
        tasks.append(
            Task(
                kind="governance_rectify",
                kind_label=gettext_lazy("Rectification"),
                subject=Truncator(r.finding).chars(SUBJECT_CHARS),
                where=r.org_unit.name,
                detail=_("Required by %(office)s: %(required)s")
                % {"office": r.visit.org_unit.name, "required": r.required},
                why=why,
                when=r.deadline,
                overdue=overdue,
                action_label=_("Report"),
                action_url=reverse("governance:rectification_detail", args=[r.pk]),
            )
        )
    return _batch(found, tasks, _("All supervision visits"))


def rectifications_to_decide(user: User, today: date) -> Batch:
    """Reports on the rectifications the user's units required, awaiting a decision."""
    units = scoping.units_for(user, MANAGERS)
    if not units:
        return EMPTY
    found = (
        Rectification.objects.filter(
            subtree_q(units, field="visit__org_unit__path"), status=RectificationStatus.REPORTED
        )
        .select_related("org_unit")
        .order_by("deadline", "pk")
    )
    tasks = [
        Task(
            kind="governance_decide",
            kind_label=gettext_lazy("Rectification to accept"),
            subject=Truncator(r.finding).chars(SUBJECT_CHARS),
            where=r.org_unit.name,
            detail=r.required,
            why=_("Reported; accept or send back"),
            when=r.deadline,
            overdue=False,
            action_label=_("Decide"),
            action_url=reverse("governance:rectification_detail", args=[r.pk]),
        )
        for r in found[:SHOWN]
    ]
    return _batch(found, tasks, _("All supervision visits"))

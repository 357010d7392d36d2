"""The practical-matters source: the matters the user is responsible for (实事责任人) that are
due within two weeks or overdue, the earliest deadline first."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.governance.access import READERS
from guanai.governance.matters import is_overdue, matters_due
from guanai.governance.models import PracticalMatter
from guanai.today.items import EMPTY, SHOWN, Batch, Task
from guanai.today.sources.common import day, first


def matters_due_soon(user: User, today: date) -> Batch:
    """Open matters the user is responsible for, due within 14 days or overdue."""
    if not scoping.has_role(user, *READERS):
        return EMPTY
    due = matters_due(user, today)
    shown = list(due[:SHOWN])
    if not shown:
        return EMPTY
    total = len(shown) if len(shown) < SHOWN else due.count()
    return first(
        [_task(matter, today) for matter in shown],
        total,
        _("All practical matters"),
        reverse("governance:matters_index"),
    )


def _task(matter: PracticalMatter, today: date) -> Task:
    overdue = is_overdue(matter.status, matter.deadline, today)
    return Task(
        kind="governance_matter",
        kind_label=gettext_lazy("Practical matter"),
        subject=matter.title,
        where=matter.org_unit.name,
        detail=matter.get_status_display(),
        why=(_("Overdue since %(date)s") if overdue else _("Due on %(date)s"))
        % {"date": day(matter.deadline)},
        when=matter.deadline,
        overdue=overdue,
        action_label=_("Report progress"),
        action_url=reverse("governance:matter_detail", args=[matter.pk]),
    )

"""Reminders of the reports a user must still submit, due within three days.

The deadline is the one the report falls due on — moved past a weekend or holiday when
the unit's rule says so — and the reminder says why it moved (``explained.remark``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from guanai.accounts.models import User
from guanai.core.months import previous_month, this_month
from guanai.orgs.models import OrgUnit
from guanai.reports.holidays.selectors import holiday_calendar
from guanai.reports.models import MonthlyReport
from guanai.reports.monthly.access import reporting_units_for
from guanai.reports.monthly.deadlines import Deadline, deadline_days, deadline_explained

REMIND_DAYS = 3
REMINDERS_SHOWN = 5


@dataclass(frozen=True)
class Reminder:
    unit: OrgUnit
    month: dt.date
    explained: Deadline

    @property
    def deadline(self) -> dt.date:
        return self.explained.due

    @property
    def days_left(self) -> int:
        return (self.deadline - timezone.localdate()).days


@dataclass(frozen=True)
class Reminders:
    """The first reminders a page shows, and how many more there are (none left out unsaid)."""

    shown: list[Reminder]
    more: int


def reminders_shown(user: User, *, today: dt.date | None = None) -> Reminders:
    due = reminders_due(user, today=today)
    return Reminders(due[:REMINDERS_SHOWN], max(len(due) - REMINDERS_SHOWN, 0))


def reminders_due(user: User, *, today: dt.date | None = None) -> list[Reminder]:
    """Return last month's reports the user must still submit, due within three days."""
    today = today or timezone.localdate()
    month = previous_month(this_month(today))
    units = reporting_units_for(user)
    if not units:
        return []
    done = set(
        MonthlyReport.objects.filter(
            org_unit__in=units, month=month, first_submitted_at__isnull=False
        ).values_list("org_unit_id", flat=True)
    )
    rules = deadline_days(units)
    calendar = holiday_calendar()
    due = []
    for unit in units:
        if unit.pk in done:
            continue
        deadline = deadline_explained(month, rules[unit.pk], calendar)
        if 0 <= (deadline.due - today).days <= REMIND_DAYS:
            due.append(Reminder(unit, month, deadline))
    return due

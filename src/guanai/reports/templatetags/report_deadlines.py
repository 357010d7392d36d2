"""The deadline of a report as a page shows it: the date, and why it moved."""

from __future__ import annotations

import datetime as dt

from django import template

from guanai.orgs.models import OrgUnit
from guanai.reports import monthly
from guanai.reports.monthly.workdays import Shift

register = template.Library()


@register.simple_tag
def deadline_explained(unit: OrgUnit, month: dt.date, due: dt.date) -> monthly.Deadline:
    """Return the deadline of ``unit``'s report of ``month`` with why it moved (one query).

    ``due`` is the date the page holds (a report keeps the deadline it had when first
    submitted). When the rule has changed since, that date is shown as it is, without a
    reason that no longer belongs to it.
    """
    deadline = monthly.unit_deadline(unit, month)
    if deadline.due == due:
        return deadline
    return monthly.Deadline(
        shift=Shift(nominal=due, moved_to=due, holiday=None, calendar_known=True), moves=False
    )

"""Asking for a month's facts to be recomputed in the background."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused
from guanai.core.months import month_label
from guanai.reports.dashboard.access import can_refresh
from guanai.reports.tasks import facts_refresh_task


def facts_refresh_request(*, acting_user: User, month: dt.date) -> None:
    """Queue the recomputation of ``month``'s facts (leaders and workers)."""
    if not can_refresh(acting_user):
        raise PermissionRefused(_("Only leaders and workers recompute the figures."))
    facts_refresh_task.enqueue(month_label(month))

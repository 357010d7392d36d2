"""The reports' scheduled job (``notify.jobs``): the nightly refresh of the fact table.

``guanai refresh-facts`` without ``--month`` does the same (``facts_refresh_recent``)."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _

from guanai.core.months import previous_month, this_month
from guanai.notify import jobs
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_starting


def facts_refresh_recent() -> dict[str, int]:
    """Recompute last month and this month (late entries change last month's figures until
    its report is due); return the rows written per month."""
    this = this_month()
    months = [month_starting(previous_month(this)), month_starting(this)]
    return {m.label: facts_refresh(m) for m in months}


def refresh_facts() -> str:
    return json.dumps({"facts": facts_refresh_recent()})


def register() -> None:
    """Called from ``ReportsConfig.ready``."""
    jobs.register(jobs.Job("refresh_facts", _("Refresh the dashboards' figures"), refresh_facts))

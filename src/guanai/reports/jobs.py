"""The reports' scheduled jobs (``notify.jobs``): the nightly refresh of the fact table,
and every few minutes the refresh of the units written to since (``reports.dirty``).

``guanai refresh-facts`` without ``--month`` does the same (``facts_refresh_recent``)."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _

from guanai.notify import jobs
from guanai.reports.dirty import facts_refresh_dirty, recent_months
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_starting


def facts_refresh_recent() -> dict[str, int]:
    """Recompute last month and this month (late entries change last month's figures until
    its report is due); return the rows written per month."""
    months = [month_starting(first) for first in recent_months()]
    return {m.label: facts_refresh(m) for m in months}


def refresh_facts() -> str:
    return json.dumps({"facts": facts_refresh_recent()})


def refresh_dirty_facts() -> str:
    return json.dumps({"facts": facts_refresh_dirty()})


def register() -> None:
    """Called from ``ReportsConfig.ready``."""
    jobs.register(jobs.Job("refresh_facts", _("Refresh the dashboards' figures"), refresh_facts))
    jobs.register(
        jobs.Job(
            "refresh_dirty_facts",
            _("Refresh the figures of the units written to"),
            refresh_dirty_facts,
        )
    )

"""Background tasks of the reports app (django-tasks; ``guanai serve`` runs the worker)."""

from __future__ import annotations

import json

from django_tasks import task

from guanai.reports.dirty import facts_refresh_dirty
from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of


@task()
def facts_refresh_task(month: str) -> int:
    """Recompute one month ("2026-11") of the fact table."""
    return facts_refresh(month_of(month))


@task()
def facts_refresh_dirty_task() -> str:
    """Recompute the facts of the units written to since the last refresh
    (``reports.dirty``)."""
    return json.dumps(facts_refresh_dirty())

"""Background tasks of the reports app (django-tasks; ``guanai serve`` runs the worker)."""

from __future__ import annotations

from django_tasks import task

from guanai.reports.facts import facts_refresh
from guanai.reports.figures import month_of


@task()
def facts_refresh_task(month: str) -> int:
    """Recompute one month ("2026-11") of the fact table."""
    return facts_refresh(month_of(month))

"""The background task behind "run now" on the jobs page (django-tasks; the worker runs it)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from guanai.accounts.models import User
from guanai.notify.models import RunTrigger
from guanai.notify.scheduler import runner


@task()
def job_run_task(name: str, requested_at: str, user_id: int | None = None) -> str:
    """Run the job now for the system administrator who asked; return its outcome."""
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    row = runner.run(name, datetime.fromisoformat(requested_at), RunTrigger.MANUAL, user)
    return row.outcome if row is not None else "skipped"

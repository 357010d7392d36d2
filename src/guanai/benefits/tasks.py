"""Background tasks of benefits (django-tasks; ``guanai serve`` runs the worker)."""

from __future__ import annotations

from django_tasks import task

from guanai.benefits.roll_export import KIND, roll_export_run
from guanai.sheets.models import ExportJob, ExportStatus


@task()
def roll_export_task(job_id: int) -> None:
    """Write the bank workbook of a large roll that its user asked for."""
    job = ExportJob.objects.filter(pk=job_id, kind=KIND, status=ExportStatus.QUEUED).first()
    if job is not None:  # else gone, or done by an earlier attempt
        roll_export_run(job)

"""Background tasks of the registry (django-tasks; ``guanai serve`` runs the worker)."""

from __future__ import annotations

from django_tasks import task

from guanai.registry import import_jobs
from guanai.registry.export_jobs import KIND, roster_export_run
from guanai.registry.jobs import import_files_purge
from guanai.registry.models import ImportStatus, RosterImport
from guanai.sheets.models import ExportJob, ExportStatus


@task()
def roster_import_task(job_id: int) -> None:
    """Import a large roster that its user checked and sent to the background."""
    job = RosterImport.objects.select_related("user", "org_unit").filter(pk=job_id).first()
    if job is None or job.status != ImportStatus.QUEUED:
        return  # gone, or already done by an earlier attempt
    import_jobs.run(job)


@task()
def purge_import_files_task() -> dict[str, int]:
    """Delete the import files past their retention (what ``guanai purge-import-files`` does)."""
    return import_files_purge()


@task()
def roster_export_task(job_id: int) -> None:
    """Write a large roster export that its user asked for (``registry.export_jobs``)."""
    job = ExportJob.objects.filter(pk=job_id, kind=KIND, status=ExportStatus.QUEUED).first()
    if job is not None:  # else gone, or done by an earlier attempt
        roster_export_run(job)

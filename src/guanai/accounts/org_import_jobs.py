"""Org-unit imports as jobs: checked first (a dry run), imported when the admin says so.

Both the check and the import run as a job (``org_import_task``, django-tasks) that writes
its progress on the ``OrgImport``; a file of at most ``BACKGROUND_ROWS`` rows is handled
within the request instead. The import runs as the uploading system administrator, within
the units they manage now (``accounts.scoping``), not those of the upload's time.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.core.errors import DomainError
from guanai.orgs.importing import READ_LIMITS, org_units_import
from guanai.orgs.models import OrgImport, OrgImportStatus
from guanai.sheets.reading import read_table
from guanai.sheets.storage import private_folder, remove_unknown, write_private

logger = logging.getLogger(__name__)

# Files of more rows are checked and imported by the background worker (~200 rows/s).
BACKGROUND_ROWS = 200
# Rows shown on the job's page; the counts cover all of them.
SHOWN_ROWS = 500
# An upload checked but never imported is deleted after a day.
KEEP_UPLOADS = timedelta(days=1)


def upload_dir() -> Path:
    return private_folder(Path(settings.MEDIA_ROOT) / "imports" / "orgs")


def create(*, user: User, file_name: str, data: bytes, rows: int) -> OrgImport:
    """Keep an upload (readable by the application only) as a job that checks it."""
    token = uuid.uuid4().hex
    path = upload_dir() / f"{user.pk}-{token}{Path(file_name).suffix.lower()}"
    write_private(path, data)
    return OrgImport.objects.create(
        token=token, user=user, file_name=file_name, upload_path=str(path), rows=rows
    )


def start(job: OrgImport) -> None:
    """Run the job's stage now if the file is small, else queue it for the worker."""
    if job.rows <= BACKGROUND_ROWS:
        run(job)
    else:
        org_import_task.enqueue(job.pk)


def commit(job: OrgImport) -> None:
    """Import a checked file (once: a job already importing or done is left alone)."""
    updated = OrgImport.objects.filter(pk=job.pk, status=OrgImportStatus.CHECKED).update(
        status=OrgImportStatus.QUEUED, stage="write", done=0
    )
    if updated:
        job.refresh_from_db()
        start(job)


def run(job: OrgImport) -> OrgImport:
    """Check or import the job's file; record its outcome and progress on the job."""
    job.status = OrgImportStatus.RUNNING
    job.save(update_fields=["status"])
    dry_run = job.stage == "check"

    def progress(done: int, total: int) -> None:
        OrgImport.objects.filter(pk=job.pk).update(done=done, rows=total)

    path = Path(job.upload_path)
    try:
        roots = scoping.units_for(job.user, [Role.SYSADMIN])
        if not roots:
            raise DomainError(_("You no longer manage any org unit."))
        if not job.upload_path or not path.exists():
            raise DomainError(_("The uploaded file is gone; upload it again."))
        with path.open("rb") as handle:
            table = read_table(handle, path.name, limits=READ_LIMITS)
        report = org_units_import(table, roots=roots, dry_run=dry_run, progress=progress)
    except DomainError as exc:
        _finish(job, OrgImportStatus.FAILED, message=str(exc.message))
        return job
    except Exception:
        logger.exception("Org import %s failed", job.pk)
        _finish(
            job,
            OrgImportStatus.FAILED,
            message=_(
                "The import stopped because of an error on the server. Try again, or tell "
                "the administrator."
            ),
        )
        return job
    job.created, job.unchanged, job.rejected = report.created, report.unchanged, len(report.errors)
    job.errors = [list(error) for error in report.errors[:SHOWN_ROWS]]
    job.units = [list(unit) for unit in report.units[:SHOWN_ROWS]]
    job.warnings = report.warnings
    _finish(job, OrgImportStatus.CHECKED if dry_run else OrgImportStatus.DONE)
    return job


def _finish(job: OrgImport, status: str, *, message: str = "") -> None:
    job.status = status
    job.message = message
    job.done = job.rows
    if status != OrgImportStatus.CHECKED:
        # The import ended: its upload is kept no longer.
        if job.upload_path:
            Path(job.upload_path).unlink(missing_ok=True)
        job.upload_path = ""
        job.finished_at = timezone.now()
    job.save()


def purge_files(*, now: datetime | None = None) -> int:
    """Delete the uploads checked a day ago and never imported, and files of the folder
    that no import names; return how many."""
    now = now or timezone.now()
    stale = OrgImport.objects.filter(
        status__in=[OrgImportStatus.CHECKED, OrgImportStatus.FAILED],
        created_at__lt=now - KEEP_UPLOADS,
    ).exclude(upload_path="")
    count = 0
    for job in stale:
        Path(job.upload_path).unlink(missing_ok=True)
        job.upload_path = ""
        job.save(update_fields=["upload_path"])
        count += 1
    known = set(OrgImport.objects.exclude(upload_path="").values_list("upload_path", flat=True))
    return count + remove_unknown(upload_dir(), known=known, before=now - KEEP_UPLOADS)


@task()
def org_import_task(job_id: int) -> None:
    """Check or import an org-unit file that its administrator sent to the background."""
    job = OrgImport.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != OrgImportStatus.QUEUED:
        return  # gone, or already done by an earlier attempt
    run(job)

"""Roster imports as jobs: checked on upload, imported at once or in the background.

A clerk's upload is checked (a dry run) and kept as a ``RosterImport`` until the clerk
presses Import. A file of more than ``GUANAI_IMPORT_BACKGROUND_ROWS`` rows (default 2,000)
is then imported by the background worker (django-tasks), which writes its progress to
the job, so the page can show a progress bar while the clerk does something else; a
smaller file is imported within the request. Either way ``run`` does the work.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.errors import DomainError
from guanai.orgs.models import OrgUnit
from guanai.registry.importing import RosterReport, roster_import
from guanai.registry.models import ImportStatus, RosterImport

logger = logging.getLogger(__name__)

# Errors kept on the job for the result page; all of them are in the error workbook.
SHOWN_ERRORS = 200
# Uploads and error workbooks hold ID numbers in clear: kept a day at most.
KEEP_FILES = timedelta(days=1)


def upload_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def background_rows() -> int:
    return int(getattr(settings, "GUANAI_IMPORT_BACKGROUND_ROWS", 2000))


def create(
    *, user: User, org_unit: OrgUnit, kind: str, file_name: str, data: bytes, report: RosterReport
) -> RosterImport:
    """Keep a checked upload for the import; the file itself goes to ``upload_dir``."""
    token = uuid.uuid4().hex
    path = upload_dir() / f"{user.pk}-{token}{Path(file_name).suffix.lower()}"
    path.write_bytes(data)
    return RosterImport.objects.create(
        token=token,
        user=user,
        org_unit=org_unit,
        kind=kind,
        file_name=file_name[:200],
        upload_path=str(path),
        rows=report.created + report.updated + report.unchanged + report.rejected,
    )


def start(job: RosterImport) -> bool:
    """Import the job now or queue it; return whether it was queued for the background."""
    if job.rows <= background_rows():
        run(job)
        return False
    from guanai.registry.tasks import roster_import_task

    job.status = ImportStatus.QUEUED
    job.save(update_fields=["status"])
    roster_import_task.enqueue(job.pk)
    return True


def run(job: RosterImport) -> RosterImport:
    """Import the job's file as its user; record the outcome (and progress) on the job."""
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])

    def progress(stage: str, done: int, total: int) -> None:
        RosterImport.objects.filter(pk=job.pk).update(stage=stage, done=done, rows=total)

    path = Path(job.upload_path)
    try:
        if not path.exists():
            raise DomainError(_("The uploaded file is gone; upload it again."))
        report = roster_import(
            path, acting_user=job.user, org_unit=job.org_unit, kind=job.kind, progress=progress
        )
    except DomainError as exc:
        _finish(job, ImportStatus.FAILED, message=str(exc.message))
        return job
    except Exception:
        # Logged with its traceback for the administrator; the clerk sees the job failed.
        logger.exception("Roster import %s failed", job.pk)
        _finish(
            job,
            ImportStatus.FAILED,
            message=_(
                "The import stopped because of an error on the server; no row of the part "
                "being written was saved. Try again, or tell the administrator."
            ),
        )
        return job
    finally:
        # The upload holds full ID numbers in clear: it is kept no longer than needed.
        path.unlink(missing_ok=True)
    job.created, job.updated = report.created, report.updated
    job.unchanged, job.rejected = report.unchanged, report.rejected
    job.errors = [[e.row, e.column, e.reason] for e in report.errors[:SHOWN_ERRORS]]
    if report.rejected:
        errors = upload_dir() / f"{job.user_id}-{job.token}-errors.xlsx"
        errors.write_bytes(report.error_workbook())
        job.errors_path = str(errors)
    _finish(job, ImportStatus.DONE)
    return job


def _finish(job: RosterImport, status: str, *, message: str = "") -> None:
    job.status = status
    job.message = message
    job.upload_path = ""
    job.finished_at = timezone.now()
    job.stage = "write"
    job.save()


def sweep(user: User) -> None:
    """Remove this user's uploads and error workbooks older than a day (they hold IDs)."""
    stale = RosterImport.objects.filter(user=user, created_at__lt=timezone.now() - KEEP_FILES)
    for job in stale.exclude(upload_path="", errors_path=""):
        for name in (job.upload_path, job.errors_path):
            if name:
                Path(name).unlink(missing_ok=True)
        job.upload_path = job.errors_path = ""
        job.save(update_fields=["upload_path", "errors_path"])

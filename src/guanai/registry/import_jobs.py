"""Roster imports as jobs: checked on upload, imported at once or in the background.

A clerk's upload is checked (a dry run) and kept as a ``RosterImport`` until the clerk
presses Import. A file of more than ``GUANAI_IMPORT_BACKGROUND_ROWS`` rows (default 2,000)
is then imported by the background worker (django-tasks), which writes its progress to
the job, so the page can show a progress bar while the clerk does something else; a
smaller file is imported within the request. Either way ``run`` does the work.

The files hold full ID numbers in clear (issue 12): they are written readable by the
application only (0600); the upload is deleted when the import ends, or a day after a
check that was never imported; an error workbook is deleted after
``GUANAI_IMPORT_ERRORS_DAYS`` (7) by ``purge_files``, which the nightly
``guanai purge-import-files`` runs, and holds masked numbers for a user who may not see
them in full.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.errors import DomainError
from guanai.orgs.models import OrgUnit
from guanai.registry.importing import RosterReport, roster_import
from guanai.registry.models import ImportStatus, RosterImport
from guanai.sheets.storage import private_folder, remove_unknown, write_private

logger = logging.getLogger(__name__)

# Errors kept on the job for the result page; all of them are in the error workbook.
SHOWN_ERRORS = 200
# An upload checked but never imported is deleted after a day.
KEEP_FILES = timedelta(days=1)


def errors_retention() -> timedelta:
    """How long an error workbook is kept (``GUANAI_IMPORT_ERRORS_DAYS``, 7 days)."""
    return timedelta(days=int(getattr(settings, "GUANAI_IMPORT_ERRORS_DAYS", 7)))


def upload_dir() -> Path:
    return private_folder(Path(settings.MEDIA_ROOT) / "imports")


def background_rows() -> int:
    return int(getattr(settings, "GUANAI_IMPORT_BACKGROUND_ROWS", 2000))


def create(
    *, user: User, org_unit: OrgUnit, kind: str, file_name: str, data: bytes, report: RosterReport
) -> RosterImport:
    """Keep a checked upload for the import; the file itself goes to ``upload_dir``."""
    token = uuid.uuid4().hex
    path = upload_dir() / f"{user.pk}-{token}{Path(file_name).suffix.lower()}"
    write_private(path, data)
    return RosterImport.objects.create(
        token=token,
        user=user,
        org_unit=org_unit,
        kind=kind,
        file_name=file_name,
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
        # Only a user who may see the unit's full numbers gets them back in full.
        masked = not scoping.can_reveal_numbers(job.user, job.org_unit)
        write_private(errors, report.error_workbook(masked=masked))
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
    """Remove this user's stale files now (the nightly clean-up does everyone's)."""
    purge_files(user=user)


def purge_files(*, user: User | None = None, now: datetime | None = None) -> dict[str, int]:
    """Delete uploads checked a day ago and never imported, and error workbooks past their
    retention; with no ``user``, also the files of the folder that no job names.

    Return how many files of each sort were deleted.
    """
    now = now or timezone.now()
    jobs = RosterImport.objects.all() if user is None else RosterImport.objects.filter(user=user)
    counts = {"uploads": 0, "error_workbooks": 0, "unknown": 0}
    # A queued or running job still needs its upload; a finished one no longer has it.
    for job in jobs.filter(status=ImportStatus.PREVIEWED, created_at__lt=now - KEEP_FILES).exclude(
        upload_path=""
    ):
        Path(job.upload_path).unlink(missing_ok=True)
        job.upload_path = ""
        job.save(update_fields=["upload_path"])
        counts["uploads"] += 1
    for job in jobs.filter(finished_at__lt=now - errors_retention()).exclude(errors_path=""):
        Path(job.errors_path).unlink(missing_ok=True)
        job.errors_path = ""
        job.save(update_fields=["errors_path"])
        counts["error_workbooks"] += 1
    if user is None:
        known = {
            path
            for pair in RosterImport.objects.values_list("upload_path", "errors_path")
            for path in pair
            if path
        }
        counts["unknown"] = remove_unknown(upload_dir(), known=known, before=now - KEEP_FILES)
    return counts

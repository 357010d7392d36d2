"""Large exports as background jobs (issue 24, point 5): streamed to a private file.

An export page counts the rows first. Up to ``GUANAI_EXPORT_BACKGROUND_ROWS`` (5,000) it
answers with the file at once, as before; above, it makes an ``ExportJob`` and enqueues its
app's task (``registry.tasks.roster_export_task``, ``benefits.tasks.roll_export_task``),
which calls ``run`` with the app's streaming writer. The writer reports the rows written
every chunk; the job page (``sheets.views``) polls that and offers the file when done.

The file is written where it is kept (``export_dir``, mode 0700; the file 0600), with
XlsxWriter's constant-memory temporary files in the same folder: it may hold full ID
numbers. Only the job's user downloads it, and ``purge_files`` deletes it after
``GUANAI_EXPORT_KEEP_HOURS`` (24) hours — the nightly ``purge_import_files`` job calls it.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.core.db_router import replica_reads
from guanai.core.errors import DomainError
from guanai.sheets.models import ExportJob, ExportStatus
from guanai.sheets.storage import private_folder, remove_unknown

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]
# A writer: write the export to the open file, reporting rows written; return the rows.
Writer = Callable[[BinaryIO, Progress], int]


def background_rows() -> int:
    """Exports of more rows than this run as jobs (``GUANAI_EXPORT_BACKGROUND_ROWS``)."""
    return int(getattr(settings, "GUANAI_EXPORT_BACKGROUND_ROWS", 5000))


def retention() -> timedelta:
    """How long a written export is kept (``GUANAI_EXPORT_KEEP_HOURS``, 24 hours)."""
    return timedelta(hours=int(getattr(settings, "GUANAI_EXPORT_KEEP_HOURS", 24)))


def export_dir() -> Path:
    return private_folder(Path(settings.MEDIA_ROOT) / "exports")


def create(
    *, user: Any, kind: str, file_name: str, total: int, params: dict[str, Any]
) -> ExportJob:
    """Record a queued export of ``total`` rows; the app's task then writes it."""
    return ExportJob.objects.create(
        token=uuid.uuid4().hex,
        user=user,
        kind=kind,
        file_name=file_name,
        total=total,
        params=params,
    )


def access_export(user: Any, token: str) -> ExportJob:
    """Return the user's own export ``token``, or raise Http404: another user's export is
    not found, as an object outside one's scope (DESIGN §5). The page and the API ask this."""
    job = None
    if user is not None and user.pk is not None:
        job = ExportJob.objects.filter(token=token, user_id=user.pk).first()
    if job is None:
        raise Http404
    return job


def is_ready(job: ExportJob) -> bool:
    """Return whether the export's file is written and still kept."""
    return job.status == ExportStatus.DONE and bool(job.path) and Path(job.path).exists()


def open_private(path: Path) -> BinaryIO:
    """Open ``path`` for writing, readable and writable by this user only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w+b")


def run(job: ExportJob, write: Writer) -> ExportJob:
    """Write the job's file with ``write``, recording progress and the outcome on the job."""
    job.status = ExportStatus.RUNNING
    job.save(update_fields=["status"])
    path = export_dir() / f"{job.user_id}-{job.token}{Path(job.file_name).suffix}"

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done)

    try:
        # The heavy reading goes to the read replica when there is one.
        with open_private(path) as handle, replica_reads():
            rows = write(handle, progress)
    except Exception as exc:
        path.unlink(missing_ok=True)
        if isinstance(exc, DomainError):
            message = str(exc.message)
        elif isinstance(exc, Http404 | PermissionDenied):
            message = _("You may no longer read what this export was to write.")
        else:
            # Logged with its traceback for the administrator; the user sees the job failed.
            logger.exception("Export %s failed", job.pk)
            message = _("The export stopped because of an error on the server. Try again.")
        _finish(job, ExportStatus.FAILED, message=message)
        return job
    job.path = str(path)
    job.done = job.total = rows
    _finish(job, ExportStatus.DONE)
    return job


def _finish(job: ExportJob, status: str, *, message: str = "") -> None:
    job.status = status
    job.message = message
    job.params = {}
    job.finished_at = timezone.now()
    job.save()


def purge_files(*, now: datetime | None = None) -> int:
    """Delete the exports written more than ``retention()`` ago, and files no job names;
    return how many exports were deleted."""
    now = now or timezone.now()
    removed = 0
    for job in ExportJob.objects.filter(finished_at__lt=now - retention()).exclude(path=""):
        Path(job.path).unlink(missing_ok=True)
        job.path = ""
        job.save(update_fields=["path"])
        removed += 1
    known = set(ExportJob.objects.exclude(path="").values_list("path", flat=True))
    remove_unknown(export_dir(), known=known, before=now - retention())
    return removed

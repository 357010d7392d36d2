"""Exports written by the background worker: a large roster or payment roll (issue 24)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Writing")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """One large export, written to a file in ``var/media/exports`` by the worker.

    The file holds what the export holds (full numbers when asked for and allowed): it is
    mode 0600, served only to the job's user, and deleted ``GUANAI_EXPORT_KEEP_HOURS`` (24)
    hours after it was written (``export_jobs.purge_files``, in ``purge_import_files``).
    ``params`` are what the writer needs (the filters, the roll, the purpose); they are
    emptied when the job ends, so that a searched ID number is not kept.
    """

    token = models.CharField(max_length=32, unique=True, editable=False)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    params = models.JSONField(default=dict, blank=True)
    file_name = models.CharField(max_length=200)
    path = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total:
            return 0
        return 100 * min(self.done, self.total) // self.total

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

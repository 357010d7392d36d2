"""The runs of the scheduled jobs: one row per job and scheduled time, so that a job runs
once however many workers and servers fire it (the row is claimed, the others skip)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunOutcome(models.TextChoices):
    RUNNING = "running", _("Running")
    OK = "ok", _("Done")
    FAILED = "failed", _("Failed")


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("On schedule")
    CATCH_UP = "catch_up", _("Caught up at start")
    MANUAL = "manual", _("Run now")


class JobRun(models.Model):
    job = models.CharField(_("job"), max_length=40)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    trigger = models.CharField(
        _("trigger"), max_length=10, choices=RunTrigger.choices, default=RunTrigger.SCHEDULE
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=RunOutcome.choices, default=RunOutcome.RUNNING
    )
    message = models.TextField(_("message"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-scheduled_for", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "scheduled_for"], name="job_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.scheduled_for:%Y-%m-%d %H:%M}"

"""The delivery log: every message sent outside the app, its fate and its retries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.notify.models.prefs import Channel
from guanai.orgs.models import OrgUnit


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, to retry")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    # The message's own key (e.g. "digest:email:12:2026-12-07", "now:email:345"): a job run
    # twice queues it once.
    key = models.CharField(max_length=160, unique=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    notifications = models.ManyToManyField(
        "notify.Notification", related_name="deliveries", blank=True
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    response = models.TextField(_("provider's answer"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_try_at"], name="delivery_due")]

    def __str__(self) -> str:
        return self.key

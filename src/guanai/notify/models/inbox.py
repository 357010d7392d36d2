"""The in-app inbox: one row per event and recipient.

A notification keeps no sentence: it keeps what its kind needs to say it (a count, the
names of persons at most, a few plain parameters) and the page where the work is done, and
the kind writes the sentence in the reader's language (``notify.kinds``). So no message can
carry an ID or phone number that its kind did not put there, and the test of point 4 runs
over the kinds' sentences.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.orgs.models import OrgUnit


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40)
    # The event's own key within its kind (e.g. "2026-W49", "report:12:returned:2026-12-03"):
    # the same event never notifies the same person twice.
    key = models.CharField(_("key"), max_length=120)
    # The unit the event belongs to (a unit's group robot hears its units' events).
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    # Persons' names only, never a number (point 4); at most a few.
    names = models.JSONField(_("names"), default=list, blank=True)
    # Plain words and dates the kind's sentence uses (a month, a unit's name).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # When the e-mail, SMS or robot copy went out (immediately if urgent, else in a digest).
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "archived_at", "read_at"], name="notification_inbox"),
            models.Index(fields=["sent_at", "recipient"], name="notification_to_send"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.recipient_id}"

"""Early warnings (关爱预警)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person


class WarningKind(models.TextChoices):
    NO_CARE = "no_care", _("No care record for a long time")
    NO_PARENT_CONTACT = "no_parent_contact", _("No contact with a parent")
    PLAN_UNREVIEWED = "plan_unreviewed", _("Plan past its end without a review")
    LOW_MOOD = "low_mood", _("Low mood three times in a row")
    PAIRING_GAP = "pairing_gap", _("Pairing ended without a replacement")
    HIGH_RISK_UNCONTACTED = "high_risk", _("High-risk person not contacted this week")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class CareWarning(models.Model):
    """An early warning about a person, explained in a sentence; a leader acknowledges it.

    ``key`` names what was found (kind, person and the fact's date), so finding the same
    thing again does not raise a second warning; when the cause is gone the warning is
    resolved.
    """

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="care_warnings")
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    key = models.CharField(max_length=100, unique=True)
    message = models.CharField(_("explanation"), max_length=300)
    raised_on = models.DateField(_("raised on"))
    status = models.CharField(
        _("status"), max_length=12, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-raised_on", "-pk"]
        # The lists read a status newest first: in this order PostgreSQL walks the index
        # and stops at the page, instead of sorting every warning of a county.
        indexes = [
            models.Index(fields=["status", "-raised_on", "-id"], name="warning_status_recent")
        ]

    def __str__(self) -> str:
        return self.message

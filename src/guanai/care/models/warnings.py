"""Early warnings (关爱预警)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanai.core.locking import Versioned
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
    CLOSED = "closed", _("Closed")


class WarningOutcome(models.TextChoices):
    """What came of a warning, chosen when it is closed (with a sentence of its own)."""

    VISITED = "visited", _("Visited or talked with the person")
    HELP_ARRANGED = "help_arranged", _("Help arranged")
    REFERRED = "referred", _("Referred to another body")
    NO_ACTION = "no_action", _("Checked: no action needed")
    OTHER = "other", _("Other")


class CareWarning(Versioned):
    """An early warning about a person, explained in a sentence; a leader acknowledges it.

    A leader may also give it to a helper or worker as a task (``assigned_to``, with a note
    and a due date); the leader or the assignee closes it with an outcome. A closed warning
    keeps its outcome: the detection neither resolves nor reopens it.

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
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_warnings_assigned",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    assignment_note = models.CharField(_("task note"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=WarningOutcome.choices, blank=True
    )
    outcome_note = models.CharField(_("what came of it"), max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-raised_on", "-pk"]
        # The lists read a status newest first: in this order PostgreSQL walks the index
        # and stops at the page, instead of sorting every warning of a county.
        indexes = [
            models.Index(fields=["status", "-raised_on", "-id"], name="warning_status_recent")
        ]
        constraints = [
            # A closed warning always says what came of it (issue 14).
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(outcome=""),
                name="warning_closed_has_outcome",
            )
        ]

    def __str__(self) -> str:
        return self.message

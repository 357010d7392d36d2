"""Supervision visits (督查) and the rectifications they require (整改) to a deadline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanai.core.locking import Versioned
from guanai.core.photos import PhotoFields
from guanai.orgs.models import OrgUnit


class CheckVerdict(models.TextChoices):
    OK = "ok", pgettext_lazy("check", "In order")
    ISSUE = "issue", pgettext_lazy("check", "Problem found")
    NOT_CHECKED = "not_checked", pgettext_lazy("check", "Not checked")


class RectificationStatus(models.TextChoices):
    # Required, nothing reported yet (or a report sent back).
    OPEN = "open", pgettext_lazy("rectification", "To rectify")
    # The unit reported what it did; the office has not decided.
    REPORTED = "reported", pgettext_lazy("rectification", "Reported, awaiting acceptance")
    RETURNED = "returned", pgettext_lazy("rectification", "Sent back")
    # Accepted by the office: closed.
    ACCEPTED = "accepted", pgettext_lazy("rectification", "Accepted")


class ReportDecision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("rectification report", "Awaiting decision")
    ACCEPTED = "accepted", pgettext_lazy("rectification report", "Accepted")
    RETURNED = "returned", pgettext_lazy("rectification report", "Sent back")


class Visit(Versioned):
    """A supervision visit by a unit's office (``org_unit``) to a unit below (``inspected``)."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("supervising unit"), on_delete=models.PROTECT, related_name="+"
    )
    inspected = models.ForeignKey(
        OrgUnit, verbose_name=_("unit visited"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("date of visit"))
    team = models.CharField(_("who went"), max_length=200)
    summary = models.TextField(_("summary"), max_length=3000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.inspected} · {self.visited_on}"


class VisitCheck(models.Model):
    """One line of the visit's checklist, with the figure the data showed when it was drawn
    from an indicator or a record (``source`` names it), and the verdict."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="checks")
    label = models.CharField(_("what was checked"), max_length=200)
    # A registered checklist source (``governance.supervision.checklist``) or "" when typed.
    source = models.CharField(max_length=60, blank=True)
    figure = models.CharField(_("figure"), max_length=100, blank=True)
    verdict = models.CharField(
        _("verdict"), max_length=12, choices=CheckVerdict.choices, default=CheckVerdict.OK
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Rectification(Versioned):
    """A finding of a visit and the rectification required of a unit by a deadline."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="rectifications")
    # The unit that must rectify: the unit visited or one below it.
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit to rectify"), on_delete=models.PROTECT, related_name="+"
    )
    finding = models.TextField(_("finding"), max_length=1000)
    required = models.TextField(_("rectification required"), max_length=1000)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    # Set when the office accepts: the day the accepted report was sent decides whether
    # it was rectified on time.
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["deadline", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted")
                | (Q(accepted_at__isnull=False) & Q(rectified_on__isnull=False)),
                name="governance_rectification_accepted",
            ),
        ]

    def __str__(self) -> str:
        return self.finding[:40]


class RectificationReport(models.Model):
    """What the unit reports it did, with evidence, and the office's decision on it."""

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="reports"
    )
    text = models.TextField(_("what was done"), max_length=2000)
    link = models.CharField(_("linked record"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    # The day in Asia/Shanghai the report was sent, compared with the deadline.
    submitted_on = models.DateField()
    decision = models.CharField(
        max_length=10, choices=ReportDecision.choices, default=ReportDecision.PENDING
    )
    decision_note = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="returned") | ~Q(decision_note=""),
                name="governance_report_returned_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rectification} · {self.submitted_on}"


class RectificationPhoto(PhotoFields):
    report = models.ForeignKey(RectificationReport, on_delete=models.CASCADE, related_name="photos")

    class Meta(PhotoFields.Meta):
        pass
